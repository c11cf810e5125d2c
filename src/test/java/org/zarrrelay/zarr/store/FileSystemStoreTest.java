package org.zarrrelay.zarr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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

    @Test
    void aConcurrentReaderSeesTheOldOrTheNewValueNeverAMix() throws Exception {
        FileSystemStore s = new FileSystemStore(dir.resolve("race"));
        byte[] a = new byte[256 * 1024];
        byte[] b = new byte[128 * 1024];
        Arrays.fill(a, (byte) 1);
        Arrays.fill(b, (byte) 2);
        s.put("chunk", a);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger torn = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                byte[] got = s.get("chunk");
                reads.incrementAndGet();
                if (!(Arrays.equals(got, a) || Arrays.equals(got, b))) {
                    torn.incrementAndGet();
                }
            }
        });
        reader.start();
        for (int i = 0; i < 300; i++) {
            s.put("chunk", i % 2 == 0 ? b : a);
        }
        stop.set(true);
        reader.join();
        assertTrue(reads.get() > 0);
        assertEquals(0, torn.get(), "torn reads out of " + reads.get());
    }
}
