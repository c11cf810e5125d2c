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
    /** How deep below a folder without metadata an array makes it a store. */
    private static final int IMPLICIT_DEPTH = 3;

    private StoreDirectoryCheck() {
    }

    static void require(Path dir, String location, List<String> nodeKeys) {
        if (isNode(dir, nodeKeys)) {
            return;
        }
        // a store need not have metadata at its top (Zarr v2 implicit groups; arrays created at a
        // path such as labels/0): arrays a few levels down, and no stores of their own beside
        // them, make the folder a store
        if (groupsInside(dir).isEmpty() && hasArrayWithin(dir, IMPLICIT_DEPTH)) {
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

    /** Whether an array's metadata lies at most {@code depth} folders below {@code dir}, looking at a bounded number of entries. */
    private static boolean hasArrayWithin(Path dir, int depth) {
        List<Path> level = List.of(dir);
        int seen = 0;
        for (int d = 0; d < depth && !level.isEmpty(); d++) {
            List<Path> next = new ArrayList<>();
            for (Path folder : level) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, Files::isDirectory)) {
                    for (Path p : entries) {
                        if (++seen > LOOKED_AT) {
                            return false;
                        }
                        if (p.getFileName().toString().startsWith(".")) {
                            continue;
                        }
                        if (isArray(p)) {
                            return true;
                        }
                        next.add(p);
                    }
                } catch (IOException e) {
                    return false;
                }
            }
            level = next;
        }
        return false;
    }

    private static boolean isArray(Path dir) {
        if (Files.isRegularFile(dir.resolve(".zarray"))) {
            return true;
        }
        Path v3 = dir.resolve("zarr.json");
        try {
            return Files.isRegularFile(v3) && ARRAY_NODE.matcher(Files.readString(v3)).find();
        } catch (IOException e) {
            return false;
        }
    }

    /** Sub-folders that are groups of their own (zarr.json of a group, .zgroup): stores kept in this folder. */
    private static List<Path> groupsInside(Path dir) {
        List<Path> groups = new ArrayList<>();
        int seen = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path p : entries) {
                if (++seen > LOOKED_AT) {
                    break;
                }
                if (Files.isRegularFile(p.resolve(".zgroup")) || Files.isRegularFile(p.resolve("zarr.json")) && !isArray(p)) {
                    groups.add(p);
                }
            }
        } catch (IOException e) {
            // only the decision whether this is an implicit group is lost: it is refused below
        }
        return groups;
    }

    private static final java.util.regex.Pattern ARRAY_NODE =
            java.util.regex.Pattern.compile("\"node_type\"\\s*:\\s*\"array\"");

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
