package org.zarrrelay.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.npy.NpyReader;
import org.zarrrelay.job.JobStatus;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * A CLI import in another process and a returned file handled by serve, both on the whole array
 * at once, never mix chunk by chunk: they take the store's lock in turn, and whichever comes
 * second sees the first (the relay's write-back then meets changes it did not make, and refuses).
 */
class CliAndRelayRaceTest {
    @TempDir
    Path dir;

    @Test
    void aCliImportAndAReturnOnOneRegionDoNotMix() throws Exception {
        for (int round = 0; round < 3; round++) {
            Path data = dir.resolve("data" + round);
            try (RelayHarness h = new RelayHarness(data)) {
                h.makeStore("img.zarr", DataType.UINT16);
                h.request("a.json", "{\"id\": \"a\", \"store\": \"img.zarr\", \"array\": \"0\", \"region\": \":,:,:\","
                        + " \"format\": \"npy\"}");
                h.awaitState("a", JobStatus.EXPORTED);
                Volume a = NpyReader.read(h.folders.exports().resolve("a.npy"));
                Volume b = Volume.allocate(DataType.UINT16, a.shape());
                for (int i = 0; i < a.elementCount(); i++) {
                    a.setLong(i, 1000 + i % 7);
                    b.setLong(i, 2000 + i % 5);
                }
                Path fileA = dir.resolve("a" + round + ".npy");
                Path fileB = dir.resolve("b" + round + ".npy");
                RelayHarness.writeNpy(fileA, a);
                RelayHarness.writeNpy(fileB, b);

                List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), "org.zarrrelay.cli.Main", "import",
                        "--store", data.resolve("img.zarr").toString(), "--array", "0", "--in", fileB.toString(),
                        "--offset", "0,0,0", "--data", dir.resolve("cli-data" + round).toString()));
                Process cli = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("cli" + round + ".log").toFile()).start();
                Thread.sleep(round * 300L);
                h.returnFile("a-result.npy", fileA);
                assertTrue(cli.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, cli.exitValue(), java.nio.file.Files.readString(dir.resolve("cli" + round + ".log")));
                JobStatus s = h.awaitStatus("a", st -> JobStatus.WRITTEN_BACK.equals(st.state())
                        || JobStatus.CONFLICT.equals(st.state()), "end its write-back");

                Volume now = ZarrArray.open(new FileSystemStore(data.resolve("img.zarr")), "0")
                        .read(new long[3], new int[] {20, 30, 40});
                // first a then b: b is placed over a; first b then a: a meets b's change of every voxel and is refused
                assertArrayEquals(b.data(), now.data(), "round " + round + ": the store is the CLI's file, whole ("
                        + s.state() + ")");
            }
        }
    }
}
