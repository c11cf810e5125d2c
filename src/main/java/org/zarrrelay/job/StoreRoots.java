package org.zarrrelay.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.zarrrelay.zarr.store.S3Location;
import org.zarrrelay.zarr.store.Store;
import org.zarrrelay.zarr.store.StoreException;

/**
 * The places an operator lets requests reach: directories and S3 prefixes. A request names a store
 * by a path relative to a root, or by an s3:// URI inside an S3 root. A relative name is resolved
 * under each root in turn and must stay inside that root even after symlinks are followed, so a
 * request can never read or write anywhere else.
 */
public final class StoreRoots {
    private static final String[] NODE_KEYS = {"zarr.json", ".zgroup", ".zarray"};

    private final List<Path> roots;
    private final List<S3Location> s3Roots;
    private final Function<String, Store> stores;
    private final boolean operator;

    public StoreRoots(List<Path> roots) {
        this(roots, List.of(), null);
    }

    /** @param stores opens a store location, to check that a name exists under an S3 root */
    public StoreRoots(List<Path> roots, List<S3Location> s3Roots, Function<String, Store> stores) {
        this(roots, s3Roots, stores, false);
    }

    private StoreRoots(List<Path> roots, List<S3Location> s3Roots, Function<String, Store> stores, boolean operator) {
        if (roots.isEmpty() && s3Roots.isEmpty()) {
            throw new IllegalArgumentException("no store roots configured: set relay.stores");
        }
        this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.s3Roots = List.copyOf(s3Roots);
        this.stores = stores;
        this.operator = operator;
    }

    /**
     * The same roots for the operator at the command line, who may also name any store by its path
     * (absolute or relative to the current folder) or by any s3:// URI; requests never may.
     */
    public StoreRoots forOperator() {
        return new StoreRoots(roots, s3Roots, stores, true);
    }

    /**
     * How a job records a store the operator named at {@code location}: relative to the store root
     * that holds it (so a relay on a copied data folder finds its own copy), else the location itself.
     */
    public String nameOf(String location) {
        if (S3Location.isS3(location)) {
            return location;
        }
        Path p = Path.of(location).toAbsolutePath().normalize();
        for (Path root : roots) {
            try {
                Path realRoot = root.toRealPath();
                Path real = p.toRealPath();
                if (real.startsWith(realRoot) && !real.equals(realRoot)) {
                    return realRoot.relativize(real).toString().replace('\\', '/');
                }
            } catch (IOException e) {
                // a root or store that does not exist names nothing
            }
        }
        return p.toString();
    }

    public List<Path> roots() {
        return roots;
    }

    /** The store location a request means (a directory path or an s3:// URI), or an error saying why the name is refused. */
    public String resolve(String name) {
        if (operator) {
            String direct = resolveForOperator(name);
            if (direct != null) {
                return direct;
            }
        }
        if (S3Location.isS3(name)) {
            return resolveS3(name);
        }
        if (name.contains("://")) {
            throw new RequestException("store '" + name + "' is a URI of a kind zarr-relay does not read; name the store"
                    + " by its path relative to a root, or by an s3:// URI under an S3 root (" + rootList() + ")");
        }
        if (name.startsWith("/") || name.startsWith("\\") || name.startsWith("~") || name.matches("^[A-Za-z]:.*")) {
            throw new RequestException("store '" + name + "' is an absolute path; name it relative to a store root ("
                    + rootList() + "), e.g. \"sample.zarr\"");
        }
        if (name.indexOf('\0') >= 0) {
            throw new RequestException("store '" + name.replace("\0", "\\0") + "' contains a NUL character, which no path"
                    + " holds; name the store by its path relative to a store root (" + rootList() + ")");
        }
        for (String part : name.split("[/\\\\]")) {
            if (part.equals("..")) {
                throw new RequestException("store '" + name + "' contains '..'; stores must lie inside a store root ("
                        + rootList() + ")");
            }
        }
        for (Path root : roots) {
            Path candidate = root.resolve(name).normalize();
            if (!Files.isDirectory(candidate)) {
                continue;
            }
            try {
                Path real = candidate.toRealPath();
                Path realRoot = root.toRealPath();
                if (!real.startsWith(realRoot)) {
                    throw new RequestException("store '" + name + "' leads outside its store root " + root
                            + " (through a symbolic link); ask the operator to add its real location to relay.stores");
                }
                return real.toString();
            } catch (IOException e) {
                throw new RequestException("store '" + name + "' could not be opened: " + e.getMessage(), e);
            }
        }
        for (S3Location root : s3Roots) {
            S3Location candidate = childOrNull(root, name);
            if (candidate != null && isZarrNode(candidate.toString())) {
                return candidate.toString();
            }
        }
        throw new RequestException("store '" + name + "' was not found under any store root (" + rootList()
                + "); stores there: " + available());
    }

