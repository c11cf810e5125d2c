package org.zarrrelay.journal;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.store.Store;

/**
 * The merge base of an export: the chunks its region touches, as they were when it was exported,
 * kept in the store's reserved area ({@code base/<job>/}) so that whoever writes the result back
 * (this relay, another worker, the CLI) can tell which voxels changed since, and by whom. The
 * exported file itself is no base: users save over it.
 */
public final class MergeBases {
    static final String CREATED = "created";

    private MergeBases() {
    }

    /** Snapshots the keys for job {@code job}, replacing any base it had. */
    public static Snapshots take(Store store, String job, Collection<String> keys, ChunkExecutor executor) {
        Journal.deleteAll(store, StoreArea.base(job));
        Snapshots s = Snapshots.take(store, StoreArea.base(job), keys, executor);
        store.put(StoreArea.base(job) + "/" + CREATED, Transaction.now().getBytes(StandardCharsets.UTF_8));
        return s;
    }

    /**
     * As {@link #take}, for an export that reads every key whole through the base's view at once:
     * see {@link Snapshots#takeToRead}; the caller ends with {@link Snapshots#completeIndex}.
     */
    public static Snapshots takeToRead(Store store, String job, Collection<String> keys, ChunkExecutor executor) {
        Journal.deleteAll(store, StoreArea.base(job));
        Snapshots s = Snapshots.takeToRead(store, StoreArea.base(job), keys, executor);
        store.put(StoreArea.base(job) + "/" + CREATED, Transaction.now().getBytes(StandardCharsets.UTF_8));
        return s;
    }

    /** The base of job {@code job}, or null when there is none (never exported here, or pruned). */
    public static Snapshots read(Store store, String job) {
        return Snapshots.read(store, StoreArea.base(job));
    }

    public static void delete(Store store, String job) {
        Journal.deleteAll(store, StoreArea.base(job));
    }
}
