package org.zarrrelay.zarr.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A store in a directory: one file per key. A value is replaced by writing a temporary file
 * beside it and renaming it over the old one, which POSIX makes atomic within a directory, so a
 * concurrent reader never sees a torn chunk. Whether each file is fsynced before the rename is a
 * setting: off by default, because the write-back journal makes a whole write-back durable with
 * one sequential fsync, and a per-chunk fsync more than halves write throughput.
 */
public final class FileSystemStore implements Store {
    /** Temporary files start with this, so listings and readers can skip them. */
    public static final String TEMP_PREFIX = ".zr-tmp-";

    private final Path root;
    private final boolean fsync;

    public FileSystemStore(Path root, boolean fsync) {
        this.root = root.toAbsolutePath().normalize();
        this.fsync = fsync;
    }

    public FileSystemStore(Path root) {
        this(root, false);
    }

    public Path root() {
        return root;
    }

    public boolean fsync() {
        return fsync;
    }

    private Path path(String key) {
        return root.resolve(Store.checkKey(key));
    }

    @Override
    public byte[] get(String key) {
        try {
            return Files.readAllBytes(path(key));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public byte[] getRange(String key, long offset, int length) {
        try (FileChannel ch = FileChannel.open(path(key), StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(length);
            long at = offset;
            while (buf.hasRemaining()) {
                int n = ch.read(buf, at);
                if (n < 0) {
                    throw new StoreException("store key '" + key + "' in " + describe() + " ends before byte "
                            + (offset + length) + ": the file is truncated");
                }
                at += n;
            }
            return buf.array();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public byte[] getSuffix(String key, int length) {
        try {
            long size = Files.size(path(key));
            if (size < length) {
                throw new StoreException("store key '" + key + "' in " + describe() + " has " + size
                        + " bytes, fewer than the " + length + " its last part should hold: the file is truncated");
            }
            return getRange(key, size - length, length);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public void put(String key, byte[] value) {
        Path target = path(key);
        Path dir = target.getParent();
        Path temp = dir.resolve(TEMP_PREFIX + target.getFileName() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            try {
                writeFile(temp, value);
            } catch (NoSuchFileException e) {
                // the chunk's directory does not exist yet: made on demand, since checking on every put costs a syscall
                Files.createDirectories(dir);
                writeFile(temp, value);
            }
            move(temp, target);
        } catch (IOException | UncheckedIOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw failure("write", key, e);
        }
    }

    private void writeFile(Path temp, byte[] value) throws IOException {
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(value);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            if (fsync) {
                ch.force(false);
            }
        }
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + target + " cannot rename atomically, so chunks could be"
                    + " torn; put the store on a local or POSIX file system", e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(path(key));
        } catch (IOException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(path(key));
    }

    @Override
    public List<String> list(String prefix) {
        Path start = prefix.isEmpty() ? root : root.resolve(Store.checkKey(prefix));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(start)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith(TEMP_PREFIX))
                    .forEach(p -> keys.add(root.relativize(p).toString().replace('\\', '/')));
        } catch (IOException | UncheckedIOException e) {
            throw failure("list", prefix, e);
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public String describe() {
        return root.toString();
    }

    private StoreException failure(String what, String key, Exception e) {
        return new StoreException("could not " + what + " '" + key + "' in store " + root + ": " + e
                + " — check that the path exists, is writable and the disk is not full", e);
    }
}
