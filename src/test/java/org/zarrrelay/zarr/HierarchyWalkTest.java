package org.zarrrelay.zarr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.volume.Volume;
import org.zarrrelay.zarr.store.FileSystemStore;
import org.zarrrelay.zarr.store.ForwardingStore;
import org.zarrrelay.zarr.store.Store;

/** Finding arrays and groups walks folders one level at a time and never lists an array's chunks. */
class HierarchyWalkTest {
    @TempDir
    Path dir;

    /** Records the folders walked; a full listing of the store is a failure. */
    private static final class WalkedStore extends ForwardingStore {
        final List<String> walked = new ArrayList<>();

        WalkedStore(Path root) {
            super(new FileSystemStore(root));
        }

        @Override
        public List<String> children(String prefix) {
            walked.add(prefix);
            return super.children(prefix);
        }

        @Override
        public List<String> list(String prefix) {
            throw new AssertionError("listed every key under '" + prefix + "'");
        }
    }

    @Test
    void findsNestedArraysAndGroupsOfBothVersionsWithoutEnteringArrays() {
        Path root = dir.resolve("img.zarr");
        Store plain = new FileSystemStore(root);
        Hierarchy.createGroup(plain, "", 3, null);
        for (String level : List.of("0", "1")) {
            ZarrArray a = ZarrArray.create(plain, level,
                    NewArray.of(3, new long[] {8, 8, 8}, new int[] {4, 4, 4}, DataType.UINT8, "none").toMetadata());
            a.write(new long[] {0, 0, 0}, Volume.allocate(DataType.UINT8, 8, 8, 8));  // chunk folders exist
        }
        Hierarchy.createGroup(plain, "labels", 3, null);
        ZarrArray.create(plain, "labels/cells/0",
                NewArray.of(3, new long[] {8, 8, 8}, new int[] {4, 4, 4}, DataType.UINT16, "none").toMetadata());
        Hierarchy.createGroup(plain, "old", 2, null);
        ZarrArray v2 = ZarrArray.create(plain, "old/raw",
                NewArray.of(2, new long[] {8, 8}, new int[] {4, 4}, DataType.INT16, "none").toMetadata());
        v2.write(new long[] {0, 0}, Volume.allocate(DataType.INT16, 8, 8));

        WalkedStore store = new WalkedStore(root);
        assertEquals(List.of("0", "1", "labels/cells/0", "old/raw"), Hierarchy.arrayPaths(store));
        assertEquals(List.of("", "labels", "old"), Hierarchy.groupPaths(store));
        for (String prefix : store.walked) {
            assertTrue(!prefix.startsWith("0/") && !prefix.startsWith("1/") && !prefix.startsWith("old/raw/"),
                    "entered the array folder " + prefix + ": " + store.walked);
        }
    }

    @Test
    void aRootArrayIsTheOnlyArray() {
        Path root = dir.resolve("a.zarr");
        ZarrArray a = ZarrArray.create(new FileSystemStore(root), "",
                NewArray.of(3, new long[] {8, 8, 8}, new int[] {4, 4, 4}, DataType.UINT8, "none").toMetadata());
        a.write(new long[] {0, 0, 0}, Volume.allocate(DataType.UINT8, 8, 8, 8));
        WalkedStore store = new WalkedStore(root);
        assertEquals(List.of(""), Hierarchy.arrayPaths(store));
        assertEquals(List.of(""), store.walked);
    }
}
