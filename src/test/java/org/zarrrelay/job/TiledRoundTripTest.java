package org.zarrrelay.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.VolumeFormat;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.format.npy.NpyWriter;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Region;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.ZarrArray;

/**
 * A slab budget smaller than one chunk layer of the region: export and write-back move the region
 * in tiles cut along every axis through a staging file, and the file, its checksum, the merge
 * with a later edit, the conflict mask and the store must be exactly what whole slabs give.
 */
class TiledRoundTripTest {
    /** One chunk (4 x 8 x 8 uint16): every tile is a single chunk. */
    private static final long ONE_CHUNK = 4 * 8 * 8 * 2;

    @TempDir
    Path dir;

    private ZarrArray array() {
        return ExportSlabsTest.filled(dir.resolve("img.zarr"));
    }

    private String location() {
        return dir.resolve("img.zarr").toAbsolutePath().toString();
    }

    @Test
    void tilesGiveTheSameFileInEveryFormat() throws Exception {
        ZarrArray a = array();
        for (String text : List.of("3:37,2:23,5:24", "6,1:23,0:24", "0:40,9,3:21")) {
            Region region = Region.parse(text, a.metadata().shape());
            Volume expected = a.read(region.offset(), region.shape());
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(expected.data());
            for (VolumeFormat format : Formats.all()) {
                if (!format.supports(DataType.UINT16) || format.name().equals("dicom") && region.squeezedShape().length < 2) {
                    continue;
                }
                Path out = dir.resolve("r" + text.hashCode() + "." + format.extension());
                ExportService.Result r = new ExportService(ONE_CHUNK, ArrayOpener.DEFAULT)
                        .export(a, region, format, out, "j", Progress.NONE);
                String what = format.name() + " of " + text;
                assertEquals(String.format("%08x", crc.getValue()), r.crc32(), what);
                try (VolumeReader in = format.open(out)) {
                    assertArrayEquals(expected.data(), in.readSlab(0, (int) in.shape()[0]).data(), what);
                }
            }
        }
    }

    private Job export(String id, long budget) {
        ArrayOpener opener = new ArrayOpener(false, ChunkExecutor.shared());
        return new ExportService(budget, opener).exportJob(new RegionRequest(id, "img.zarr", "", "2:38,3:24,1:23",
                Formats.byName("npy"), null, null, WritebackOptions.NONE), "img.zarr", location(),
                dir.resolve(id + ".npy"), Progress.NONE);
    }

    /** The job's export with every voxel of the first 18 planes plus one: the result a user returns. */
    private Path result(String id) throws Exception {
        Volume v;
        try (VolumeReader in = Formats.byName("npy").open(dir.resolve(id + ".npy"))) {
            v = in.readSlab(0, 36);
        }
        int plane = 21 * 22;
        for (int i = 0; i < 18 * plane; i++) {
            v.setLong(i, (v.getLong(i) + 1) & 0xffff);
        }
        Path file = dir.resolve(id + "-result.npy");
        try (NpyWriter w = NpyWriter.open(file, DataType.UINT16, new long[] {36, 21, 22})) {
            w.writeSlab(v);
            w.commit();
        }
        return file;
    }

    private WriteBack.Result writeBack(Job job, Path file, long budget) {
        ArrayOpener opener = new ArrayOpener(false, ChunkExecutor.shared());
        return new WriteBack(new WritebackService(budget, org.zarrrelay.ome.Downsampling.MEAN), false, "test").run(job,
                opener.store(location()), opener.executor(location()), file, WritebackOptions.NONE,
                dir.resolve(job.id() + ".conflict.tif"), Progress.NONE);
    }

    private static void edit(ZarrArray a, int z, int y, int x, long value) {
        Volume one = Volume.allocate(DataType.UINT16, 1, 1, 1);
        one.setLong(0, value);
        a.write(new long[] {z, y, x}, one);
    }

    @Test
    void aTiledWriteBackMergesLaterEditsLikeAWholeSlabOne() throws Exception {
        ZarrArray a = array();
        Volume before = a.read(new long[3], new int[] {40, 24, 24});
        Job tiled = export("t", ONE_CHUNK);
        Path file = result("t");
        edit(a, 30, 10, 10, 4242);  // after the export, where the result kept the voxels: merged, kept
        WriteBack.Result r = writeBack(tiled, file, ONE_CHUNK);
        assertEquals(1, r.kept());
        Volume after = a.read(new long[3], new int[] {40, 24, 24});
        for (int z = 0; z < 40; z++) {
            for (int y = 0; y < 24; y++) {
                for (int x = 0; x < 24; x++) {
                    int i = (z * 24 + y) * 24 + x;
                    boolean inResult = z >= 2 && z < 38 && y >= 3 && x >= 1 && x < 23;
                    long want = z == 30 && y == 10 && x == 10 ? 4242
                            : inResult && z < 20 ? (before.getLong(i) + 1) & 0xffff : before.getLong(i);
                    if (after.getLong(i) != want) {
                        assertEquals(want, after.getLong(i), "voxel " + z + "," + y + "," + x);
                    }
                }
            }
        }
    }

    @Test
    void aTiledConflictWritesTheMaskAndNothingElse() throws Exception {
        ZarrArray a = array();
        Job job = export("c", ONE_CHUNK);
        Path file = result("c");
        edit(a, 5, 7, 9, 4242);  // where the result changed the voxel too: a conflict
        Volume before = a.read(new long[3], new int[] {40, 24, 24});
        ConflictException e = assertThrows(ConflictException.class, () -> writeBack(job, file, ONE_CHUNK));
        assertTrue(e.getMessage().contains("1 voxel(s)"), e.getMessage());
        assertArrayEquals(before.data(), a.read(new long[3], new int[] {40, 24, 24}).data(), "nothing written");
        try (VolumeReader mask = Formats.forPath(e.mask()).open(e.mask())) {
            Volume m = mask.readSlab(0, 36);
            int marked = 0;
            for (int i = 0; i < m.elementCount(); i++) {
                if (m.getLong(i) != 0) {
                    marked++;
                    assertEquals(((5 - 2) * 21 + (7 - 3)) * 22 + (9 - 1), i, "the conflicting voxel, in file coordinates");
                }
            }
            assertEquals(1, marked);
        }
    }
}
