package org.zarrrelay.ome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.Hierarchy;
import org.zarrrelay.zarr.NewArray;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

/** A pyramid update says how many bytes of finer levels it has read, of how many, tile by tile. */
class PyramidProgressTest {
    @TempDir
    Path dir;

    @Test
    void countsTheFinerLevelsBytesItReadsUpToTheTotalItAnnouncedFirst() {
        FileSystemStore store = new FileSystemStore(dir.resolve("img.zarr"));
        ObjectNode attrs = JsonNodeFactory.instance.objectNode();
        ObjectNode ms = attrs.putArray("multiscales").addObject().put("version", "0.4");
        ArrayNode axes = ms.putArray("axes");
        for (String a : new String[] {"z", "y", "x"}) {
            axes.addObject().put("name", a).put("type", "space");
        }
        double[][] scales = {{1, 1, 1}, {1, 2, 2}, {2, 4, 4}};
        int[][] shapes = {{8, 32, 32}, {8, 16, 16}, {4, 8, 8}};
        ArrayNode datasets = ms.putArray("datasets");
        for (int l = 0; l < 3; l++) {
            ArrayNode scale = datasets.addObject().put("path", "s" + l).putArray("coordinateTransformations")
                    .addObject().put("type", "scale").putArray("scale");
            for (double s : scales[l]) {
                scale.add(s);
            }
        }
        Hierarchy.createGroup(store, "", 2, attrs);
        for (int l = 0; l < 3; l++) {
            int[] s = shapes[l];
            ZarrArray a = ZarrArray.create(store, "s" + l, NewArray.of(2, new long[] {s[0], s[1], s[2]},
                    new int[] {2, 4, 4}, DataType.UINT16, "zstd:1").toMetadata());
            a.write(new long[3], Volume.allocate(DataType.UINT16, s));
        }
        Pyramid pyramid = Pyramid.open(Multiscales.read(store, ""), p -> ZarrArray.open(store, p));

        List<long[]> told = new ArrayList<>();
        // a budget of one small tile, so the update goes tile by tile
        pyramid.update(0, new long[] {2, 4, 4}, new int[] {4, 10, 10}, Downsampling.MEAN, 64,
                (done, total) -> told.add(new long[] {done, total}));

        // level 1 is recomputed in z 2..6, y 2..7, x 2..7 from level 0's z 2..6, y 4..14, x 4..14 (400 voxels);
        // level 2 in z 1..3, y 1..4, x 1..4 from level 1's z 2..6, y 2..8, x 2..8 (144 voxels); 2 bytes each
        long total = (400 + 144) * 2;
        assertEquals(List.of(0L, total), List.of(told.get(0)[0], told.get(0)[1]), "the first word: nothing of the total");
        assertEquals(total, told.get(told.size() - 1)[0], "the last word: all of it");
        assertTrue(told.size() > 3, "told after each tile, " + told.size() + " times");
        for (int i = 1; i < told.size(); i++) {
            assertTrue(told.get(i)[0] > told.get(i - 1)[0] && told.get(i)[1] == total, "counts only go up");
        }
    }
}
