package org.zarrrelay.zarr.store;

import java.nio.file.Files;
import java.nio.file.Path;
import org.zarrrelay.zarr.UnsupportedFeatureException;

/** Opens a store from what a user typed: a directory path (S3 URIs come later). */
public final class Stores {
    private Stores() {
    }

    /**
     * @param mustExist when true, a path that is not an existing directory is an error that says so
     */
    public static Store open(String location, boolean mustExist, boolean fsync) {
        if (location == null || location.isBlank()) {
            throw new StoreException("no store given: pass --store with the path of a Zarr store");
        }
        if (location.startsWith("s3://")) {
            throw new UnsupportedFeatureException("store '" + location + "': S3 stores are not supported yet;"
                    + " copy the store to a local directory");
        }
        Path p = Path.of(location);
        if (mustExist && !Files.isDirectory(p)) {
            throw new StoreException("store '" + location + "' is not an existing directory: check the path"
                    + " (it should be the folder that holds zarr.json or .zarray/.zgroup)");
        }
        return new FileSystemStore(p, fsync);
    }
}
