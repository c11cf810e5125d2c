package org.zarrrelay.zarr.codec.bytestobytes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.zip.CRC32;
import org.zarrrelay.RelayException;

/**
 * Loads a JNI library shipped inside the jar without leaving a copy in the system temp folder per
 * process. The library is extracted once into the user's cache folder
 * ({@code $XDG_CACHE_HOME/zarr-relay/native/}, else {@code ~/.cache/zarr-relay/native/}) under a
 * name holding the CRC-32 and length of its bytes, so versions do not collide, and a copy is reused
 * only when its length and CRC-32 match the jar's (a torn or damaged copy is written again). A copy
 * is written under a temporary name and renamed into place, so processes starting together never
 * load a half-written file. The CRC-32 is computed natively: a SHA-256 of the 1 MB library, run by a
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
        byte[] library = read(file, owner);
        long crc = crc32(library);
        String cachedName = name + "-" + key(crc, library.length) + extension();
        Throwable cacheProblem;
        try {
            Path cached = ensureCached(cacheFolder().resolve(cachedName), library, crc);
            System.load(cached.toString());
            return;
        } catch (IOException | UnsatisfiedLinkError | SecurityException e) {
            cacheProblem = e;  // e.g. a read-only home or a cache on a noexec mount: a temp file still works
        }
        try {
            loadFromTempFile(cachedName, library);
        } catch (IOException | UnsatisfiedLinkError e) {
            e.addSuppressed(cacheProblem);
            throw new RelayException("cannot load the native library " + file + " that zarr-relay needs for " + name
                    + " (" + System.getProperty("os.name") + ", " + System.getProperty("os.arch") + "): " + e
                    + "; zarr-relay ships it for x86-64 Linux, macOS and Windows", e);
        }
    }

    /** Where extracted libraries are kept, per the XDG base directory spec (which ignores relative paths). */
    static Path cacheFolder() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("zarr-relay").resolve("native");
    }

    /** The cached copy, written first when it is missing or its bytes differ from {@code library}. */
    private static Path ensureCached(Path target, byte[] library, long crc) throws IOException {
        if (Files.isRegularFile(target) && Files.size(target) == library.length
                && crc32(Files.readAllBytes(target)) == crc) {
            return target;
        }
        Path folder = target.getParent();
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
        Path temp = Files.createTempFile(name.substring(0, name.lastIndexOf('.')) + "-", extension());
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

    private static byte[] read(String file, Class<?> owner) {
        try (InputStream in = owner.getResourceAsStream("/" + file)) {
            if (in == null) {
                throw new RelayException("the native library " + file + " is not in the zarr-relay jar: this platform ("
                        + System.getProperty("os.name") + ", " + System.getProperty("os.arch") + ") is not supported for"
                        + " blosc; use another compressor, or run zarr-relay on x86-64 Linux, macOS or Windows");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new RelayException("cannot read the native library " + file + " from the zarr-relay jar: " + e, e);
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

    /** 16 hex digits: the CRC-32, then the length. */
    private static String key(long crc32, int length) {
        return String.format(Locale.ROOT, "%08x%08x", crc32, length);
    }
}
