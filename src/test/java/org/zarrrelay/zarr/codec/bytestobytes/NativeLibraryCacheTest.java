package org.zarrrelay.zarr.codec.bytestobytes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cached copy of a library shipped in a jar: named by the CRC-32 and length of its bytes (read
 * from the jar's directory), reused while its bytes match them, written again when they do not.
 */
class NativeLibraryCacheTest {
    @TempDir
    Path dir;

    private final byte[] library = randomBytes(300_000);

    @Test
    void theCopyFromAJarIsNamedByItsCrcAndLengthAndHoldsItsBytes() throws IOException {
        Path copy = NativeLibraryCache.cachedCopy(inJar(library), dir.resolve("cache"), "libx");
        assertEquals("libx-" + String.format("%08x%08x", crc(library), library.length) + ".so", copy.getFileName().toString());
        assertArrayEquals(library, Files.readAllBytes(copy));
        assertEquals(List.of(copy.getFileName().toString()), names(dir.resolve("cache")), "no temporary file is left");
    }

    @Test
    void aGoodCopyIsReusedAndADamagedOrTornOneWrittenAgain() throws IOException {
        URL resource = inJar(library);
        Path copy = NativeLibraryCache.cachedCopy(resource, dir.resolve("cache"), "libx");
        FileTime written = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(copy, written);
        assertEquals(copy, NativeLibraryCache.cachedCopy(resource, dir.resolve("cache"), "libx"));
        assertEquals(written, Files.getLastModifiedTime(copy), "a good copy is not written again");

        byte[] damaged = library.clone();
        damaged[12_345] ^= 1;
        Files.write(copy, damaged);
        NativeLibraryCache.cachedCopy(resource, dir.resolve("cache"), "libx");
        assertArrayEquals(library, Files.readAllBytes(copy), "a copy with a changed byte is replaced");

        Files.write(copy, new byte[0]);
        NativeLibraryCache.cachedCopy(resource, dir.resolve("cache"), "libx");
        assertArrayEquals(library, Files.readAllBytes(copy), "an empty (torn) copy is replaced");
    }

    @Test
    void anotherVersionGetsAnotherName() throws IOException {
        byte[] other = library.clone();
        other[0] ^= 1;
        Path a = NativeLibraryCache.cachedCopy(inJar(library), dir.resolve("cache"), "libx");
        Path b = NativeLibraryCache.cachedCopy(inJar(other), dir.resolve("cache"), "libx");
        assertNotEquals(a, b);
        assertArrayEquals(library, Files.readAllBytes(a));
        assertArrayEquals(other, Files.readAllBytes(b));
    }

    @Test
    void aLibraryOutsideAJarIsReadToNameIt() throws IOException {
        Path file = Files.write(dir.resolve("libx.so"), library);
        Path copy = NativeLibraryCache.cachedCopy(file.toUri().toURL(), dir.resolve("cache"), "libx");
        assertTrue(copy.getFileName().toString().startsWith("libx-" + String.format("%08x", crc(library))));
        assertArrayEquals(library, Files.readAllBytes(copy));
    }

    private URL inJar(byte[] bytes) throws IOException {
        Path jar = Files.createTempFile(dir, "lib", ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("libx.so"));
            out.write(bytes);
            out.closeEntry();
        }
        return new URL("jar:" + jar.toUri() + "!/libx.so");
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
