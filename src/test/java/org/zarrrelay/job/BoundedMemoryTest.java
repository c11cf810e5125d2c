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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.zarrrelay.ome.Downsampling;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.Hierarchy;
import org.zarrrelay.zarr.NewArray;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * Export and write-back work tile by tile: 256 MB regions, deep or wide, go out and back in a JVM
 * whose whole heap is 64 MB (the CLI runs in a child process started with -Xmx64m).
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

    /** An OME-Zarr image with levels s0 (32 x 2048 x 2048 uint16, 32^3 chunks) and s1 (2x smaller), s0 filled when asked. */
    private ZarrArray[] wideImage(String name, boolean fill) {
        FileSystemStore store = new FileSystemStore(dir.resolve(name));
        ObjectNode attrs = JsonNodeFactory.instance.objectNode();
        ObjectNode ms = attrs.putObject("ome").put("version", "0.5").putArray("multiscales").addObject();
        ArrayNode axes = ms.putArray("axes");
        for (String a : new String[] {"z", "y", "x"}) {
            axes.addObject().put("name", a).put("type", "space").put("unit", "micrometer");
        }
        ArrayNode datasets = ms.putArray("datasets");
        for (int l = 0; l < 2; l++) {
            datasets.addObject().put("path", "s" + l).putArray("coordinateTransformations").addObject().put("type", "scale")
                    .putArray("scale").add(1 << l).add(1 << l).add(1 << l);
        }
        Hierarchy.createGroup(store, "", 3, attrs);
        ZarrArray s0 = ZarrArray.create(store, "s0", NewArray.of(3, new long[] {32, W, W}, new int[] {32, 32, 32},
                DataType.UINT16, "blosc:lz4:5:shuffle").toMetadata());
        ZarrArray s1 = ZarrArray.create(store, "s1", NewArray.of(3, new long[] {16, W / 2, W / 2}, new int[] {32, 32, 32},
                DataType.UINT16, "blosc:lz4:5:shuffle").toMetadata());
        for (int y0 = 0; fill && y0 < W; y0 += 128) {
            Volume rows = Volume.allocate(DataType.UINT16, 32, 128, W);
            int i = 0;
            for (int z = 0; z < 32; z++) {
                for (int y = y0; y < y0 + 128; y++) {
                    for (int x = 0; x < W; x++) {
                        rows.setLong(i++, value(z, y, x));
                    }
                }
            }
            s0.write(new long[] {0, y0, 0}, rows);
        }
        return new ZarrArray[] {s0, s1};
    }

    private static final int W = 2048;

    /**
     * One chunk layer of this region (32 planes of 8 MB = 256 MB) is four times the 64 MB heap: it
     * is moved in tiles cut along y as well, through a staging file, out to a .npy and back into
     * another image with its coarser level recomputed.
     */
    @Test
    void aRegionWhoseChunkLayerIsFourTimesTheHeapMovesInTiles() throws Exception {
        wideImage("wide.zarr", true);
        Path tif = dir.resolve("wide.npy");
        int status = cli("export", "--store", dir.resolve("wide.zarr").toString(), "--array", "s0", "--region",
                "0:32,0:2048,0:2048", "--out", tif.toString());
        assertEquals(0, status, Files.readString(dir.resolve("cli.log")));
        ZarrArray[] copy = wideImage("copy.zarr", false);
        status = cli("import", "--store", dir.resolve("copy.zarr").toString(), "--array", "s0", "--in", tif.toString(),
                "--offset", "0,0,0");
        assertEquals(0, status, Files.readString(dir.resolve("cli.log")));
        for (int z : new int[] {0, 17, 31}) {
            Volume plane = copy[0].read(new long[] {z, 0, 0}, new int[] {1, W, W});
            Volume expected = Volume.allocate(DataType.UINT16, 1, W, W);
            for (int i = 0; i < W * W; i++) {
                expected.setLong(i, value(z, i / W, i % W));
            }
            assertArrayEquals(expected.data(), plane.data(), "plane " + z);
        }
        Volume pair = copy[0].read(new long[] {16, 0, 0}, new int[] {2, W, W});
        assertArrayEquals(Downsampling.MEAN.apply(pair, new int[] {2, 2, 2}).data(),
                copy[1].read(new long[] {8, 0, 0}, new int[] {1, W / 2, W / 2}).data(), "level s1 recomputed");
    }

    /**
     * Files are written and read in whole planes: a region whose one plane (4096 x 4096 uint16 =
     * 32 MB) a 64 MB heap cannot hold twice is refused up front with the numbers and the remedies,
     * not an OutOfMemoryError halfway, and nothing is written.
     */
    @Test
    void aPlaneTooWideForTheHeapIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path store = dir.resolve("wide.zarr");
        ZarrArray.create(new FileSystemStore(store), "",
                NewArray.of(3, new long[] {4, 4096, 4096}, new int[] {32, 32, 32}, DataType.UINT16, "blosc:lz4:5:shuffle")
                        .toMetadata());
        Path out = dir.resolve("wide.tif");
        int status = cli("export", "--store", store.toString(), "--region", "0:4,0:4096,0:4096", "--out", out.toString());
        String log = Files.readString(dir.resolve("cli.log"));
        assertEquals(2, status, log);
        assertTrue(log.contains("one plane of this region holds 32 MB") && log.contains("-Xmx") && log.contains("narrower"),
                log);
        assertTrue(!log.contains("OutOfMemoryError") && !log.contains("\tat "), "no stack trace: " + log);
        assertTrue(Files.notExists(out), "no file");
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(".wide")).toList(), "no temp file");
        }
        try (var base = Files.walk(store)) {
            assertEquals(List.of(), base.filter(p -> p.toString().contains("/base/")).toList(), "no merge base");
        }

        // the same region from a file: refused by the checks, the store untouched
        Path npy = dir.resolve("wide.npy");
        try (var ch = java.nio.channels.FileChannel.open(npy, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            String header = "{'descr': '<u2', 'fortran_order': False, 'shape': (4, 4096, 4096), }";
            header = header + " ".repeat(127 - 10 - header.length()) + "\n";
            java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(128).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            head.put((byte) 0x93).put("NUMPY".getBytes()).put((byte) 1).put((byte) 0).putShort((short) (118))
                    .put(header.getBytes());
            ch.write(head.flip());
            ch.write(java.nio.ByteBuffer.allocate(1), 2L * 4 * 4096 * 4096 + 127);  // sparse: takes no disk
        }
        status = cli("import", "--store", store.toString(), "--in", npy.toString(), "--offset", "0,0,0");
        log = Files.readString(dir.resolve("cli.log"));
        assertEquals(2, status, log);
        assertTrue(log.contains("32 MB") && log.contains("-Xmx"), log);
        try (var chunks = Files.walk(store)) {
            assertEquals(List.of(), chunks.filter(p -> p.getFileName().toString().matches("c|\\d+") && Files.isRegularFile(p))
                    .toList(), "no chunk written");
        }
    }
}
