package org.zarrrelay.ome;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.zarrrelay.zarr.store.Store;

/**
 * The first {@code multiscales} entry of an OME-NGFF image group: NGFF 0.4 keeps it in the group's
 * {@code .zattrs}, 0.5 in {@code zarr.json} attributes under {@code ome}
 * (https://ngff.openmicroscopy.org/0.4/#multiscale-md, https://ngff.openmicroscopy.org/0.5/#multiscales-md).
 * Each level's scale and translation already include the top-level transformations.
 *
 * @param group  the group's path in the store ("" for the root)
 * @param method the declared downsampling method ({@code type}), or null
 * @param labelImage whether the group is a label image ({@code image-label} present)
 */
public record Multiscales(String group, String version, List<Axis> axes, List<Level> levels, String method,
                          boolean labelImage) {

    /** The multiscales of the group at {@code group}, or null when it has none. */
    public static Multiscales read(Store store, String group) {
        JsonNode attrs = GroupAttributes.read(store, group);
        if (attrs == null) {
            return null;
        }
        JsonNode container = attrs.has("ome") ? attrs.path("ome") : attrs;
        JsonNode list = container.path("multiscales");
        if (!list.isArray() || list.isEmpty()) {
            return null;
        }
        JsonNode ms = list.get(0);
        String where = "multiscales of group '" + (group.isEmpty() ? "/" : group) + "' in " + store.describe();
        String version = container.path("version").asText(ms.path("version").asText(null));
        List<Axis> axes = new ArrayList<>();
        for (JsonNode a : ms.path("axes")) {
            // NGFF 0.3 wrote axes as plain names
            axes.add(a.isTextual() ? new Axis(a.asText(), null, null)
                    : new Axis(a.path("name").asText(), a.path("type").asText(null), a.path("unit").asText(null)));
        }
        if (axes.isEmpty()) {
            throw new OmeException(where + " has no axes: NGFF 0.4 and later require them");
        }
        List<Level> levels = new ArrayList<>();
        for (JsonNode ds : ms.path("datasets")) {
            double[] scale = new double[axes.size()];
            double[] translation = new double[axes.size()];
            Arrays.fill(scale, 1);
            apply(ds.path("coordinateTransformations"), scale, translation, where);
            apply(ms.path("coordinateTransformations"), scale, translation, where);
            levels.add(new Level(ds.path("path").asText(), scale, translation));
        }
        if (levels.isEmpty()) {
            throw new OmeException(where + " lists no datasets");
        }
        String method = ms.path("type").asText(null);
        boolean label = container.has("image-label");
        return new Multiscales(group, version, List.copyOf(axes), List.copyOf(levels), method, label);
    }

    private static void apply(JsonNode transforms, double[] scale, double[] translation, String where) {
        for (JsonNode t : transforms) {
            String type = t.path("type").asText();
            JsonNode values = t.path(type);
            if (!type.equals("scale") && !type.equals("translation") && !type.equals("identity")) {
                throw new OmeException(where + " uses a '" + type + "' transformation, which is not supported");
            }
            if (type.equals("identity")) {
                continue;
            }
            if (!values.isArray() || values.size() != scale.length) {
                throw new OmeException(where + ": a " + type + " transformation must list one value per axis ("
                        + scale.length + "), found " + values + " (a 'path' to a binary file is not supported)");
            }
            for (int i = 0; i < scale.length; i++) {
                double v = values.get(i).asDouble();
                if (type.equals("scale")) {
                    scale[i] *= v;
                    translation[i] *= v;
                } else {
                    translation[i] += v;
                }
            }
        }
    }

    /** The index of the level stored at {@code arrayPath} (relative to the store), or -1. */
    public int levelOf(String arrayPath) {
        for (int i = 0; i < levels.size(); i++) {
            if (fullPath(i).equals(arrayPath)) {
                return i;
            }
        }
        return -1;
    }

    /** The store path of level {@code i}'s array. */
    public String fullPath(int i) {
        return group.isEmpty() ? levels.get(i).path() : group + "/" + levels.get(i).path();
    }

    /** The common unit of the space axes, or null. */
    public String spaceUnit() {
        String unit = null;
        for (Axis a : axes) {
            if (a.isSpace() && a.unit() != null) {
                unit = a.unit();
            }
        }
        return unit;
    }

    /** The multiscales of the group that holds {@code arrayPath}, or null. */
    public static Multiscales ofArray(Store store, String arrayPath) {
        int slash = arrayPath.lastIndexOf('/');
        Multiscales ms = read(store, slash < 0 ? "" : arrayPath.substring(0, slash));
        return ms != null && ms.levelOf(arrayPath) >= 0 ? ms : null;
    }

    /** Replaces the multiscales entry in a group's attributes, keeping everything else (omero, labels, ...). */
    public static void writeAttributes(Store store, String group, ObjectNode attributes) {
        GroupAttributes.write(store, group, attributes);
    }
}
