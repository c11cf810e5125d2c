package org.zarrrelay.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
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
        for (String key : store.list("")) {
            String name = key.substring(key.lastIndexOf('/') + 1);
            String parent = key.contains("/") ? key.substring(0, key.lastIndexOf('/')) : "";
            if (name.equals(ZarrV2Metadata.ARRAY_KEY)) {
                arrays.add(parent);
            } else if (name.equals(ZarrV3Metadata.KEY)) {
                JsonNode json = Json.parse(store.get(key), store.describe() + "/" + key);
                if ("array".equals(json.path("node_type").asText())) {
                    arrays.add(parent);
                }
            }
        }
        return arrays;
    }

    /** Paths of every group in the store ("" for the root), sorted. */
    public static List<String> groupPaths(Store store) {
        List<String> groups = new ArrayList<>();
        for (String key : store.list("")) {
            String name = key.substring(key.lastIndexOf('/') + 1);
            String parent = key.contains("/") ? key.substring(0, key.lastIndexOf('/')) : "";
            if (name.equals(ZarrV2Metadata.GROUP_KEY)) {
                groups.add(parent);
            } else if (name.equals(ZarrV3Metadata.KEY)
                    && "group".equals(Json.parse(store.get(key), store.describe() + "/" + key).path("node_type").asText())) {
                groups.add(parent);
            }
        }
        return groups;
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
