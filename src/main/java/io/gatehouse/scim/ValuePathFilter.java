package io.gatehouse.scim;

import java.util.Locale;
import java.util.Set;

/**
 * Microsoft Entra ID's filter on a value path followed by a sub-attribute,
 * {@code emails[type eq "work"].value eq "x@y"}, as the RFC 7644 3.4.2.2 filter that means the same:
 * {@code emails[(type eq "work") and value eq "x@y"]} (one value of the attribute matches both).
 * RFC 7644's ABNF has no such form and the UnboundID parser refuses it; Entra sends it when the
 * matching attribute is a typed e-mail (reported against Keycloak's SCIM server, Metatavu/keycloak-scim-server#35).
 * Only the text is rewritten, so the filter still runs as one database query. A bracket without a
 * sub-attribute and comparison after it ({@code emails[type eq "work"] eq "x"}) is left alone and
 * refused by the parser, as the RFC requires.
 */
final class ValuePathFilter {
    private static final Set<String> OPERATORS = Set.of("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr");

    private ValuePathFilter() {
    }

    /** The filter with each {@code attr[f].sub op value} folded into the brackets; other text unchanged. */
    static String rewritten(String filter) {
        StringBuilder out = new StringBuilder(filter.length() + 16);
        int copied = 0;
        int depth = 0;
        int open = -1;
        for (int i = 0; i < filter.length(); i++) {
            char c = filter.charAt(i);
            if (c == '"') {
                i = stringEnd(filter, i);
            } else if (c == '[' && depth++ == 0) {
                open = i;
            } else if (c == ']' && depth > 0 && --depth == 0) {
                int end = comparisonEnd(filter, i + 1);
                if (end > 0) {
                    out.append(filter, copied, open + 1).append('(').append(filter, open + 1, i).append(") and ")
                            .append(filter, i + 2, end).append(']');
                    copied = end;
                    i = end - 1;
                }
            }
        }
        return copied == 0 ? filter : out.append(filter, copied, filter.length()).toString();
    }

    /**
     * Where {@code .sub op value} starting at {@code from} ends, or -1 when the text there is not
     * exactly a sub-attribute name, an operator and (except for pr) one value.
     */
    private static int comparisonEnd(String text, int from) {
        if (from + 1 >= text.length() || text.charAt(from) != '.' || !Character.isLetter(text.charAt(from + 1))) {
            return -1;
        }
        int nameEnd = nameEnd(text, from + 1);
        int operatorStart = spacesEnd(text, nameEnd);
        int operatorEnd = nameEnd(text, operatorStart);
        if (operatorStart == nameEnd || !OPERATORS.contains(text.substring(operatorStart, operatorEnd).toLowerCase(Locale.ROOT))) {
            return -1;
        }
        if (operatorEnd - operatorStart == 2 && text.regionMatches(true, operatorStart, "pr", 0, 2)) {
            return operatorEnd;
        }
        int valueStart = spacesEnd(text, operatorEnd);
        if (valueStart == operatorEnd || valueStart >= text.length()) {
            return -1;
        }
        int valueEnd = text.charAt(valueStart) == '"' ? stringEnd(text, valueStart) + 1 : valueEnd(text, valueStart);
        return valueEnd == valueStart || valueEnd > text.length() ? -1 : valueEnd;
    }

    /** The index of the quote closing the string opened at {@code start} (the text's length if none). */
    private static int stringEnd(String text, int start) {
        for (int i = start + 1; i < text.length(); i++) {
            if (text.charAt(i) == '\\') {
                i++;
            } else if (text.charAt(i) == '"') {
                return i;
            }
        }
        return text.length();
    }

    /** ATTRNAME of RFC 7644's ABNF (also the length of an operator). */
    private static int nameEnd(String text, int from) {
        int i = from;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || "$_-".indexOf(text.charAt(i)) >= 0)) {
            i++;
        }
        return i;
    }

    /** An unquoted value: true, false, null or a number. */
    private static int valueEnd(String text, int from) {
        int i = from;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || "-+.".indexOf(text.charAt(i)) >= 0)) {
            i++;
        }
        return i;
    }

    private static int spacesEnd(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
