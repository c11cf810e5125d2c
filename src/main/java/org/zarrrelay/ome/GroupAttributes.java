package org.zarrrelay.ome;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.zarrrelay.zarr.Json;
import org.zarrrelay.zarr.store.Store;

/**
 * A group's user attributes, wherever its Zarr version keeps them: v3 {@code zarr.json}
 * {@code attributes}, v2 {@code .zattrs}. Writing replaces the attributes only; the rest of the
 * group document is kept as it was.
 */
final class GroupAttributes {
    private GroupAttributes() {
    }

    static JsonNode read(Store store, String group) {
        String prefix = group.isEmpty() ? "" : group + "/";
        byte[] v3 = store.get(prefix + "zarr.json");
        if (v3 != null) {
            return Json.parse(v3, store.describe() + "/" + prefix + "zarr.json").path("attributes");
        }
        byte[] v2 = store.get(prefix + ".zattrs");
        return v2 == null ? null : Json.parse(v2, store.describe() + "/" + prefix + ".zattrs");
    }

    static void write(Store store, String group, ObjectNode attributes) {
        String prefix = group.isEmpty() ? "" : group + "/";
        byte[] v3 = store.get(prefix + "zarr.json");
        if (v3 != null) {
            ObjectNode doc = (ObjectNode) Json.parse(v3, store.describe() + "/" + prefix + "zarr.json");
            doc.set("attributes", attributes);
            store.put(prefix + "zarr.json", Json.bytes(doc));
        } else {
            store.put(prefix + ".zattrs", Json.bytes(attributes));
        }
    }
}
