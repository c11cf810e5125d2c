package org.zarrrelay.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.zarrrelay.ome.LabelImages;
import org.zarrrelay.zarr.Json;

/**
 * A request to export a region (see INTERFACES.md, "Region request"). {@code region} is kept as
 * the user wrote it and parsed against the array once the array is known.
 *
 * @param cast   how a returned file of a wider type may be narrowed: null (refuse), "clamp" or "round"
 * @param level  for OME-Zarr: the resolution level to export (null: the array as named, or level 0)
 * @param levels null, or "this-and-coarser" to allow writing back into a level other than 0
 * @param target null (write back in place) or "labels/<name>": write the result into that label image
 */
public record RegionRequest(String id, String store, String array, String region, String format, String cast,
                            Integer level, String levels, String target) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Set<String> FIELDS = Set.of("id", "store", "array", "region", "offset", "shape", "format",
            "cast", "target", "level", "levels");

    public RegionRequest {
        if (id != null && (!ID.matcher(id).matches() || id.startsWith(".") || id.contains(".."))) {
            throw new RequestException("id '" + id + "' is not allowed: use 1 to 64 letters, digits, '.', '_' or '-',"
                    + " not starting with '.' (or leave it out and one is generated)");
        }
        if (store == null || store.isBlank()) {
            throw new RequestException("the request names no store: add \"store\": \"<name under a store root>\"");
        }
        if (region == null || region.isBlank()) {
            throw new RequestException("the request names no region: add \"region\": \"z0:z1,y0:y1,x0:x1\"");
        }
        array = array == null ? "" : array;
        format = format == null ? "tiff" : format.toLowerCase(Locale.ROOT);
        if (cast != null && !cast.equals("clamp") && !cast.equals("round")) {
            throw new RequestException("cast '" + cast + "' is not known: use \"clamp\" or \"round\", or leave it out"
                    + " to refuse lossy conversions");
        }
        if (level != null && level < 0) {
            throw new RequestException("level " + level + " is negative: levels count from 0 (the finest)");
        }
        if (target != null) {
            LabelImages.nameOf(target);
        }
        if (levels != null && !levels.equals("this-and-coarser")) {
            throw new RequestException("\"levels\": \"" + levels + "\" is not known: use \"this-and-coarser\" or leave it out");
        }
    }

    public RegionRequest withId(String newId) {
        return new RegionRequest(newId, store, array, region, format, cast, level, levels, target);
    }

    /** A fresh id: time of day plus randomness, sortable and unique enough for one lab. */
    public static String newId() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
    }

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches() && !id.startsWith(".") && !id.contains("..");
    }

    /** Parses request JSON; a missing id is generated. */
    public static RegionRequest parse(byte[] json) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new RequestException("the request is not valid JSON (" + firstLine(e.getMessage())
                    + "): write an object like {\"store\": \"sample.zarr\", \"array\": \"0\", \"region\": \"0:10,0:10,0:10\"}");
        }
        if (!(node instanceof ObjectNode obj)) {
            throw new RequestException("the request must be a JSON object, like {\"store\": \"sample.zarr\", \"array\": \"0\","
                    + " \"region\": \"0:10,0:10,0:10\"}");
        }
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new RequestException("the request has an unknown field '" + f + "': known fields are " + FIELDS);
            }
        }
        Integer level = null;
        if (obj.hasNonNull("level")) {
            if (!obj.get("level").canConvertToInt() || !obj.get("level").isIntegralNumber()) {
                throw new RequestException("\"level\" must be a whole number (0 is the finest), found " + obj.get("level"));
            }
            level = obj.get("level").asInt();
        }
        String region = text(obj, "region");
        if (region == null && (obj.has("offset") || obj.has("shape"))) {
            region = regionFrom(obj.path("offset"), obj.path("shape"));
        }
        String id = text(obj, "id");
        return new RegionRequest(id == null ? newId() : id, text(obj, "store"), text(obj, "array"), region,
                text(obj, "format"), text(obj, "cast"), level, text(obj, "levels"), text(obj, "target"));
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

    private static String text(ObjectNode obj, String field) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() && !v.isNumber()) {
            throw new RequestException("\"" + field + "\" must be a string, found " + v);
        }
        return v.asText();
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
    }
}
