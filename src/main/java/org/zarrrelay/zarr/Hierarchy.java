package org.zarrrelay.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.zarrrelay.zarr.metadata.ZarrV2Metadata;
import org.zarrrelay.zarr.metadata.ZarrV3Metadata;
import org.zarrrelay.zarr.store.Store;

/** Finds arrays and groups in a store, and creates groups. */
public final class Hierarchy {
    private Hierarchy() {
    }

    /** Paths of every array in the store ("" for a root array), sorted. */
    public static List<String> arrayPaths(Store store) {
        List<String> arrays = new ArrayList<>();
        walk(store, "", arrays, new ArrayList<>());
        Collections.sort(arrays);
        return arrays;
    }

    /** Paths of every group in the store ("" for the root), sorted. */
    public static List<String> groupPaths(Store store) {
        List<String> groups = new ArrayList<>();
        walk(store, "", new ArrayList<>(), groups);
        Collections.sort(groups);
        return groups;
    }

    /**
     * Visits the folder {@code prefix} one level at a time ({@link Store#children}), so chunks are
     * never listed: an array's folder is not entered, since nothing inside an array is a node.
     * Names starting with "." are not entered either: they are metadata files, or hidden folders
     * such as the relay's own {@code .zarr-relay/}.
     */
    private static void walk(Store store, String prefix, List<String> arrays, List<String> groups) {
        List<String> names = store.children(prefix);
        if (names.contains(ZarrV2Metadata.ARRAY_KEY)) {
            arrays.add(prefix);
            return;
        }
        if (names.contains(ZarrV3Metadata.KEY)) {
            String key = ZarrArray.key(prefix, ZarrV3Metadata.KEY);
            String type = Json.parse(store.get(key), store.describe() + "/" + key).path("node_type").asText();
            if ("array".equals(type)) {
                arrays.add(prefix);
                return;
            }
            if ("group".equals(type)) {
                groups.add(prefix);
            }
        } else if (names.contains(ZarrV2Metadata.GROUP_KEY)) {
            groups.add(prefix);
        }
        for (String name : names) {
            if (!name.startsWith(".") && !name.equals(ZarrV3Metadata.KEY)) {
                walk(store, ZarrArray.key(prefix, name), arrays, groups);
            }
        }
    }

    /** Creates (or overwrites) a group's metadata with the given attributes. */
    public static void createGroup(Store store, String path, int zarrFormat, ObjectNode attributes) {
        String p = ZarrArray.normalise(path);
        ObjectNode attrs = attributes == null ? JsonNodeFactory.instance.objectNode() : attributes;
        if (zarrFormat == 3) {
            ObjectNode z = JsonNodeFactory.instance.objectNode();
            z.put("zarr_format", 3);
            z.put("node_type", "group");
            z.set("attributes", attrs);
            store.put(ZarrArray.key(p, ZarrV3Metadata.KEY), Json.bytes(z));
        } else if (zarrFormat == 2) {
            store.put(ZarrArray.key(p, ZarrV2Metadata.GROUP_KEY),
                    Json.bytes(JsonNodeFactory.instance.objectNode().put("zarr_format", 2)));
            if (!attrs.isEmpty()) {
                store.put(ZarrArray.key(p, ZarrV2Metadata.ATTRS_KEY), Json.bytes(attrs));
            }
        } else {
            throw new ZarrException("zarr_format " + zarrFormat + " is not supported: use 2 or 3");
        }
    }
}
