package org.zarrrelay.ome;

import com.fasterxml.jackson.databind.JsonNode;
import org.zarrrelay.zarr.Json;
import org.zarrrelay.zarr.store.Store;

/**
 * The physical size of one voxel of an OME-Zarr level (NGFF 0.4 {@code .zattrs} or 0.5
 * {@code zarr.json} attributes under {@code ome}): the level's {@code scale} and
 * {@code translation}, and the unit of its space axes. Arrays without multiscales metadata
 * have none (null from {@link #of}).
 */
public record Calibration(double[] scale, double[] translation, String unit) {

    /** The calibration of the array at {@code arrayPath}, read from its parent group; null when there is none. */
    public static Calibration of(Store store, String arrayPath) {
        int slash = arrayPath.lastIndexOf('/');
        String group = slash < 0 ? "" : arrayPath.substring(0, slash);
        String dataset = slash < 0 ? arrayPath : arrayPath.substring(slash + 1);
        JsonNode multiscales = multiscales(store, group);
        if (multiscales == null || !multiscales.isArray() || multiscales.isEmpty()) {
            return null;
        }
        JsonNode ms = multiscales.get(0);
        for (JsonNode ds : ms.path("datasets")) {
            if (!dataset.equals(ds.path("path").asText())) {
                continue;
            }
            int rank = ms.path("axes").size();
            double[] scale = new double[rank];
            double[] translation = new double[rank];
            java.util.Arrays.fill(scale, 1);
            apply(ds.path("coordinateTransformations"), scale, translation);
            apply(ms.path("coordinateTransformations"), scale, translation);
            String unit = null;
            for (JsonNode axis : ms.path("axes")) {
                if ("space".equals(axis.path("type").asText()) && axis.hasNonNull("unit")) {
                    unit = axis.path("unit").asText();
                }
            }
            return new Calibration(scale, translation, unit);
        }
        return null;
    }

    private static void apply(JsonNode transforms, double[] scale, double[] translation) {
        for (JsonNode t : transforms) {
            JsonNode values = t.path(t.path("type").asText());
            if (!values.isArray() || values.size() != scale.length) {
                continue;
            }
            for (int i = 0; i < scale.length; i++) {
                if ("scale".equals(t.path("type").asText())) {
                    scale[i] *= values.get(i).asDouble();
                    translation[i] *= values.get(i).asDouble();
                } else if ("translation".equals(t.path("type").asText())) {
                    translation[i] += values.get(i).asDouble();
                }
            }
        }
    }

    private static JsonNode multiscales(Store store, String group) {
        String prefix = group.isEmpty() ? "" : group + "/";
        byte[] v3 = store.get(prefix + "zarr.json");
        if (v3 != null) {
            JsonNode attrs = Json.parse(v3, store.describe() + "/" + prefix + "zarr.json").path("attributes");
            return attrs.path("ome").has("multiscales") ? attrs.path("ome").path("multiscales") : attrs.get("multiscales");
        }
        byte[] v2 = store.get(prefix + ".zattrs");
        return v2 == null ? null : Json.parse(v2, store.describe() + "/" + prefix + ".zattrs").get("multiscales");
    }
}
