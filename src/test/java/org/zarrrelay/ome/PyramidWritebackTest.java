package org.zarrrelay.ome;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.VolumeReader;
import org.zarrrelay.job.RequestException;
import org.zarrrelay.job.WritebackService;
import org.zarrrelay.volume.BoxCopy;
import org.zarrrelay.volume.Casts;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Region;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.Hierarchy;
import org.zarrrelay.zarr.NewArray;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * After a write-back into level 0, every coarser level equals what downsampling the whole new
 * level 0 would give, although only the changed box was recomputed; voxels of every level outside
 * the affected box keep their values.
 */
class PyramidWritebackTest {
    @TempDir
    Path dir;

    /** A 3-level image with anisotropic factors (1,2,2) then (2,2,2), shapes not multiples of them, small chunks. */
    private FileSystemStore image(int zarrFormat, String type) {
        FileSystemStore store = new FileSystemStore(dir.resolve("img" + zarrFormat + ".zarr"));
        ObjectNode attrs = JsonNodeFactory.instance.objectNode();
        ObjectNode ms = (zarrFormat == 3 ? attrs.putObject("ome").put("version", "0.5") : attrs).putArray("multiscales").addObject();
        if (zarrFormat == 2) {
            ms.put("version", "0.4");
        }
        ArrayNode axes = ms.putArray("axes");
        for (String a : new String[] {"z", "y", "x"}) {
            axes.addObject().put("name", a).put("type", "space").put("unit", "micrometer");
        }
        double[][] scales = {{1, 0.5, 0.5}, {1, 1, 1}, {2, 2, 2}};
        ArrayNode datasets = ms.putArray("datasets");
        for (int l = 0; l < 3; l++) {
            ArrayNode scale = datasets.addObject().put("path", "s" + l).putArray("coordinateTransformations")
                    .addObject().put("type", "scale").putArray("scale");
            for (double s : scales[l]) {
                scale.add(s);
            }
        }
        if (type != null) {
            ms.put("type", type);
        }
        attrs.putObject("omero").put("name", "keep me");
        Hierarchy.createGroup(store, "", zarrFormat, attrs);
        Volume level = Volume.allocate(DataType.UINT16, 21, 37, 43);
        Random rnd = new Random(5);
        for (int i = 0; i < level.elementCount(); i++) {
            level.setLong(i, rnd.nextInt(60000));
        }
        int[][] factors = {{1, 2, 2}, {2, 2, 2}};
        for (int l = 0; l < 3; l++) {
            int[] s = level.shape();
            ZarrArray a = ZarrArray.create(store, "s" + l, NewArray.of(zarrFormat, new long[] {s[0], s[1], s[2]},
                    new int[] {4, 8, 8}, DataType.UINT16, "zstd:1").toMetadata());
            a.write(new long[3], level);
            if (l < 2) {
                level = Downsampling.MEAN.apply(level, factors[l]);
            }
        }
        return store;
    }

    private static VolumeReader reader(Volume v) {
        return new VolumeReader() {
            public DataType dtype() {
                return v.dtype();
            }

            public long[] shape() {
                int[] s = v.shape();
                return new long[] {s[0], s[1], s[2]};
            }

            public Volume readSlab(long start, int count) {
                int[] s = v.shape();
                Volume part = Volume.allocate(v.dtype(), count, s[1], s[2]);
                BoxCopy.copy(v, new int[] {(int) start, 0, 0}, part, new int[3], part.shape());
                return part;
            }

            public void close() {
            }
        };
    }

    private static Volume whole(ZarrArray a) {
        long[] s = a.metadata().shape();
        return a.read(new long[3], new int[] {(int) s[0], (int) s[1], (int) s[2]});
    }

