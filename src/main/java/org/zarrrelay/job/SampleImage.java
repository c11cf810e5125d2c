package org.zarrrelay.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.zarrrelay.ome.Downsampling;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.Hierarchy;
import org.zarrrelay.zarr.NewArray;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.Store;

/**
 * A synthetic OME-Zarr (NGFF 0.5, Zarr v3) image for trying zarr-relay out: uint16, three
 * resolution levels, blosc-compressed. Its content has structure you can recognise in Fiji —
 * bright spheres on a smooth gradient with a little noise — and compresses the way real data does.
 */
public final class SampleImage {
    public static final int LEVELS = 3;

    private SampleImage() {
    }

    /** Writes the image into {@code store} (at its root) with level 0 of the given shape. */
    public static void write(Store store, int depth, int height, int width) {
        write(store, depth, height, width, 64);
    }

    /** As {@link #write(Store, int, int, int)}, with cubic chunks of side {@code chunk} at every level. */
    public static void write(Store store, int depth, int height, int width, int chunk) {
        ObjectNode attrs = JsonNodeFactory.instance.objectNode();
        ObjectNode ome = attrs.putObject("ome");
        ome.put("version", "0.5");
        ObjectNode ms = ome.putArray("multiscales").addObject();
        ms.put("name", "sample");
        ArrayNode axes = ms.putArray("axes");
        for (String a : new String[] {"z", "y", "x"}) {
            axes.addObject().put("name", a).put("type", "space").put("unit", "micrometer");
        }
        ArrayNode datasets = ms.putArray("datasets");
        for (int level = 0; level < LEVELS; level++) {
            ObjectNode ds = datasets.addObject().put("path", String.valueOf(level));
            double s = 1 << level;
            ArrayNode scale = ds.putArray("coordinateTransformations").addObject().put("type", "scale").putArray("scale");
            scale.add(2.0 * s).add(0.5 * s).add(0.5 * s);
        }
        ms.put("type", "mean");
        Hierarchy.createGroup(store, "", 3, attrs);

        Volume level = render(depth, height, width);
        for (int l = 0; l < LEVELS; l++) {
            int[] shape = level.shape();
            NewArray kind = NewArray.of(3, new long[] {shape[0], shape[1], shape[2]}, new int[] {chunk, chunk, chunk},
                    DataType.UINT16, "blosc:lz4:5:shuffle");
            ZarrArray array = ZarrArray.create(store, String.valueOf(l), kind.toMetadata());
            array.write(new long[3], level);
            if (l + 1 < LEVELS) {
                level = Downsampling.MEAN.apply(level, new int[] {2, 2, 2});
            }
        }
    }

    static Volume render(int depth, int height, int width) {
        Volume v = Volume.allocate(DataType.UINT16, depth, height, width);
        double[][] spheres = {
            {0.3, 0.3, 0.3, 0.12}, {0.6, 0.7, 0.4, 0.18}, {0.5, 0.4, 0.75, 0.1}, {0.8, 0.2, 0.6, 0.08}};
        long seed = 12345;
        int i = 0;
        for (int z = 0; z < depth; z++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double fz = (z + 0.5) / depth;
                    double fy = (y + 0.5) / height;
                    double fx = (x + 0.5) / width;
                    double value = 300 + 400 * fx + 200 * fz;
                    for (double[] s : spheres) {
                        double d = Math.sqrt((fz - s[0]) * (fz - s[0]) + (fy - s[1]) * (fy - s[1]) + (fx - s[2]) * (fx - s[2]));
                        if (d < s[3]) {
                            value += 3000 * (1 - d / s[3]);
                        }
                    }
                    seed = seed * 6364136223846793005L + 1442695040888963407L;
                    value += (seed >>> 58);  // 0..63 of noise
                    v.setLong(i++, (long) value);
                }
            }
        }
        return v;
    }
}
