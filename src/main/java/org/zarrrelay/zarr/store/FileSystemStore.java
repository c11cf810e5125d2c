package org.zarrrelay.zarr.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.zarrrelay.volume.ChannelIO;

/**
 * A store in a directory: one file per key. A value is replaced by writing a temporary file
 * beside it and renaming it over the old one, which POSIX makes atomic within a directory, so a
 * concurrent reader never sees a torn chunk. Whether each file is fsynced before the rename is a
 * setting: off by default, because the write-back journal makes a whole write-back durable with
 * one sequential fsync, and a per-chunk fsync more than halves write throughput.
 *
 * <p>No key leads out of the root: a folder inside the store that is a symbolic link to somewhere
 * else is refused before anything is read or written through it (each folder is checked once per
 * store object). Snapshots are hard links: a put replaces a file by rename, never in place, so the
 * linked file keeps the old bytes.
 */
public final class FileSystemStore implements Store {
    /** Temporary files start with this, so listings and readers can skip them. */
    public static final String TEMP_PREFIX = ".zr-tmp-";
    /** Fingerprints are the XXH64 of a file's bytes and its length ({@link Xxh64}). */
    private static final String XXH64 = "xxh64:";

    private final Path root;
    private final boolean fsync;
    private final Set<Path> checkedFolders = ConcurrentHashMap.newKeySet();
    private volatile Path realRoot;

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
        Path p = root.resolve(Store.checkKey(key));
        Path folder = p.getParent();
        if (!folder.equals(root) && !checkedFolders.contains(folder)) {
            checkInside(key, folder);
        }
        if (Files.isSymbolicLink(p)) {
            // a chunk file that is itself a link: its target must be inside the store too
            checkTarget(key, p);
        }
        return p;
    }

    private void checkTarget(String key, Path link) {
        Path real;
        try {
            real = link.toRealPath();
        } catch (NoSuchFileException e) {
            return;  // a dangling link reads as absent and is replaced whole by a put
        } catch (IOException e) {
            throw failure("check", key, e);
        }
        if (!real.startsWith(realRoot())) {
            throw new StoreException("store key '" + key + "' in " + root + " is a symbolic link to " + real + ", outside"
                    + " the store: zarr-relay never reads or writes through it; replace the link by the file itself");
        }
    }

    /**
     * Refuses a key whose folder is reached through a symbolic link that leads out of the root. A
     * folder that does not exist yet is judged by its nearest existing ancestor, because a put
     * creates the missing folders: checking only after that would already have made folders
     * wherever a link points (link/new/c made new/ outside the store). It is checked again, and
     * remembered, once it exists.
     */
    private void checkInside(String key, Path folder) {
        Path existing = folder;
        Path real = null;
        while (real == null && !existing.equals(root)) {
            try {
                real = existing.toRealPath();
            } catch (NoSuchFileException e) {
                existing = existing.getParent();
            } catch (IOException e) {
                throw failure("check", key, e);
            }
        }
        if (real == null) {
            return;  // nothing below the root exists yet on the way to this folder
        }
        if (!real.startsWith(realRoot())) {
            throw new StoreException("store key '" + key + "' in " + root + " leads to " + real + ", outside the store,"
                    + " through a symbolic link: zarr-relay never reads or writes through it; replace the link by a real"
                    + " folder, or configure the real location as a store of its own");
        }
        if (existing.equals(folder)) {
            checkedFolders.add(folder);
        }
    }

    private Path realRoot() {
        Path r = realRoot;
        if (r == null) {
            try {
                r = Files.exists(root) ? root.toRealPath() : root;
            } catch (IOException e) {
                throw new StoreException("cannot resolve the store folder " + root + ": " + e.getMessage(), e);
            }
            realRoot = r;
        }
        return r;
    }

    @Override
    public byte[] get(String key) {
        try {
            return readAll(path(key));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw failure("read", key, e);
        }
    }

    /** A whole file, read in pieces (see {@link ChannelIO}): a shard can be hundreds of megabytes. */
    private static byte[] readAll(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE - 8) {
                throw new IOException(file + " holds " + size + " bytes, more than one Java array can: store the array"
                        + " in smaller chunks or shards");
            }
            byte[] bytes = new byte[(int) size];
            int read = ChannelIO.read(ch, bytes, 0, bytes.length, 0);
            return read == bytes.length ? bytes : Arrays.copyOf(bytes, read);
        }
    }

    @Override
    public byte[] getRange(String key, long offset, int length) {
        try (FileChannel ch = FileChannel.open(path(key), StandardOpenOption.READ)) {
            byte[] bytes = new byte[length];
            if (ChannelIO.read(ch, bytes, 0, length, offset) < length) {
                throw new StoreException("store key '" + key + "' in " + describe() + " ends before byte "
                        + (offset + length) + ": the file is truncated");
            }
            return bytes;
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
                checkInside(key, dir);
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
            ChannelIO.write(ch, value, 0, value.length);
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
    public long size(String key) {
        try {
            return Files.size(path(key));
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            throw failure("read", key, e);
        }
    }

    /** The length in a fingerprint {@code xxh64:<hex>:<length>}; -1 for anything else. */
    @Override
    public long lengthIn(String fingerprint) {
        if (fingerprint != null && fingerprint.startsWith(XXH64)) {
            int colon = fingerprint.lastIndexOf(':');
            try {
                return Long.parseLong(fingerprint.substring(colon + 1));
            } catch (NumberFormatException e) {
                // not one of ours
            }
        }
        return -1;
    }

    @Override
    public String fingerprint(String key) {
        try (FileChannel ch = FileChannel.open(path(key), StandardOpenOption.READ)) {
            Xxh64 hash = new Xxh64();
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            long length = 0;
            while (true) {
                buf.clear();
                boolean end = false;
                while (buf.hasRemaining()) {
                    if (ch.read(buf) < 0) {
                        end = true;
                        break;
                    }
                }
                length += buf.position();
                if (end) {
                    return fingerprint(hash.finish(buf.array(), 0, buf.position()), length);
                }
                hash.update(buf.array(), 0, buf.position());
            }
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw failure("read", key, e);
        }
    }

    /** The fingerprint {@link #fingerprint} gives a file holding these bytes. */
    public static String fingerprintOf(byte[] value) {
        return fingerprint(Xxh64.of(value), value.length);
    }

    @Override
    public String fingerprintFor(byte[] value) {
        return fingerprintOf(value);
    }

    private static String fingerprint(long hash, long length) {
        return XXH64 + HexFormat.of().toHexDigits(hash) + ":" + length;
    }

    @Override
    public String snapshot(String key, String copyKey) {
        return link(key, copyKey) ? fingerprint(copyKey) : null;
    }

    /** The link shares the file just written, so its fingerprint is the one the writer computed. */
    @Override
    public String snapshot(String key, String copyKey, String known) {
        return link(key, copyKey) ? known : null;
    }

    /** Makes {@code copyKey} a hard link to the key's file (a copy where links are not possible); false when absent. */
    private boolean link(String key, String copyKey) {
        Path source = path(key);
        Path copy = path(copyKey);
        try {
            Files.deleteIfExists(copy);
            try {
                Files.createLink(copy, source);
            } catch (NoSuchFileException e) {
                if (!Files.exists(source)) {
                    return false;
                }
                Files.createDirectories(copy.getParent());
                checkInside(copyKey, copy.getParent());
                Files.createLink(copy, source);
            } catch (UnsupportedOperationException | FileSystemException e) {
                if (e instanceof NoSuchFileException) {
                    throw e;
                }
                // a file system without hard links (or the copy on another device): copy the bytes
                byte[] bytes = get(key);
                if (bytes == null) {
                    return false;
                }
                Files.createDirectories(copy.getParent());
                try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
                    ChannelIO.write(ch, bytes, 0);
                }
            }
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw failure("snapshot", key, e);
        }
    }

    @Override
    public String putIf(String key, byte[] value, String expected) {
        put(key, value);
        return fingerprintOf(value);
    }

    /**
     * Syncs the files on several threads at once: a sync mostly waits for the disk, and syncs
     * issued together share the file system's journal commits and the disk's flushes, where one
     * after another each waits for its own. The folders follow, once every file is synced.
     */
    @Override
    public void sync(Collection<String> keys) {
        Set<Path> folders = new LinkedHashSet<>();
        for (String key : keys) {
            folders.add(path(key).getParent());
        }
        ParallelSync.each(List.copyOf(keys), this::syncFile);
        ParallelSync.each(List.copyOf(folders), FileSystemStore::syncFolder);
    }

    private void syncFile(String key) {
        // the data and what reading it needs (its size); the name is the folder's, synced after
        try (FileChannel ch = FileChannel.open(path(key), StandardOpenOption.READ)) {
            ch.force(false);
        } catch (NoSuchFileException e) {
            // deleted: its folder's entry is what must be durable
        } catch (IOException e) {
            throw failure("sync", key, e);
        }
    }

    /** Makes a folder's entries (creations, renames, deletions) durable; not every platform allows it. */
    private static void syncFolder(Path folder) {
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // folders cannot be opened for syncing on some platforms (Windows); files were synced
        }
    }

    @Override
    public void removeLeftovers(Collection<String> keys) {
        Set<Path> folders = new LinkedHashSet<>();
        for (String key : keys) {
            folders.add(path(key).getParent());
        }
        for (Path folder : folders) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path p : files.filter(f -> f.getFileName().toString().startsWith(TEMP_PREFIX)).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (NoSuchFileException e) {
                // nothing was ever written there
            } catch (IOException e) {
                throw new StoreException("cannot remove temporary files in " + folder + ": " + e.getMessage(), e);
            }
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
    public void deleteFolder(String prefix) {
        Path folder = root.resolve(Store.checkKey(prefix));
        if (!Files.isDirectory(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        checkInside(prefix, folder);
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            throw failure("delete", prefix, e);
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
    public List<String> children(String prefix) {
        Path start = prefix.isEmpty() ? root : root.resolve(Store.checkKey(prefix));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(start)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(TEMP_PREFIX)).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw failure("list", prefix, e);
        }
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
