package org.zarrrelay.zarr.store;

import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Opens a store from what a user typed: a directory path or an {@code s3://bucket/prefix} URI.
 *
 * <p>Each S3 open by location builds its own client, which is fine for the CLI (one store per
 * run) but not for a long-running process: there, build one client with
 * {@link S3Clients#create} and open stores with {@link #open(S3Client, S3Location, S3Settings, boolean)}.
 * Clients are not cached here because a process-wide mutable map would outlive and hide who
 * closes them.
 */
public final class Stores {
    /** What marks a folder or prefix as a Zarr node, v3 first. */
    private static final String[] NODE_KEYS = {"zarr.json", ".zarray", ".zgroup"};

    private Stores() {
    }

    /** As {@link #open(String, boolean, boolean, S3Settings)}, with S3 settings from RELAY_S3_* variables. */
    public static Store open(String location, boolean mustExist, boolean fsync) {
        if (S3Location.isS3(location)) {
            return open(location, mustExist, fsync, S3Settings.fromEnvironment(System.getenv()));
        }
        return open(location, mustExist, fsync, null);
    }

    /**
     * @param mustExist when true, a location that is not an existing Zarr store (a directory or
     *                  prefix with zarr.json, .zarray or .zgroup at its top) is an error that says so
     *                  and what to pass instead; for S3 the bucket and permissions are checked first
     * @param fsync     for directories: fsync each value before it replaces the old one (S3 puts
     *                  are durable when acknowledged, so it does not apply there)
     * @param s3        how to reach S3; only used for s3:// locations
     */
    public static Store open(String location, boolean mustExist, boolean fsync, S3Settings s3) {
        if (location == null || location.isBlank()) {
            throw new StoreException("no store given: pass --store with the path of a Zarr store or an s3:// URI");
        }
        if (S3Location.isS3(location)) {
            S3Location loc = S3Location.parse(location);
            if (s3 == null) {
                throw new StoreException("store '" + location + "' is in S3, but no S3 settings were given");
            }
            S3Client client = S3Clients.create(s3);
            try {
                return open(client, loc, s3, mustExist);
            } catch (RuntimeException e) {
                client.close();
                throw e;
            }
        }
        Path p = Path.of(location);
        if (mustExist && !Files.isDirectory(p)) {
            throw new StoreException("store '" + location + "' is not an existing directory: check the path"
                    + " (it should be the folder that holds zarr.json or .zarray/.zgroup)");
        }
        if (mustExist) {
            StoreDirectoryCheck.require(p, location, java.util.List.of(NODE_KEYS));
        }
        return new FileSystemStore(p, fsync);
    }

    /**
     * A store over a client the caller owns and closes (the Camel app shares one per process).
     *
     * @param settings  what the client was built from, named in messages
     * @param mustExist when true, checks the bucket and permissions ({@link S3Clients#verify}) and
     *                  that the prefix holds zarr.json, .zarray or .zgroup
     */
    public static S3Store open(S3Client client, S3Location location, S3Settings settings, boolean mustExist) {
        if (mustExist) {
            S3Clients.verify(client, location, settings);
        }
        S3Store store = new S3Store(client, location);
        if (mustExist && !holdsZarrNode(store)) {
            throw new StoreException("store '" + location + "' holds no Zarr metadata: none of "
                    + String.join(", ", NODE_KEYS) + " is under it at " + settings.describeEndpoint()
                    + "; check the prefix (it should be the one that holds zarr.json or .zarray/.zgroup)");
        }
        return store;
    }

    /** A store over a client the caller owns and closes, without checks. */
    public static S3Store open(S3Client client, S3Location location) {
        return new S3Store(client, location);
    }

    private static boolean holdsZarrNode(Store store) {
        for (String key : NODE_KEYS) {
            if (store.exists(key)) {
                return true;
            }
        }
        return false;
    }
}
