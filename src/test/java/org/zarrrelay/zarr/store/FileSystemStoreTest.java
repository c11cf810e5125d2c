package org.zarrrelay.zarr.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class FileSystemStoreTest extends StoreContract {
    @TempDir
    Path dir;
    private int n;

    @Override
    protected Store newStore() {
        return new FileSystemStore(dir.resolve("store" + n++));
    }

    @Test
    void onDiskAFingerprintRecordsTheLengthSoNoFileIsNeeded() throws IOException {
        FileSystemStore s = new FileSystemStore(dir.resolve("f"));
        s.put("c/0/1", new byte[1234]);
        String fp = s.fingerprint("c/0/1");
        Files.delete(dir.resolve("f").resolve("c/0/1"));
        assertEquals(1234, s.lengthIn(fp), "the length is in the fingerprint " + fp);
        assertEquals(-1, s.lengthIn("\"0123abcd\""), "an ETag records no length");
    }

    @Test
    void leavesNoTemporaryFilesBehind() throws IOException {
        FileSystemStore s = new FileSystemStore(dir.resolve("t"), true);
        for (int i = 0; i < 20; i++) {
            s.put("c/0/" + (i % 3), new byte[1000 + i]);
        }
        try (Stream<Path> files = Files.walk(dir.resolve("t"))) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(FileSystemStore.TEMP_PREFIX)));
        }
    }

    /** A store with a folder "link" that is a symbolic link to a folder outside its root holding one file. */
    private FileSystemStore storeWithALinkOut(Path outside) throws IOException {
        Path root = dir.resolve("linked");
        Files.createDirectories(root);
        Files.createDirectories(outside);
        Files.write(outside.resolve("c"), new byte[] {7});
        Files.createSymbolicLink(root.resolve("link"), outside);
        return new FileSystemStore(root);
    }

    @Test
    void aRangePastTheEndOfItsFileSaysWhereTheFileShouldHaveReachedAndChangesNothing() throws IOException {
        FileSystemStore s = new FileSystemStore(dir.resolve("store"));
        byte[] value = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        s.put("shard/c", value);
        assertArrayEquals(new byte[] {5, 6, 7, 8, 9}, s.getRange("shard/c", 5, 5));
        StoreException e = assertThrows(StoreException.class, () -> s.getRange("shard/c", 5, 10));
        assertEquals("store key 'shard/c' in " + s.describe() + " ends before byte 15: the file is truncated", e.getMessage());
        assertArrayEquals(value, s.get("shard/c"));
    }

    @Test
    void aFolderLinkingOutOfTheRootIsRefusedForReadsAndWritesAndNothingIsWrittenOutside() throws IOException {
        Path outside = dir.resolve("outside");
        FileSystemStore s = storeWithALinkOut(outside);
        s.put("inside/c", new byte[] {1});
        List<Executable> uses = List.of(
                () -> s.get("link/c"),
                () -> s.getRange("link/c", 0, 1),
                () -> s.fingerprint("link/c"),
                () -> s.put("link/c", new byte[] {2}),
                () -> s.put("link/new/deeper/c", new byte[] {2}),
                () -> s.putIf("link/c", new byte[] {2}, null),
                () -> s.delete("link/c"),
                () -> s.snapshot("link/c", "inside/copy"),
                () -> s.snapshot("inside/c", "link/copy"),
                () -> s.snapshot("inside/c", "link/new/copy"));
        for (Executable use : uses) {
            StoreException e = assertThrows(StoreException.class, use);
            assertTrue(e.getMessage().contains("symbolic link") && e.getMessage().contains(outside.toRealPath().toString()),
                    e.getMessage());
        }
        try (Stream<Path> files = Files.walk(outside)) {
            assertEquals(List.of(outside, outside.resolve("c")), files.sorted().toList(), "nothing was made outside the store");
        }
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(outside.resolve("c")));
    }

    @Test
    void aSnapshotIsAHardLinkThatKeepsTheOldFileWhenTheKeyIsReplaced() throws IOException {
        FileSystemStore s = new FileSystemStore(dir.resolve("h"));
        s.put("c/0", new byte[] {1, 2, 3});
        s.snapshot("c/0", ".zarr-relay/tx/t/before/0");
        Path live = s.root().resolve("c/0");
        Path copy = s.root().resolve(".zarr-relay/tx/t/before/0");
        assertEquals(fileKey(live), fileKey(copy), "the copy is the same file, not a copy of its bytes");
        s.put("c/0", new byte[] {4});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(copy));
        assertNotEquals(fileKey(live), fileKey(copy));
    }

    private static Object fileKey(Path p) throws IOException {
        Object key = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        assertNotNull(key, "this file system reports no file keys");
        return key;
    }
}
