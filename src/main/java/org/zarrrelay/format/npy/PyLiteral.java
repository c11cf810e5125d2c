package org.zarrrelay.format.npy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the small subset of Python literals an npy header is written in (numpy reads it with
 * {@code ast.literal_eval}): dicts, tuples, lists, strings, integers and True/False/None.
 * Dicts become {@link Map}s with insertion order, tuples and lists become {@link List}s, integers
 * {@link Long}s. Anything else is refused with the position where it went wrong.
 */
final class PyLiteral {
    /**
     * numpy's own headers nest two deep (a dict holding the shape tuple), structured dtypes a few
     * more; the parser recurses per level, so a crafted header must not choose the depth.
     */
    static final int MAX_DEPTH = 32;

    private final String text;
    private int pos;
    private int depth;

    private PyLiteral(String text) {
        this.text = text;
    }

    /** @throws IllegalArgumentException saying what was expected and at which character */
    static Object parse(String text) {
        PyLiteral p = new PyLiteral(text);
        p.skipSpace();
        Object value = p.value();
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("unexpected text after the value");
        }
        return value;
    }

    private Object value() {
        if (pos >= text.length()) {
            throw error("a value is missing");
        }
        char c = text.charAt(pos);
        if (c == '{') {
            return dict();
        } else if (c == '(') {
            return sequence(')');
        } else if (c == '[') {
            return sequence(']');
        } else if (c == '\'' || c == '"') {
            return string(c);
        } else if (c == '-' || c == '+' || Character.isDigit(c)) {
            return integer();
        } else if (Character.isLetter(c)) {
            return word();
        }
        throw error("unexpected character '" + c + "'");
    }

    private Map<String, Object> dict() {
        Map<String, Object> map = new LinkedHashMap<>();
        enter();
        while (true) {
            skipSpace();
            if (peek('}')) {
                pos++;
                depth--;
                return map;
            }
            int keyAt = pos;
            Object key = value();
            if (!(key instanceof String)) {
                pos = keyAt;
                throw error("dictionary keys must be strings");
            }
            skipSpace();
            expect(':');
            skipSpace();
            if (map.put((String) key, value()) != null) {
                pos = keyAt;
                throw error("key '" + key + "' appears twice");
            }
            skipSpace();
            if (peek(',')) {
                pos++;
            } else if (!peek('}')) {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> sequence(char close) {
        List<Object> list = new ArrayList<>();
        enter();
        while (true) {
            skipSpace();
            if (peek(close)) {
                pos++;
                depth--;
                return list;
            }
            list.add(value());
            skipSpace();
            if (peek(',')) {
                pos++;
            } else if (!peek(close)) {
                throw error("expected ',' or '" + close + "'");
            }
        }
    }

    /** Steps into a dict, tuple or list. */
    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("brackets nest more than " + MAX_DEPTH + " deep");
        }
        pos++;
    }

    private String string(char quote) {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\\' && pos < text.length()) {
                char e = text.charAt(pos++);
                sb.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> e;
                });
            } else {
                sb.append(c);
            }
        }
        throw error("a string is not closed");
    }

    private Long integer() {
        int start = pos;
        if (peek('-') || peek('+')) {
            pos++;
        }
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        String digits = text.substring(start, pos);
        // Python 2 numpy wrote shapes as (3L, 4L)
        if (peek('L') || peek('l')) {
            pos++;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            pos = start;
            throw error("'" + digits + "' is not an integer that fits in 64 bits");
        }
    }

    private Object word() {
        int start = pos;
        while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
            pos++;
        }
        String w = text.substring(start, pos);
        switch (w) {
            case "True":
                return Boolean.TRUE;
            case "False":
                return Boolean.FALSE;
            case "None":
                return null;
            default:
                pos = start;
                throw error("'" + w + "' is not a literal (only True, False and None are)");
        }
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + (pos >= text.length() ? " at the end" : " at character " + pos));
    }
}
