package org.zarrrelay.job;

import java.nio.file.Path;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.codec.CodecRegistry;
import org.zarrrelay.zarr.store.FileSystemStore;
import org.zarrrelay.zarr.store.S3Location;
import org.zarrrelay.zarr.store.S3Store;
import org.zarrrelay.zarr.store.Store;
import org.zarrrelay.zarr.store.StoreException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Opens arrays with the operator's storage settings: a directory, or an S3 prefix through the
 * process's one S3 client. Chunks of a local store are decoded on a pool
 * of one thread per core; chunks on S3 wait mostly on the network, so they get a pool as wide as
 * the client's connections, which keeps many requests in flight.
 */
public final class ArrayOpener {
    public static final ArrayOpener DEFAULT = new ArrayOpener(false, ChunkExecutor.shared());

    private final boolean fsync;
    private final ChunkExecutor executor;
    private final S3Client s3;
    private final ChunkExecutor s3Executor;

    public ArrayOpener(boolean fsync, ChunkExecutor executor) {
        this(fsync, executor, null, null);
    }

    /** @param s3 the client for s3:// stores, or null when none are configured */
    public ArrayOpener(boolean fsync, ChunkExecutor executor, S3Client s3, ChunkExecutor s3Executor) {
        this.fsync = fsync;
        this.executor = executor;
        this.s3 = s3;
        this.s3Executor = s3Executor;
    }

    /** The store at a location: a directory path or an {@code s3://bucket/prefix} URI. */
    public Store store(String location) {
        if (S3Location.isS3(location)) {
            if (s3 == null) {
                throw new StoreException("store '" + location + "' is on S3, but no S3 store root is configured:"
                        + " add its bucket to relay.stores and set relay.s3.* to reach it");
            }
            return new S3Store(s3, S3Location.parse(location));
        }
        // chunks are not fsynced one by one: a write-back syncs its new chunks as one batch before
        // its commit record when fsync is on (see WriteBack)
        return new FileSystemStore(Path.of(location), false);
    }

    public ZarrArray open(String location, String arrayPath) {
        return ZarrArray.open(store(location), arrayPath, CodecRegistry.DEFAULT, executor(location));
    }

    /** The pool that processes chunks of the store at {@code location}. */
    public ChunkExecutor executor(String location) {
        return S3Location.isS3(location) ? s3Executor : executor;
    }

    /** Whether chunks of local stores are fsynced (per chunk outside transactions, as a batch in them). */
    public boolean fsync() {
        return fsync;
    }

    public ZarrArray open(Path storeDir, String arrayPath) {
        return open(storeDir.toString(), arrayPath);
    }
}
