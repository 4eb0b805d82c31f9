package io.gatehouse.platform;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Text no API of Gatehouse accepts anywhere: NUL (U+0000), which PostgreSQL cannot store in a text
 * column (a 500 there, stored on H2 and MariaDB), and lone UTF-16 surrogates (JSON's "\ud800", or
 * its UTF-8 bytes), which are not characters at all and which the database driver's encoder silently
 * turns into '?'. Each protocol refuses them at its edge, before anything reaches the database.
 */
public final class TextInput {
    private TextInput() {
    }

    /** What makes the text unacceptable ("contains ..."), or null when it is fine. */
    public static String problem(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return "contains a NUL character (U+0000)";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a pair: one character outside the BMP, such as an emoji
            } else if (Character.isSurrogate(c)) {
                return "contains an unpaired UTF-16 surrogate (U+" + Integer.toHexString(c).toUpperCase(Locale.ROOT)
                        + "), which is not a character";
            }
        }
        return null;
    }

    /**
     * The first field name or string of a JSON document that is unacceptable, as "'emails[0].value'
     * contains ..." (or "The request body contains ..." for a bare string); null when all are fine.
     */
    public static String problem(JsonNode node) {
        return problem(node, "");
    }

    private static String problem(JsonNode node, String path) {
        if (node.isTextual()) {
            String problem = problem(node.textValue());
            return problem == null ? null : where(path) + " " + problem;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String problem = problem(node.get(i), path + "[" + i + "]");
                if (problem != null) {
                    return problem;
                }
            }
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                String problem = problem(field.getKey());
                if (problem != null) {
                    return "The field name " + where(name) + " " + problem;
                }
                problem = problem(field.getValue(), name);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    private static String where(String path) {
        // the path itself may hold the character, so it is shown escaped
        return path.isEmpty() ? "The request body" : "'" + escaped(path) + "'";
    }

    /** The text as an error message can carry it: NUL and unpaired surrogates as \\uXXXX. */
    public static String escaped(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                shown.append(c).append(text.charAt(++i));
            } else if (c == '\0' || Character.isSurrogate(c)) {
                shown.append(String.format("\\u%04x", (int) c));
            } else {
                shown.append(c);
            }
        }
        return shown.toString();
    }
}
