package org.zarrrelay.camel;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.zarrrelay.RelayException;

/**
 * The name endings a watched folder takes (relay.returns-extensions: {@code tif|nii.gz|...}),
 * matched in any case; names starting with {@code .} or {@code ~} (editors' temporary files) never.
 * Each ending is quoted in the pattern, so the dot of {@code nii.gz} is a dot, not any character.
 */
record FileEndings(List<String> endings) {
    static final FileEndings REQUESTS = new FileEndings(List.of("json"));
    private static final Pattern ENDING = Pattern.compile("[A-Za-z0-9]+(\\.[A-Za-z0-9]+)*");

    FileEndings {
        endings = List.copyOf(endings);
        if (endings.isEmpty()) {
            throw new IllegalArgumentException("no file endings");
        }
    }

    /** Parses a setting's value: endings without their leading dot, separated by {@code |}. */
    static FileEndings parse(String key, String value) {
        List<String> endings = List.of(value.split("\\|", -1));
        for (String e : endings) {
            if (!ENDING.matcher(e).matches()) {
                throw new RelayException(key + " is '" + value + "', and '" + e + "' is not a file ending: list endings"
                        + " of letters and digits without their leading dot, separated by |, e.g. tif|tiff|npy|nii.gz");
            }
        }
        return new FileEndings(endings);
    }

    /** The names taken, as a regular expression that is case-insensitive by itself (for Camel's include). */
    String regex() {
        return "(?i)[^.~].*\\.(?:" + endings.stream().map(Pattern::quote).collect(Collectors.joining("|")) + ")";
    }

    boolean takes(String name) {
        return Pattern.matches(regex(), name);
    }

    /** For people: "names ending .tif or .npy". */
    String describe() {
        return "names ending ." + String.join(" or .", endings);
    }
}
