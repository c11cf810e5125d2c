package org.zarrrelay.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/** Field checks shared by the request kinds. */
final class Requests {
    private Requests() {
    }

    static void onlyFields(ObjectNode obj, Set<String> known) {
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new RequestException("the request has an unknown field '" + f + "': known fields are "
                        + new TreeSet<>(known));
            }
        }
    }

    static String text(ObjectNode obj, String field) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() && !v.isNumber()) {
            throw new RequestException("\"" + field + "\" must be a string, found " + v);
        }
        return v.asText();
    }

    static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
    }
}
