package org.zarrrelay.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running job's status carries its phase and bytes: at each new phase, then at most once a second. */
class ReportedProgressTest {
    @TempDir
    Path dir;

    @Test
    void phasesAndBytesReachTheStatusAtMostOnceASecond() throws Exception {
        try (JdbcJobLedger ledger = new JdbcJobLedger(JdbcJobLedger.h2Url(dir), "", "")) {
            Jobs jobs = new Jobs(ledger, new StatusStore(Files.createDirectories(dir.resolve("status"))), JobListener.NONE, "w");
            JobStatus running = new JobStatus("j", JobStatus.EXPORTED, "img.zarr", "0", "0:4,0:4,0:4", "tiff", null,
                    "writing back j.tif");
            long[] now = {10_000};
            ReportedProgress p = new ReportedProgress(jobs, running, JobProgress.Phase.CHECKING, () -> now[0]);
            p.phase(JobProgress.Phase.WRITING);
            assertEquals(new JobProgress("writing", 0, 0), jobs.find("j").progress());
            now[0] += 400;
            p.update(100, 1000);
            assertEquals(new JobProgress("writing", 100, 1000), jobs.find("j").progress(), "the first count: the total");
            now[0] += 400;
            p.update(200, 1000);
            assertEquals(new JobProgress("writing", 100, 1000), jobs.find("j").progress(), "not within a second");
            now[0] += 700;
            p.update(300, 1000);
            JobStatus s = jobs.find("j");
            assertEquals(new JobProgress("writing", 300, 1000), s.progress());
            assertEquals(30, s.progress().percent());
            assertEquals(JobStatus.EXPORTED, s.state(), "the job's state is kept");
            assertEquals("writing back j.tif", s.message());
            String file = Files.readString(dir.resolve("status/j.json"));
            assertEquals(true, file.contains("\"phase\" : \"writing\"") && file.contains("\"done\" : 300"), file);
            p.phase(JobProgress.Phase.PYRAMID);
            assertEquals(new JobProgress("pyramid", 0, 0), jobs.find("j").progress());
            // the job's next state replaces it without progress
            jobs.record(new JobStatus("j", JobStatus.WRITTEN_BACK, "img.zarr", "0", "0:4,0:4,0:4", "tiff", null, "done"));
            assertNull(jobs.find("j").progress());
        }
    }
}
