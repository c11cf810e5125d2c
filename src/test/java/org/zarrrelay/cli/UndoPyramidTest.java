package org.zarrrelay.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.format.npy.NpyWriter;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.Hierarchy;
import org.zarrrelay.zarr.NewArray;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.FileSystemStore;

/**
 * An undo recomputes the coarser levels where a later write-back shares a block of theirs with the
 * undone one, even when that later write left every chunk of the undone one as it was (possible
 * where a level's chunks are not a multiple of the factor): the levels end as if computed from the
 * finer level as it is after the undo.
 */
class UndoPyramidTest {
    @TempDir
    Path dir;

    private static final long[][] SHAPES = {{64, 8, 8}, {32, 4, 4}, {16, 2, 2}};
    /** Level 1's chunks (7) are not a multiple of the factor (2): adjacent boxes meet in one level-2 block. */
    private static final int[][] CHUNKS = {{14, 8, 8}, {7, 4, 4}, {8, 2, 2}};

    private Path store(String name) {
        Path path = dir.resolve(name);
        FileSystemStore store = new FileSystemStore(path);
        ObjectNode attrs = JsonNodeFactory.instance.objectNode();
        ObjectNode ms = attrs.putArray("multiscales").addObject().put("version", "0.4").put("type", "mean");
        ArrayNode axes = ms.putArray("axes");
        for (String a : new String[] {"z", "y", "x"}) {
            axes.addObject().put("name", a).put("type", "space");
        }
        ArrayNode datasets = ms.putArray("datasets");
        for (int l = 0; l < 3; l++) {
            double s = 1 << l;
            datasets.addObject().put("path", String.valueOf(l)).putArray("coordinateTransformations").addObject()
                    .put("type", "scale").putArray("scale").add(s).add(s).add(s);
            ZarrArray.create(store, String.valueOf(l), NewArray.of(2, SHAPES[l], CHUNKS[l], DataType.UINT8, "zstd:1")
                    .toMetadata());
        }
        Hierarchy.createGroup(store, "", 2, attrs);
        return path;
    }

    private Path npy(String name, int depth, int value) {
        Volume v = Volume.allocate(DataType.UINT8, depth, 8, 8);
        for (int i = 0; i < v.elementCount(); i++) {
            v.setLong(i, value);
        }
        Path file = dir.resolve(name);
        NpyWriter.write(file, v);
        return file;
    }

    private String place(Path store, Path file, String offset) {
        ExportImportCommandTest.Run r = ExportImportCommandTest.runAsIs("import", "--store", store.toString(), "--array", "0",
                "--in", file.toString(), "--offset", offset, "--data", dir.resolve("data").toString());
        assertEquals(0, r.status(), r.err());
        return r.out().substring("job ".length(), r.out().indexOf(':'));
    }

    private static Volume level(Path store, int l) {
        long[] s = SHAPES[l];
        return ZarrArray.open(new FileSystemStore(store), String.valueOf(l)).read(new long[3],
                new int[] {(int) s[0], (int) s[1], (int) s[2]});
    }

    @Test
    void anUndoNextToALaterWriteLeavesEveryLevelAsComputedFromTheFinest() {
        Path s = store("s.zarr");
        place(s, npy("ones.npy", 2, 1), "12,0,0");      // the image before the jobs: planes 12 and 13 are 1
        String a = place(s, npy("a.npy", 2, 10), "12,0,0");
        place(s, npy("b.npy", 2, 1), "14,0,0");         // a later job, beside a's planes, in the same level-2 block
        ExportImportCommandTest.Run r = ExportImportCommandTest.runAsIs("undo", a, "--data", dir.resolve("data").toString());
        assertEquals(0, r.status(), r.err());

        Path reference = store("reference.zarr");        // the same finest level, written in one go
        place(reference, npy("ref.npy", 4, 1), "12,0,0");
        for (int l = 0; l < 3; l++) {
            assertArrayEquals(level(reference, l).data(), level(s, l).data(), "level " + l);
        }
    }
}
