package org.zarrrelay.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.NewArray;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * Export and write-back work slab by slab: a 256 MB region goes out and back in a JVM whose
 * whole heap is 64 MB (the CLI runs in a child process started with -Xmx64m).
 */
class BoundedMemoryTest {
    private static final int N = 512;
    private static final String HEAP = "-Xmx64m";

    @TempDir
    Path dir;

    private static int value(int z, int y, int x) {
        return (z * 7 + y * 3 + x) & 0xffff;
    }

    private int cli(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-cp", System.getProperty("java.class.path"), "org.zarrrelay.cli.Main"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--data", dir.resolve("data").toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("cli.log").toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the CLI finished in time");
        return p.exitValue();
    }

    @Test
    void aRegionFourTimesTheHeapExportsAndWritesBack() throws Exception {
        Path store = dir.resolve("big.zarr");
        ZarrArray array = ZarrArray.create(new FileSystemStore(store), "",
                NewArray.of(3, new long[] {N, N, N}, new int[] {32, 32, 32}, DataType.UINT16, "blosc:lz4:5:shuffle").toMetadata());
        for (int z0 = 0; z0 < N; z0 += 32) {
            Volume slab = Volume.allocate(DataType.UINT16, 32, N, N);
            int i = 0;
            for (int z = z0; z < z0 + 32; z++) {
                for (int y = 0; y < N; y++) {
                    for (int x = 0; x < N; x++) {
                        slab.setLong(i++, value(z, y, x));
                    }
                }
            }
            array.write(new long[] {z0, 0, 0}, slab);
        }
        Path npy = dir.resolve("all.npy");
        int status = cli("export", "--store", store.toString(), "--region", "0:512,0:512,0:512", "--format", "npy",
                "--out", npy.toString());
        assertEquals(0, status, Files.readString(dir.resolve("cli.log")));
        assertEquals(2L * N * N * N + 128, Files.size(npy));

        // write it into an empty array of the same shape: every voxel must arrive
        Path target = dir.resolve("empty.zarr");
        ZarrArray.create(new FileSystemStore(target), "",
                NewArray.of(3, new long[] {N, N, N}, new int[] {32, 32, 32}, DataType.UINT16, "blosc:lz4:5:shuffle").toMetadata());
        status = cli("import", "--store", target.toString(), "--in", npy.toString(), "--offset", "0,0,0");
        assertEquals(0, status, Files.readString(dir.resolve("cli.log")));
        ZarrArray back = ZarrArray.open(new FileSystemStore(target), "");
        for (int z : new int[] {0, 31, 32, 255, 511}) {
            Volume plane = back.read(new long[] {z, 0, 0}, new int[] {1, N, N});
            Volume expected = Volume.allocate(DataType.UINT16, 1, N, N);
            for (int i = 0; i < N * N; i++) {
                expected.setLong(i, value(z, i / N, i % N));
            }
            assertArrayEquals(expected.data(), plane.data(), "plane " + z);
        }
    }
}
