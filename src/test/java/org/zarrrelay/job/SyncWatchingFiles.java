package org.zarrrelay.job;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system ({@code jdbc:h2:syncwatch:<path>}) over the default one that remembers which
 * files were written since their last {@code force}: what a power loss could take from them. Public
 * with a public constructor because H2 makes one per path by reflection.
 */
public final class SyncWatchingFiles extends FilePathWrapper {
    static final String SCHEME = "syncwatch";
    private static final Set<String> UNSYNCED = ConcurrentHashMap.newKeySet();

    static {
        FilePath.register(new SyncWatchingFiles());
    }

    /** Registers the scheme with H2 (once per JVM) and returns the H2 URL prefix that uses it. */
    static String urlPrefix() {
        return "jdbc:h2:" + SCHEME + ":";
    }

    /** True when a database file ({@code .mv.db}) under {@code dir} has writes not yet forced to disk. */
    static boolean unsyncedDatabaseUnder(Path dir) {
        String prefix = dir.toAbsolutePath().toString();
        return UNSYNCED.stream().anyMatch(n -> n.startsWith(prefix) && n.endsWith(".mv.db"));
    }

    public SyncWatchingFiles() {
        // for H2
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return new Watched(getBase().open(mode), getBase().toString());
    }

    /** The base channel, with every write marking the file unsynced and every force clearing it. */
    private static final class Watched extends FileBase {
        private final FileChannel base;
        private final String name;

        Watched(FileChannel base, String name) {
            this.base = base;
            this.name = name;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return base.read(dst);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return base.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            UNSYNCED.add(name);
            return base.write(src);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            UNSYNCED.add(name);
            return base.write(src, position);
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            UNSYNCED.add(name);
            base.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            // cleared before the call: a write racing with it stays marked
            UNSYNCED.remove(name);
            base.force(metaData);
        }

        @Override
        public long position() throws IOException {
            return base.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            base.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return base.size();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return base.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            base.close();
        }
    }
}
