package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.npy.NpyReader;
import org.zarrrelay.job.Job;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.job.RegionRequest;
import org.zarrrelay.job.WriteBack;
import org.zarrrelay.job.WritebackOptions;
import org.zarrrelay.job.WritebackService;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;

/**
 * The state a relay leaves when it dies after a write-back's commit record and before the ledger
 * heard of it: whoever locks the store next records the job as written back, and the returned
 * file, taken again from returns/, is recognised as the one written and archived, not refused.
 */
class CommittedButUnrecordedTest {
    @TempDir
    Path dir;

    @Test
    void theNextOpenerRecordsTheWriteBackAndTheFileTakenAgainIsArchived() throws Exception {
        Path data = dir.resolve("data");
        RelayHarness.makeStore(data, "img.zarr", DataType.UINT16);
        RelaySettings settings = RelaySettings.load(null, Map.of(), Map.of("relay.data", data.toString(),
                "relay.sample", "false"));
        Path returned = Files.createDirectories(data.resolve("returns")).resolve("dead-1-result.npy");
        try (RelayContext ctx = RelayContext.forCli(settings, null)) {
            Job job = ctx.roundTrip().exportTo(new RegionRequest("dead-1", "img.zarr", "0", "0:8,0:8,0:8",
                    Formats.byName("npy"), null, null, WritebackOptions.NONE), dir.resolve("dead-1.npy"));
            Volume v = NpyReader.read(dir.resolve("dead-1.npy"));
            v.setLong(0, 4242);
            RelayHarness.writeNpy(returned, v);
            // the transaction alone, committed; the process "dies" before the ledger is told
            String location = ctx.roundTrip().storeOf("dead-1");
            new WriteBack(new WritebackService(), false, "dead-worker").run(job, ctx.opener().store(location),
                    ctx.opener().executor(location), returned, WritebackOptions.NONE, null, (d, t) -> { });
            assertEquals(JobStatus.EXPORTED, ctx.jobs().find("dead-1").state());
        }
        try (RelayHarness h = new RelayHarness(data)) {
            h.awaitState("dead-1", JobStatus.WRITTEN_BACK);
            RelayHarness.await(h.folders.archive().resolve("dead-1-result.npy"));
            assertTrue(!Files.exists(h.folders.failed().resolve("dead-1-result.npy.error.txt")), "not refused as a second result");
            assertEquals(4242, org.zarrrelay.zarr.ZarrArray.open(new org.zarrrelay.zarr.store.FileSystemStore(
                    data.resolve("img.zarr")), "0").read(new long[3], new int[] {1, 1, 1}).getLong(0));
        }
    }
}
