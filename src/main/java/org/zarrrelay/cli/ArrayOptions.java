package org.zarrrelay.cli;

import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.store.Store;
import org.zarrrelay.zarr.store.Stores;
import picocli.CommandLine.Option;

/** The {@code --store} / {@code --array} pair several commands share. */
final class ArrayOptions {
    @Option(names = "--store", required = true, paramLabel = "S",
            description = "the Zarr store: a directory or s3://bucket/prefix (S3 settings: RELAY_S3_* environment variables)")
    String store;

    @Option(names = "--array", paramLabel = "A", defaultValue = "",
            description = "the array's path inside the store (for OME-Zarr, the level, e.g. 0); omit when the store is an array")
    String array;

    @Option(names = "--fsync", description = "fsync every chunk file before it replaces the old one (slower; default off)")
    boolean fsync;

    Store openStore(boolean mustExist) {
        return Stores.open(store, mustExist, fsync);
    }

    ZarrArray open() {
        return ZarrArray.open(openStore(true), array);
    }
}
