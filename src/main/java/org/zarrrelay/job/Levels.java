package org.zarrrelay.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which pyramid levels a write-back may change ({@code "levels"}). */
public enum Levels {
    /** Level 0 and (recomputed) every coarser level: the default; a result exported from a coarser level is refused. */
    FROM_FINEST("from-finest"),
    /** The level exported from and the coarser ones; the finer levels are left as they are. */
    THIS_AND_COARSER("this-and-coarser");

    private final String text;

    Levels(String text) {
        this.text = text;
    }

    @JsonValue
    public String text() {
        return text;
    }

    public static Levels parse(String value, String where) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals(THIS_AND_COARSER.text)) {
            return THIS_AND_COARSER;
        }
        if (v.equals(FROM_FINEST.text)) {
            return FROM_FINEST;
        }
        throw new RequestException(where + " is '" + value + "', which is not known: use \"" + THIS_AND_COARSER.text
                + "\" or leave it out");
    }

    @JsonCreator
    static Levels fromJson(String value) {
        return parse(value, "levels");
    }
}
