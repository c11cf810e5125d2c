package org.zarrrelay.zarr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
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
    void leavesNoTemporaryFilesBehind() throws IOException {
        FileSystemStore s = new FileSystemStore(dir.resolve("t"), true);
        for (int i = 0; i < 20; i++) {
            s.put("c/0/" + (i % 3), new byte[1000 + i]);
        }
        try (Stream<Path> files = Files.walk(dir.resolve("t"))) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(FileSystemStore.TEMP_PREFIX)));
        }
    }
}
