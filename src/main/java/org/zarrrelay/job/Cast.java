package org.zarrrelay.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import org.zarrrelay.volume.Casts;

/**
 * What a returned file of another type than the export may do ({@code "cast"}). By default the
 * type must stay the same: a tool that changed it usually changed the values too (Fiji's 8-bit
 * conversion rescales intensities).
 */
public enum Cast {
    /** The result must have the exported type (the default). */
    SAME("same", Casts.Mode.LOSSLESS),
    /** Any type whose every value the array's type holds (uint8 into uint16). */
    LOSSLESS("lossless", Casts.Mode.LOSSLESS),
    /** Any type; values are truncated toward zero and clamped to the array's range. */
    CLAMP("clamp", Casts.Mode.CLAMP),
    /** Any type; values are rounded to nearest and clamped to the array's range. */
    ROUND("round", Casts.Mode.ROUND);

    private final String text;
    private final Casts.Mode mode;

    Cast(String text, Casts.Mode mode) {
        this.text = text;
        this.mode = mode;
    }

    @JsonValue
    public String text() {
        return text;
    }

    /** How voxels are converted once the type change is allowed. */
    public Casts.Mode mode() {
        return mode;
    }

    /** @param where where the value was given, for the message ({@code "cast" in the request}, {@code --cast}) */
    public static Cast parse(String value, String where) {
        for (Cast c : values()) {
            if (c.text.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new RequestException(where + " is '" + value + "', which is not known: use one of "
                + Arrays.stream(values()).map(Cast::text).toList());
    }

    @JsonCreator
    static Cast fromJson(String value) {
        return parse(value, "cast");
    }
}
