package org.zarrrelay.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a write-back does about voxels that both the result and the store changed since the export ({@code "on-conflict"}). */
public enum OnConflict {
    /** The whole write-back is refused, nothing written (the default). */
    REFUSE("refuse"),
    /** The result wins on those voxels. */
    OVERWRITE("overwrite");

    private final String text;

    OnConflict(String text) {
        this.text = text;
    }

    @JsonValue
    public String text() {
        return text;
    }

    public static OnConflict parse(String value, String where) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (OnConflict c : values()) {
            if (c.text.equals(v)) {
                return c;
            }
        }
        throw new RequestException(where + " is '" + value + "', which is not known: use \"overwrite\" to let the result"
                + " win, or leave it out to refuse write-backs with conflicts");
    }

    @JsonCreator
    static OnConflict fromJson(String value) {
        return parse(value, "on-conflict");
    }
}