    @Test
    void everyLevelMatchesAFullRecomputeInBothVersions() {
        for (int format : new int[] {2, 3}) {
            FileSystemStore store = image(format, null);
            Volume patch = Volume.allocate(DataType.UINT16, 9, 17, 23);
            new Random(format).ints(patch.elementCount(), 0, 65535).forEach(new java.util.function.IntConsumer() {
                int i;

                public void accept(int v) {
                    patch.setLong(i++, v);
                }
            });
            ZarrArray level0 = ZarrArray.open(store, "s0");
            Region box = Region.of(new long[] {3, 11, 5}, new int[] {9, 17, 23});
            // a tiny slab budget so the update also goes slab by slab
            new WritebackService(4096, Downsampling.MEAN)
                    .write(level0, box, reader(patch), "patch", Casts.Mode.LOSSLESS, null, (d, t) -> { });
            Volume expected = whole(ZarrArray.open(store, "s0"));
            int[][] factors = {{1, 2, 2}, {2, 2, 2}};
            for (int l = 1; l < 3; l++) {
                expected = Downsampling.MEAN.apply(expected, factors[l - 1]);
                assertArrayEquals(expected.data(), whole(ZarrArray.open(store, "s" + l)).data(), "v" + format + " level " + l);
            }
            assertTrue(new String(store.get(format == 3 ? "zarr.json" : ".zattrs")).contains("keep me"));
        }
    }

    @Test
    void theConfiguredDefaultMethodIsUsedWhenTheMetadataDeclaresNone() {
        FileSystemStore store = image(3, null);
        Volume patch = Volume.allocate(DataType.UINT16, 21, 37, 43);
        for (int i = 0; i < patch.elementCount(); i++) {
            patch.setLong(i, (i * 7919L) % 65536);
        }
        new WritebackService(1 << 20, Downsampling.NEAREST).write(
                ZarrArray.open(store, "s0"), Region.of(new long[3], new int[] {21, 37, 43}), reader(patch), "patch",
                Casts.Mode.LOSSLESS, null, (d, t) -> { });
        Volume nearest = Downsampling.NEAREST.apply(patch, new int[] {1, 2, 2});
        assertArrayEquals(nearest.data(), whole(ZarrArray.open(store, "s1")).data());
        Volume mean = Downsampling.MEAN.apply(patch, new int[] {1, 2, 2});
        assertTrue(!java.util.Arrays.equals(mean.data(), nearest.data()), "the two methods differ on this data");
    }

    @Test
    void aCoarserLevelIsRefusedUnlessAskedAndThenOnlyCoarserLevelsChange() {
        FileSystemStore store = image(3, "mean");
        ZarrArray level1 = ZarrArray.open(store, "s1");
        Volume level0Before = whole(ZarrArray.open(store, "s0"));
        Volume patch = Volume.allocate(DataType.UINT16, 4, 4, 4);
        patch.fill(new byte[] {1, 0});
        WritebackService wb = new WritebackService();
        Region box = Region.of(new long[] {2, 2, 2}, new int[] {4, 4, 4});
        RequestException e = assertThrows(RequestException.class,
                () -> wb.write(level1, box, reader(patch), "patch", Casts.Mode.LOSSLESS, null, (d, t) -> { }));
        assertTrue(e.getMessage().contains("this-and-coarser"), e.getMessage());
        wb.write(level1, box, reader(patch), "patch", Casts.Mode.LOSSLESS, org.zarrrelay.job.Levels.THIS_AND_COARSER, (d, t) -> { });
        assertArrayEquals(level0Before.data(), whole(ZarrArray.open(store, "s0")).data(), "level 0 untouched");
        Volume expected2 = Downsampling.MEAN.apply(whole(ZarrArray.open(store, "s1")), new int[] {2, 2, 2});
        assertArrayEquals(expected2.data(), whole(ZarrArray.open(store, "s2")).data());
    }

    @Test
    void aNonIntegerFactorIsRefusedBeforeAnythingIsWritten() {
        FileSystemStore store = image(2, null);
        String attrs = new String(store.get(".zattrs")).replace("[ 2.0, 2.0, 2.0 ]", "[ 2.0, 2.0, 1.5 ]")
                .replace("[2.0,2.0,2.0]", "[2.0,2.0,1.5]");
        store.put(".zattrs", attrs.getBytes());
        Volume before = whole(ZarrArray.open(store, "s0"));
        Volume patch = Volume.allocate(DataType.UINT16, 2, 2, 2);
        OmeException e = assertThrows(OmeException.class, () -> new WritebackService().write(ZarrArray.open(store, "s0"),
                Region.of(new long[3], new int[] {2, 2, 2}), reader(patch), "patch", Casts.Mode.LOSSLESS, null, (d, t) -> { }));
        assertTrue(e.getMessage().contains("1.5") && e.getMessage().contains("nothing was written"), e.getMessage());
        assertArrayEquals(before.data(), whole(ZarrArray.open(store, "s0")).data());
    }
}
