package org.zarrrelay.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Region;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.NewArray;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * An export goes slab by slab: the file and its checksum must be the region's voxels in order
 * however the budget cuts the region, and a slab that cannot be read fails the export with a
 * message naming the chunk, and leaves no file.
 */
class ExportSlabsTest {
    @TempDir
    Path dir;

    private ZarrArray array() {
        return filled(dir.resolve("a.zarr"));
    }

    /** A 40 x 24 x 24 uint16 array in 4 x 8 x 8 chunks, every voxel different from its neighbours. */
    static ZarrArray filled(Path store) {
        ZarrArray a = ZarrArray.create(new FileSystemStore(store), "",
                NewArray.of(3, new long[] {40, 24, 24}, new int[] {4, 8, 8}, DataType.UINT16, "blosc:lz4:5:shuffle").toMetadata());
        Volume v = Volume.allocate(DataType.UINT16, 40, 24, 24);
        for (int i = 0; i < 40 * 24 * 24; i++) {
            v.setLong(i, (i * 7919L) & 0xffff);
        }
        a.write(new long[] {0, 0, 0}, v);
        return a;
    }

    @Test
    void everyCutGivesTheSameFileAndChecksum() throws Exception {
        ZarrArray a = array();
        Region region = Region.parse("3:37,2:23,5:24", a.metadata().shape());
        Volume expected = a.read(region.offset(), region.shape());
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(expected.data());
        String checksum = String.format("%08x", crc.getValue());
        long layer = 4L * 21 * 19 * 2;  // one chunk layer of the region
        // one chunk layer a slab (the first one short), two layers, one slab for the whole region
        for (long budget : List.of(layer, 2 * layer, 64L << 20)) {
            Path out = dir.resolve("cut-" + budget + ".npy");
            ExportService.Result r = new ExportService(budget, ArrayOpener.DEFAULT)
                    .export(a, region, Formats.byName("npy"), out, "j", Progress.NONE);
            assertEquals(checksum, r.crc32(), "budget " + budget);
            try (VolumeReader in = Formats.forPath(out).open(out)) {
                assertArrayEquals(expected.data(), in.readSlab(0, 34).data(), "budget " + budget);
            }
        }
    }

    @Test
    void aSlabThatCannotBeReadFailsTheExportAndLeavesNoFile() throws Exception {
        ZarrArray a = array();
        // damage a chunk of the third layer: the first two are written by then
        Path chunk = dir.resolve("a.zarr/c/2/1/1");
        assertTrue(Files.exists(chunk));
        Files.write(chunk, new byte[] {1, 2, 3});
        Region region = Region.parse("0:40,0:24,0:24", a.metadata().shape());
        Path out = dir.resolve("broken.npy");
        RuntimeException e = assertThrows(RuntimeException.class, () -> new ExportService(4L * 24 * 24 * 2 * 2,
                ArrayOpener.DEFAULT).export(a, region, Formats.byName("npy"), out, "j", Progress.NONE));
        assertTrue(e.getMessage().contains("c/2/1/1"), e.getMessage());
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().contains("broken")).toList());
        }
    }
}
