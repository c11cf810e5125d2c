package org.zarrrelay.zarr.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses a directory that is not a Zarr store before anything walks it: a folder of data (or a
 * home directory) given by mistake would otherwise be walked to its last file for an empty answer.
 * The refusal names what to pass instead, from the folder's own entries and its parents only.
 */
final class StoreDirectoryCheck {
    /** Entries of the folder looked at for stores inside it; a huge folder is not listed to its end. */
    private static final int LOOKED_AT = 1000;
    private static final int NAMED = 5;

    private StoreDirectoryCheck() {
    }

    static void require(Path dir, String location, List<String> nodeKeys) {
        if (isNode(dir, nodeKeys)) {
            return;
        }
        String what = "store '" + location + "' is not a Zarr store: it has no " + String.join(", ", nodeKeys)
                + " at its top. ";
        Path enclosing = enclosingStore(dir, nodeKeys);
        if (enclosing != null) {
            throw new StoreException(what + "It is inside the store " + enclosing + ": pass that (and the array's"
                    + " path inside it where a command takes one)");
        }
        List<Path> inside = storesInside(dir, nodeKeys);
        if (!inside.isEmpty()) {
            List<String> named = inside.stream().limit(NAMED).map(Path::toString).toList();
            throw new StoreException(what + "Stores in it: " + String.join(", ", named)
                    + (inside.size() > NAMED ? ", ..." : "") + ": pass one of those");
        }
        throw new StoreException(what + "Pass the folder that holds zarr.json (Zarr v3) or .zarray / .zgroup (Zarr v2)");
    }

    private static boolean isNode(Path dir, List<String> nodeKeys) {
        return nodeKeys.stream().anyMatch(k -> Files.isRegularFile(dir.resolve(k)));
    }

    /**
     * The store a folder inside one (a chunk folder) belongs to: the top-most of the Zarr nodes
     * nearest above it, or null when no folder above it is one.
     */
    private static Path enclosingStore(Path dir, List<String> nodeKeys) {
        Path p = dir.toAbsolutePath().normalize().getParent();
        while (p != null && !isNode(p, nodeKeys)) {
            p = p.getParent();
        }
        Path store = null;
        for (; p != null && isNode(p, nodeKeys); p = p.getParent()) {
            store = p;
        }
        return store;
    }

    private static List<Path> storesInside(Path dir, List<String> nodeKeys) {
        List<Path> found = new ArrayList<>();
        int seen = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (++seen > LOOKED_AT || found.size() > NAMED) {
                    break;
                }
                if (Files.isDirectory(p) && isNode(p, nodeKeys)) {
                    found.add(p);
                }
            }
        } catch (IOException e) {
            // only advice is lost: the refusal itself stands
        }
        found.sort(null);
        return found;
    }
}
