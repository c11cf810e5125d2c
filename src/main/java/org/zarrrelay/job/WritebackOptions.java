package org.zarrrelay.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The options that only matter when a result is written back. They can be given with the request,
 * and again with the return (HTTP query parameters, CLI flags, a sidecar {@code <returned name>.json}),
 * which then wins. Null means not given.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WritebackOptions(Cast cast, Levels levels, OnConflict onConflict) {
    public static final WritebackOptions NONE = new WritebackOptions(null, null, null);
    static final Set<String> FIELDS = Set.of("cast", "levels", "on-conflict");

    /** These options, with those {@code later} gives replacing them. */
    public WritebackOptions overriddenBy(WritebackOptions later) {
        return new WritebackOptions(later.cast != null ? later.cast : cast, later.levels != null ? later.levels : levels,
                later.onConflict != null ? later.onConflict : onConflict);
    }

    public Cast castOr(Cast dflt) {
        return cast != null ? cast : dflt;
    }

    public Levels levelsOrDefault() {
        return levels != null ? levels : Levels.FROM_FINEST;
    }

    public OnConflict onConflictOrDefault() {
        return onConflict != null ? onConflict : OnConflict.REFUSE;
    }

    /** Options from strings as typed (null: not given), e.g. HTTP query parameters or CLI flags. */
    public static WritebackOptions parse(String cast, String levels, String onConflict, String where) {
        return new WritebackOptions(cast == null ? null : Cast.parse(cast, "\"cast\"" + where),
                levels == null ? null : Levels.parse(levels, "\"levels\"" + where),
                onConflict == null ? null : OnConflict.parse(onConflict, "\"on-conflict\"" + where));
    }

    /** Options from a JSON object (a request or a sidecar), which may hold other fields too. */
    public static WritebackOptions from(JsonNode obj, String where) {
        return parse(text(obj, "cast", where), text(obj, "levels", where), text(obj, "on-conflict", where), where);
    }

    /** A sidecar holds write-back options and nothing else. */
    public static WritebackOptions fromSidecar(JsonNode obj, String where) {
        if (!(obj instanceof ObjectNode o)) {
            throw new RequestException(where + " must be a JSON object like {\"cast\": \"round\"}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            String f = it.next().getKey();
            if (!FIELDS.contains(f)) {
                throw new RequestException(where + " has an unknown field '" + f + "': a sidecar holds only " + FIELDS);
            }
        }
        return from(obj, where);
    }

    private static String text(JsonNode obj, String field, String where) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new RequestException("\"" + field + "\"" + where + " must be a string, found " + v);
        }
        return v.asText();
    }
}
