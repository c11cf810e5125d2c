package org.zarrrelay.zarr.codec.bytestobytes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scalableminds.bloscjava.Blosc;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each process used to copy libbloscjni (1 MB) into the system temp folder and removed it only on a
 * clean exit, so every killed relay or test JVM left one behind. Now the library is extracted once
 * into the user's cache folder and a killed process leaves nothing in the temp folder.
 */
class BloscLibraryExtractionTest {
    @TempDir
    Path root;

    /** Runs in a child JVM: a blosc round trip, then waits to be killed. */
    public static final class Child {
        public static void main(String[] args) throws InterruptedException {
            byte[] data = new byte[4096];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i % 7);
            }
            byte[] packed = Blosc.compress(data, 2, Blosc.Compressor.ZSTD, 5, Blosc.Shuffle.BYTE_SHUFFLE);
            boolean same = java.util.Arrays.equals(data, Blosc.decompress(packed));
            System.out.println("round trip " + (same ? "ok" : "WRONG") + " with Blosc from "
                    + Blosc.class.getProtectionDomain().getCodeSource().getLocation());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void killedProcessesLeaveNoCopyInTheTempFolderAndShareOneCachedCopy() throws Exception {
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        Path cache = root.resolve("cache");
        runAndKill(tmp, cache.toString());
        runAndKill(tmp, cache.toString());
        assertEquals(List.of(), libraries(tmp), "nothing left in java.io.tmpdir");
        List<String> cached = libraries(cache.resolve("zarr-relay").resolve("native"));
        assertEquals(1, cached.size(), "one cached copy for both runs: " + cached);
        byte[] shipped;
        try (var in = Blosc.class.getResourceAsStream("/libbloscjni.so")) {
            shipped = in.readAllBytes();
        }
        CRC32 crc = new CRC32();
        crc.update(shipped);
        assertEquals(String.format("libbloscjni-%08x%08x.so", crc.getValue(), shipped.length), cached.get(0),
                "named by the CRC-32 and length of the jar's copy");
        assertArrayEquals(shipped, Files.readAllBytes(cache.resolve("zarr-relay").resolve("native").resolve(cached.get(0))));
    }

    @Test
    void withoutAUsableCacheFolderTheTempCopyIsDeletedOnceLoaded() throws Exception {
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        Path notAFolder = Files.writeString(root.resolve("cache-is-a-file"), "");
        runAndKill(tmp, notAFolder.toString());
        assertEquals(List.of(), libraries(tmp), "nothing left in java.io.tmpdir");
    }

    @Test
    void aDamagedCachedCopyIsReplaced() throws Exception {
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        Path cache = root.resolve("cache");
        runAndKill(tmp, cache.toString());
        Path folder = cache.resolve("zarr-relay").resolve("native");
        Path cached = folder.resolve(libraries(folder).get(0));
        byte[] good = Files.readAllBytes(cached);
        byte[] damaged = good.clone();
        damaged[damaged.length / 2] ^= 1;
        Files.write(cached, damaged);
        runAndKill(tmp, cache.toString());
        assertArrayEquals(good, Files.readAllBytes(cached));
    }

    private static void runAndKill(Path tmp, String cacheHome) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), Child.class.getName());
        pb.environment().put("XDG_CACHE_HOME", cacheHome);
        pb.redirectErrorStream(true);
        Process child = pb.start();
        try {
            String line = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    return out.lines().filter(l -> l.startsWith("round trip") || l.contains("Exception")).findFirst()
                            .orElse("the child ended without a word");
                }
            });
            assertTrue(line.startsWith("round trip ok"), line);
            assertFalse(line.contains("blosc-java"), "our Blosc class, not the library's own: " + line);
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
    }

    private static List<String> libraries(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.contains("libbloscjni")).sorted()
                    .collect(Collectors.toList());
        }
    }
}
