package org.zarrrelay.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job state the embedded ledger has committed survives the process being killed right after
 * (SIGKILL: no shutdown hook, no close), as a relay killed by the OOM killer or kill -9 is. H2
 * writes commits to its file up to half a second late unless told otherwise.
 */
class LedgerKillTest {
    @TempDir
    Path data;

    /** Runs in a child JVM: records a job, moves it on, says so, and waits to be killed. */
    public static final class Child {
        public static void main(String[] args) throws InterruptedException {
            JdbcJobLedger ledger = new JdbcJobLedger(JdbcJobLedger.h2Url(Path.of(args[0])), "", "");
            Thread.sleep(700);  // open a while before the job changes, as in serve
            ledger.recordNew(new JobStatus("killed-1", JobStatus.ACCEPTED, "s.zarr", "0", "0:1", "npy", null, "accepted"));
            ledger.record(new JobStatus("killed-1", JobStatus.EXPORTED, "s.zarr", "0", "0:1", "npy", "x.npy", "exported"));
            System.out.println("recorded");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void aStateCommittedJustBeforeAKillIsThereAfterIt() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), Child.class.getName(), data.toString());
        pb.redirectErrorStream(true);
        Process child = pb.start();
        try {
            String line = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    return out.lines().filter(l -> l.equals("recorded") || l.contains("Exception")).findFirst()
                            .orElse("the child ended without a word");
                }
            });
            assertEquals("recorded", line);
        } finally {
            child.destroyForcibly();  // SIGKILL
            child.waitFor();
        }
        // H2 finds the dead process's lock file and takes the database over (a few seconds)
        try (JdbcJobLedger ledger = new JdbcJobLedger(JdbcJobLedger.h2Url(data), "", "")) {
            JobStatus s = ledger.find("killed-1");
            assertNotNull(s, "the job the killed process recorded is gone");
            assertEquals(JobStatus.EXPORTED, s.state());
        }
    }
}
