package org.zarrrelay.job;

import org.zarrrelay.ome.Multiscales;
import org.zarrrelay.zarr.Hierarchy;
import org.zarrrelay.zarr.store.Store;

/** Turns a request's {@code array} and {@code level} into the path of the array to use. */
final class LevelPaths {
    private LevelPaths() {
    }

    /**
     * With no level, the array as named. With a level, {@code array} may name the image group (or be
     * empty for the store root) or any level of it; the result is that image's level {@code level}.
     */
    static String resolve(Store store, String array, Integer level) {
        if (level == null) {
            return array;
        }
        Multiscales ms = Multiscales.ofArray(store, array);
        if (ms == null) {
            ms = Multiscales.read(store, array);
        }
        if (ms == null) {
            throw new RequestException("\"level\": " + level + " needs an OME-Zarr image, but " + (array.isEmpty() ? "the store root"
                    : "'" + array + "'") + " in " + store.describe() + " has no multiscales metadata; groups there: "
                    + Hierarchy.groupPaths(store) + ". Name the image group in \"array\", or leave \"level\" out");
        }
        if (ms.levelOf(array) >= 0 && ms.levelOf(array) != level) {
            throw new RequestException("\"array\": \"" + array + "\" is level " + ms.levelOf(array) + " but \"level\" asks for "
                    + level + ": give the image group (or leave \"array\" out) with \"level\", or just the level's array");
        }
        if (level >= ms.levels().size()) {
            throw new RequestException("level " + level + " does not exist: the image has levels 0 to " + (ms.levels().size() - 1));
        }
        return ms.fullPath(level);
    }
}
