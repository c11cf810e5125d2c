package org.zarrrelay.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.zarrrelay.RelayException;
import org.zarrrelay.format.Formats;
import org.zarrrelay.format.VolumeFormat;
import org.zarrrelay.ome.LabelImages;

/**
 * A request to export a region (see INTERFACES.md, "Region request"), every option already parsed:
 * the format into a {@link VolumeFormat}, the write-back options into enums. {@code region} is kept
 * as the user wrote it and parsed against the array once the array is known.
 *
 * @param level   for OME-Zarr: the resolution level to export (null: the array as named)
 * @param target  null (write back in place) or "labels/<name>": write the result into that label image
 * @param options write-back options given with the request
 */
public record RegionRequest(String id, String store, String array, String region, VolumeFormat format, Integer level,
                            String target, WritebackOptions options) implements Request {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final Set<String> FIELDS = Set.of("id", "store", "array", "region", "offset", "shape", "format",
            "cast", "target", "level", "levels", "on-conflict");

    public RegionRequest {
        checkId(id);
        if (store == null || store.isBlank()) {
            throw new RequestException("the request names no store: add \"store\": \"<name under a store root>\"");
        }
        if (region == null || region.isBlank()) {
            throw new RequestException("the request names no region: add \"region\": \"z0:z1,y0:y1,x0:x1\"");
        }
        array = array == null ? "" : array;
        format = format == null ? Formats.byName("tiff") : format;
        if (level != null && level < 0) {
            throw new RequestException("level " + level + " is negative: levels count from 0 (the finest)");
        }
        if (target != null) {
            LabelImages.nameOf(target);
        }
        options = options == null ? WritebackOptions.NONE : options;
    }

    public RegionRequest withId(String newId) {
        return new RegionRequest(newId, store, array, region, format, level, target, options);
    }

    /** A fresh id: time of day plus randomness, sortable and unique enough for one lab. */
    public static String newId() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
    }

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches() && !id.startsWith(".") && !id.contains("..");
    }

    static void checkId(String id) {
        if (id != null && !isValidId(id)) {
            throw new RequestException("id '" + id + "' is not allowed: use 1 to 64 letters, digits, '.', '_' or '-',"
                    + " not starting with '.' (or leave it out and one is generated)");
        }
    }

    /** Parses a request object; a missing id is generated. */
    static RegionRequest from(ObjectNode obj) {
        Requests.onlyFields(obj, FIELDS);
        Integer level = null;
        if (obj.hasNonNull("level")) {
            if (!obj.get("level").canConvertToInt() || !obj.get("level").isIntegralNumber()) {
                throw new RequestException("\"level\" must be a whole number (0 is the finest), found " + obj.get("level"));
            }
            level = obj.get("level").asInt();
        }
        String region = Requests.text(obj, "region");
        if (region == null && (obj.has("offset") || obj.has("shape"))) {
            region = regionFrom(obj.path("offset"), obj.path("shape"));
        }
        String id = Requests.text(obj, "id");
        String format = Requests.text(obj, "format");
        VolumeFormat f;
        try {
            f = format == null ? null : Formats.byName(format);
        } catch (RelayException e) {
            throw new RequestException("\"format\": " + e.getMessage(), e);
        }
        return new RegionRequest(id == null ? newId() : id, Requests.text(obj, "store"), Requests.text(obj, "array"),
                region, f, level, Requests.text(obj, "target"), WritebackOptions.from(obj, " in the request"));
    }

    private static String regionFrom(JsonNode offset, JsonNode shape) {
        if (!offset.isArray() || !shape.isArray() || offset.size() != shape.size() || offset.isEmpty()) {
            throw new RequestException("\"offset\" and \"shape\" must be lists of integers of the same length,"
                    + " e.g. \"offset\": [40, 40, 40], \"shape\": [10, 10, 10]");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < offset.size(); i++) {
            if (!offset.get(i).canConvertToLong() || !shape.get(i).canConvertToLong()) {
                throw new RequestException("\"offset\" and \"shape\" must hold integers, found " + offset + " and " + shape);
            }
            long o = offset.get(i).asLong();
            sb.append(i == 0 ? "" : ",").append(o).append(':').append(o + shape.get(i).asLong());
        }
        return sb.toString();
    }
}
