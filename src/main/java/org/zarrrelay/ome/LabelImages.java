package org.zarrrelay.ome;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Pattern;
import org.zarrrelay.volume.DataType;
import org.zarrrelay.zarr.Hierarchy;

import org.zarrrelay.zarr.NewArray;
import org.zarrrelay.zarr.ZarrArray;
import org.zarrrelay.zarr.metadata.ArrayMetadata;
import org.zarrrelay.zarr.store.Store;

/**
 * OME-NGFF label images (https://ngff.openmicroscopy.org/0.4/#labels-md): {@code <image>/labels/<name>}
 * is a multiscale image of integer labels with the image's geometry, listed in the
 * {@code labels} group and marked with {@code image-label}. Created on first use.
 */
public final class LabelImages {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");

    private LabelImages() {
    }

    /** The name in a target like {@code labels/cells}, or an error saying what a valid target looks like. */
    public static String nameOf(String target) {
        if (target == null || !target.startsWith("labels/") || !NAME.matcher(target.substring(7)).matches()) {
            throw new OmeException("target '" + target + "' is not supported: use \"labels/<name>\" with a name of letters,"
                    + " digits, '.', '_' or '-', e.g. \"labels/cells\"");
        }
        return target.substring(7);
    }

    /** Level 0 of label image {@code name} of the image, or null when it does not exist yet. */
    public static ZarrArray level0(Store store, Multiscales image, String name) {
        Multiscales existing = Multiscales.read(store, join(join(image.group(), "labels"), name));
        return existing == null ? null : ZarrArray.open(store, existing.fullPath(0));
    }

    /**
     * The outermost folder that creating label image {@code name} makes from nothing: the labels
     * group when the image has none yet, else the label image's own group.
     */
    public static String newFolder(Store store, Multiscales image, String name) {
        String labelsGroup = join(image.group(), "labels");
        boolean exists = store.exists(join(labelsGroup, "zarr.json")) || store.exists(join(labelsGroup, ".zgroup"));
        return exists ? join(labelsGroup, name) : labelsGroup;
    }

    /**
     * Level 0 of label image {@code name} of the image {@code image}, created (every level, zero-filled)
     * when it does not exist yet, with {@code dtype} for its voxels.
     */
    public static ZarrArray ensure(Store store, Multiscales image, String name, DataType dtype) {
        if (!dtype.isInteger() && dtype != DataType.BOOL) {
            throw new OmeException("label images hold integers, but the result is " + dtype.numpyName()
                    + ": save the segmentation as an integer image (8, 16 or 32 bit)");
        }
        String labelsGroup = join(image.group(), "labels");
        String group = join(labelsGroup, name);
        Multiscales existing = Multiscales.read(store, group);
        if (existing != null) {
            return ZarrArray.open(store, existing.fullPath(0));
        }
        ZarrArray level0 = ZarrArray.open(store, image.fullPath(0));
        int zarrFormat = level0.metadata().zarrFormat();
        boolean v05 = zarrFormat == 3;
        String version = image.version() != null ? image.version() : v05 ? "0.5" : "0.4";

        ObjectNode attrs = JsonNodeFactory.instance.objectNode();
        ObjectNode container = v05 ? attrs.putObject("ome").put("version", version) : attrs;
        ObjectNode ms = container.putArray("multiscales").addObject();
        if (!v05) {
            ms.put("version", version);
        }
        ms.put("name", name);
        ArrayNode axes = ms.putArray("axes");
        for (Axis a : image.axes()) {
            ObjectNode ax = axes.addObject().put("name", a.name());
            if (a.type() != null) {
                ax.put("type", a.type());
            }
            if (a.unit() != null) {
                ax.put("unit", a.unit());
            }
        }
        ArrayNode datasets = ms.putArray("datasets");
        for (Level l : image.levels()) {
            ObjectNode ds = datasets.addObject().put("path", l.path());
            ArrayNode transforms = ds.putArray("coordinateTransformations");
            ArrayNode scale = transforms.addObject().put("type", "scale").putArray("scale");
            for (double s : l.scale()) {
                scale.add(s);
            }
            boolean shifted = false;
            for (double t : l.translation()) {
                shifted |= t != 0;
            }
            if (shifted) {
                ArrayNode translation = transforms.addObject().put("type", "translation").putArray("translation");
                for (double t : l.translation()) {
                    translation.add(t);
                }
            }
        }
        ms.put("type", "mode");
        ObjectNode label = container.putObject("image-label");
        if (!v05) {
            label.put("version", version);
        }
        label.putObject("source").put("image", "../../");
        Hierarchy.createGroup(store, group, zarrFormat, attrs);

        for (int i = 0; i < image.levels().size(); i++) {
            ArrayMetadata m = ZarrArray.open(store, image.fullPath(i)).metadata();
            ZarrArray.create(store, join(group, image.levels().get(i).path()),
                    NewArray.of(zarrFormat, m.shape(), m.chunkShape(), dtype, "blosc:zstd:5:shuffle").toMetadata());
        }
        listInLabelsGroup(store, labelsGroup, name, zarrFormat, version);
        return ZarrArray.open(store, join(group, image.levels().get(0).path()));
    }

    /** Adds the name to the labels group's list, creating the group if needed and keeping its other attributes. */
    private static void listInLabelsGroup(Store store, String labelsGroup, String name, int zarrFormat, String version) {
        JsonNode existing = GroupAttributes.read(store, labelsGroup);
        ObjectNode attrs = existing instanceof ObjectNode o ? o.deepCopy() : JsonNodeFactory.instance.objectNode();
        if (existing == null) {
            Hierarchy.createGroup(store, labelsGroup, zarrFormat, attrs);
        }
        ObjectNode container = zarrFormat == 3 ? withObject(attrs, "ome") : attrs;
        if (zarrFormat == 3 && !container.has("version")) {
            container.put("version", version);
        }
        ArrayNode list = container.has("labels") && container.get("labels").isArray()
                ? (ArrayNode) container.get("labels") : container.putArray("labels");
        for (JsonNode n : list) {
            if (n.asText().equals(name)) {
                return;
            }
        }
        list.add(name);
        GroupAttributes.write(store, labelsGroup, attrs);
    }

    private static ObjectNode withObject(ObjectNode parent, String field) {
        return parent.get(field) instanceof ObjectNode o ? o : parent.putObject(field);
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : a + "/" + b;
    }

}
