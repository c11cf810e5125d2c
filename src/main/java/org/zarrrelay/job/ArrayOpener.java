package org.zarrrelay.job;

import java.nio.file.Path;
import org.zarrrelay.zarr.ChunkExecutor;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.codec.CodecRegistry;
import org.zarrrelay.zarr.store.FileSystemStore;

/** Opens arrays with the operator's storage settings: per-chunk fsync and the chunk thread pool. */
public record ArrayOpener(boolean fsync, ChunkExecutor executor) {
    public static final ArrayOpener DEFAULT = new ArrayOpener(false, ChunkExecutor.shared());

    public ZarrArray open(Path storeDir, String arrayPath) {
        return ZarrArray.open(new FileSystemStore(storeDir, fsync), arrayPath, CodecRegistry.DEFAULT, executor);
    }
}