    /** A path or URI the operator gave that exists as it is, or null to resolve it under the roots. */
    private static String resolveForOperator(String name) {
        if (S3Location.isS3(name)) {
            return name;
        }
        Path p = Path.of(name);
        if (p.isAbsolute() || Files.isDirectory(p)) {
            if (!Files.isDirectory(p)) {
                throw new RequestException("store '" + name + "' is not an existing directory: check the path (it should be"
                        + " the folder that holds zarr.json or .zarray/.zgroup)");
            }
            try {
                return p.toRealPath().toString();
            } catch (IOException e) {
                throw new RequestException("store '" + name + "' could not be opened: " + e.getMessage(), e);
            }
        }
        return null;
    }

    private String resolveS3(String name) {
        S3Location loc;
        try {
            loc = S3Location.parse(name);
        } catch (StoreException e) {
            throw new RequestException("store '" + name + "': " + e.getMessage(), e);
        }
        for (S3Location root : s3Roots) {
            boolean inside = root.bucket().equals(loc.bucket()) && (root.prefix().isEmpty()
                    || loc.prefix().equals(root.prefix()) || loc.prefix().startsWith(root.prefix() + "/"));
            if (inside) {
                if (!isZarrNode(loc.toString())) {
                    throw new RequestException("store '" + name + "' holds no Zarr metadata (none of zarr.json, .zgroup,"
                            + " .zarray is there): check the prefix");
                }
                return loc.toString();
            }
        }
        throw new RequestException("store '" + name + "' is not under a configured store root (" + rootList()
                + "); ask the operator to add its bucket or prefix to relay.stores");
    }

    private static S3Location childOrNull(S3Location root, String name) {
        try {
            return root.child(name.replace('\\', '/'));
        } catch (StoreException e) {
            return null;
        }
    }

    private boolean isZarrNode(String location) {
        Store s = stores.apply(location);
        for (String key : NODE_KEYS) {
            if (s.exists(key)) {
                return true;
            }
        }
        return false;
    }

    private String rootList() {
        List<String> all = new ArrayList<>(roots.stream().map(Path::toString).toList());
        s3Roots.forEach(r -> all.add(r.toString()));
        return String.join(", ", all);
    }

    /** The stores directly under the roots, as a hint. */
    private String available() {
        List<String> names = storeNames();
        return names.isEmpty() ? "(none found)" : String.join(", ", names);
    }

    /**
     * The names requests give the stores directly under the roots (folders and S3 prefixes with Zarr
     * metadata at their top or one level down), sorted; a root that cannot be read adds none.
     */
    public List<String> storeNames() {
        List<String> names = new ArrayList<>();
        for (Path root : roots) {
            try (var list = Files.list(root)) {
                list.filter(p -> isLocalZarrNode(p)).forEach(p -> names.add(p.getFileName().toString()));
            } catch (IOException e) {
                // an unreadable root just contributes no names
            }
        }
        try {
            names.addAll(s3Stores());
        } catch (org.zarrrelay.RelayException e) {
            // nor does an S3 root that cannot be listed
        }
        return names.stream().sorted().distinct().toList();
    }

    /**
     * Whether each store root can be read now: "UP", or what is wrong. A folder must exist and be
     * readable; an S3 root must answer a listing of its top level (one request).
     */
    public java.util.Map<String, String> health() {
        java.util.Map<String, String> states = new java.util.LinkedHashMap<>();
        for (Path root : roots) {
            states.put(root.toString(), !Files.isDirectory(root) ? "DOWN: the folder does not exist"
                    : !Files.isReadable(root) ? "DOWN: the folder cannot be read by this process" : "UP");
        }
        for (S3Location root : s3Roots) {
            try {
                stores.apply(root.toString()).children("");
                states.put(root.toString(), "UP");
            } catch (RuntimeException e) {
                states.put(root.toString(), "DOWN: " + e.getMessage());
            }
        }
        return states;
    }

    /**
     * The stores directly under the S3 roots, by the names a request gives them ({@code sample.zarr}):
     * one listing of each root's top level, then a look for Zarr metadata in each entry, so chunks
     * are never listed.
     */
    public List<String> s3Stores() {
        List<String> names = new ArrayList<>();
        for (S3Location root : s3Roots) {
            for (String name : stores.apply(root.toString()).children("")) {
                S3Location child = name.startsWith(".") ? null : childOrNull(root, name);
                if (child != null && isZarrNode(child.toString())) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** A folder with Zarr metadata at its top or one level down (a store holding arrays "0", "1", ...). */
    private static boolean isLocalZarrNode(Path p) {
        if (!Files.isDirectory(p) || p.getFileName().toString().startsWith(".")) {
            return false;
        }
        for (String key : NODE_KEYS) {
            if (Files.exists(p.resolve(key))) {
                return true;
            }
        }
        try (var children = Files.list(p)) {
            return children.anyMatch(c -> Files.isDirectory(c)
                    && java.util.Arrays.stream(NODE_KEYS).anyMatch(k -> Files.exists(c.resolve(k))));
        } catch (IOException e) {
            return false;
        }
    }
}
