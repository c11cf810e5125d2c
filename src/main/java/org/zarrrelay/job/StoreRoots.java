package org.zarrrelay.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories an operator lets requests reach. A request names a store by a relative path;
 * it is resolved under each root in turn and must stay inside that root even after symlinks are
 * followed, so a request can never read or write anywhere else.
 */
public final class StoreRoots {
    private final List<Path> roots;

    public StoreRoots(List<Path> roots) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("no store roots configured: set relay.stores");
        }
        this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    public List<Path> roots() {
        return roots;
    }

    /** The store directory a request means, or an error saying why the name is refused. */
    public Path resolve(String name) {
        if (name.contains("://")) {
            throw new RequestException("store '" + name + "' is a URI; only stores under the configured roots can be"
                    + " used (" + rootList() + "): name the store by its path relative to a root");
        }
        if (name.startsWith("/") || name.startsWith("\\") || name.startsWith("~") || name.matches("^[A-Za-z]:.*")) {
            throw new RequestException("store '" + name + "' is an absolute path; name it relative to a store root ("
                    + rootList() + "), e.g. \"sample.zarr\"");
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
                return real;
            } catch (IOException e) {
                throw new RequestException("store '" + name + "' could not be opened: " + e.getMessage(), e);
            }
        }
        throw new RequestException("store '" + name + "' was not found under any store root (" + rootList()
                + "); stores there: " + available());
    }

    private String rootList() {
        return String.join(", ", roots.stream().map(Path::toString).toList());
    }

    private String available() {
        List<String> names = new ArrayList<>();
        for (Path root : roots) {
            try (var list = Files.list(root)) {
                list.filter(Files::isDirectory).forEach(p -> names.add(p.getFileName().toString()));
            } catch (IOException e) {
                // an unreadable root just contributes no names to the hint
            }
        }
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }
}
