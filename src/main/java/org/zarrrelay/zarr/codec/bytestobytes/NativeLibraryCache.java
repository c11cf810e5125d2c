package org.zarrrelay.zarr.codec.bytestobytes;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;
import org.zarrrelay.RelayException;

/**
 * Loads a JNI library shipped inside the jar without leaving a copy in the system temp folder per
 * process. The library is extracted once into the user's cache folder
 * ({@code $XDG_CACHE_HOME/zarr-relay/native/}, else {@code ~/.cache/zarr-relay/native/}) under a
 * name holding the CRC-32 and length of its bytes, so versions do not collide, and a copy is reused
 * only when its length and CRC-32 match the jar's (a torn or damaged copy is written again); the jar's
 * directory records both, so the library is read out of the jar only to write a copy. A copy
 * is written under a temporary name and renamed into place, so processes starting together never
 * load a half-written file. The copy's CRC-32 is computed natively: a SHA-256 of the 1 MB library, run by a
 * JVM that has not compiled it yet, cost about 40 ms of every command's start. When the cache folder cannot be used, the library goes to
 * a temp file that is deleted as soon as it is loaded (Linux and macOS keep a loaded library
 * mapped), so a process killed later leaves nothing behind.
 */
public final class NativeLibraryCache {
    private NativeLibraryCache() {
    }

    /**
     * Loads the library {@code name} (e.g. "libbloscjni") from the root of {@code owner}'s class path,
     * with this platform's extension.
     *
     * @throws RelayException when the jar holds no library for this platform or it cannot be loaded
     */
    public static void load(String name, Class<?> owner) {
        String file = name + extension();
        URL resource = owner.getResource("/" + file);
        if (resource == null) {
            throw new RelayException("the native library " + file + " is not in the zarr-relay jar: this platform ("
                    + System.getProperty("os.name") + ", " + System.getProperty("os.arch") + ") is not supported for"
                    + " blosc; use another compressor, or run zarr-relay on x86-64 Linux, macOS or Windows");
        }
        Throwable cacheProblem;
        try {
            System.load(cachedCopy(resource, cacheFolder(), name).toString());
            return;
        } catch (IOException | UnsatisfiedLinkError | SecurityException e) {
            cacheProblem = e;  // e.g. a read-only home or a cache on a noexec mount: a temp file still works
        }
        try {
            loadFromTempFile(name, read(resource));
        } catch (IOException | UnsatisfiedLinkError e) {
            e.addSuppressed(cacheProblem);
            throw new RelayException("cannot load the native library " + file + " that zarr-relay needs for " + name
                    + " (" + System.getProperty("os.name") + ", " + System.getProperty("os.arch") + "): " + e
                    + "; zarr-relay ships it for x86-64 Linux, macOS and Windows", e);
        }
    }

    /**
     * The library's copy in {@code folder}, named by the CRC-32 and length of its bytes, written first
     * when it is missing or its bytes do not match them. From a jar both numbers come from the jar's
     * directory, so a good copy is found without reading the library out of the jar (inflating 1 MB
     * was 5-15 ms of a command's start).
     */
    static Path cachedCopy(URL resource, Path folder, String name) throws IOException {
        Content expected = contentOf(resource);
        Path target = folder.resolve(name + "-" + expected.key() + extension());
        if (Files.isRegularFile(target) && Files.size(target) == expected.length()
                && crc32(Files.readAllBytes(target)) == expected.crc()) {
            return target;
        }
        byte[] library = read(resource);
        if (!expected.equals(Content.of(library))) {
            throw new IOException("the native library read from " + resource + " does not match the length and CRC-32"
                    + " its jar records");
        }
        createPrivateFolder(folder);
        Path temp = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp");
        try {
            Files.write(temp, library);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    /** The CRC-32 and length of a library's bytes. */
    private record Content(long crc, long length) {
        static Content of(byte[] bytes) {
            return new Content(crc32(bytes), bytes.length);
        }

        /** 16 hex digits: the CRC-32, then the length (not String.format: its first use costs 10 ms of a start). */
        String key() {
            return hex8(crc) + hex8(length);
        }
    }

    /** A resource's content: from its jar entry when that records it, else read. */
    private static Content contentOf(URL resource) throws IOException {
        if (resource.openConnection() instanceof JarURLConnection jar) {
            JarEntry entry = jar.getJarEntry();
            if (entry.getCrc() != -1 && entry.getSize() != -1) {
                return new Content(entry.getCrc(), entry.getSize());
            }
        }
        return Content.of(read(resource));
    }

    /** Where extracted libraries are kept, per the XDG base directory spec (which ignores relative paths). */
    static Path cacheFolder() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("zarr-relay").resolve("native");
    }

    /** Creates the folder readable by its owner only: anyone who could write into it could run code in the relay. */
    private static void createPrivateFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        try {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(folder);  // not a POSIX file system (Windows): the user's profile is private
        }
        if (!Files.isWritable(folder)) {
            throw new AccessDeniedException(folder.toString());
        }
    }

    private static void loadFromTempFile(String name, byte[] library) throws IOException {
        Path temp = Files.createTempFile(name + "-", extension());
        try {
            Files.write(temp, library);
            System.load(temp.toString());
        } finally {
            try {
                Files.delete(temp);
            } catch (IOException e) {
                temp.toFile().deleteOnExit();  // Windows refuses to delete a loaded DLL
            }
        }
    }

    private static byte[] read(URL resource) throws IOException {
        try (InputStream in = resource.openStream()) {
            return in.readAllBytes();
        }
    }

    private static String extension() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        return os.contains("mac") ? ".dylib" : os.contains("win") ? ".dll" : ".so";
    }

    private static long crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    private static String hex8(long value) {
        String hex = Long.toHexString(value & 0xFFFFFFFFL);
        return "0".repeat(8 - hex.length()) + hex;
    }
}
