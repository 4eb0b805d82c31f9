package io.gatehouse.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.filters.Filter;
import io.gatehouse.platform.TextInput;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The bounds of a SCIM filter (and of a PATCH path's value filter), checked on its text before the
 * UnboundID parser sees it, then on the parsed tree. Beyond about 1,000 levels of {@code not (} or
 * 2,000 {@code or} terms the recursive steps after the parser (this service's JPQL, EclipseLink's
 * JPQL parser) ran out of stack: a 500 for anyone holding a SCIM token. Real clients send a handful
 * of terms (Okta and Entra ID one or two). The SDK also read an unclosed {@code [} as closed and
 * stopped reading at a NUL, so such filters ran as if complete. Advertised in /ServiceProviderConfig.
 */
final class FilterGuard {
    /** Characters of filter text: 500 comparisons with an id ({@code members.value eq "<uuid>" or }, 60) fit. */
    static final int MAX_LENGTH = 32_768;
    /** Nesting of parentheses ({@code not (} included) and brackets. */
    static final int MAX_DEPTH = 50;
    /** Comparisons ({@code eq}, {@code pr}, ...) joined by {@code and} / {@code or}. */
    static final int MAX_TERMS = 500;

    private FilterGuard() {
    }

    /**
     * What is wrong with the text of a filter or path ("is longer than ...", "has an unclosed '['"),
     * or null. One pass, no recursion, so any input is cheap to refuse: bounds, control characters,
     * strings left open, and brackets and parentheses that do not pair up.
     */
    static String problem(String text) {
        if (text.length() > MAX_LENGTH) {
            return "is longer than " + MAX_LENGTH + " characters";
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return "contains the control character U+" + String.format("%04X", (int) text.charAt(i));
            }
        }
        Deque<Character> open = new ArrayDeque<>();
        int terms = 1;
        int wordStart = -1;
        boolean inString = false;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            boolean delimiter = c == ' ' || c == '"' || c == '(' || c == ')' || c == '[' || c == ']';
            if (!delimiter) {
                wordStart = wordStart < 0 ? i : wordStart;
                continue;
            }
            if (wordStart >= 0 && isJoiner(text, wordStart, i) && ++terms > MAX_TERMS) {
                return "has more than " + MAX_TERMS + " comparisons";
            }
            wordStart = -1;
            if (c == '"') {
                inString = true;
            } else if (c == '(' || c == '[') {
                open.push(c);
                if (open.size() > MAX_DEPTH) {
                    return "is nested deeper than " + MAX_DEPTH + " levels of parentheses and brackets";
                }
            } else if (c == ')' || c == ']') {
                char opening = c == ')' ? '(' : '[';
                if (open.isEmpty() || open.pop() != opening) {
                    return "has a '" + c + "' without a matching '" + opening + "'";
                }
            }
        }
        if (inString) {
            return "has a string without its closing '\"'";
        }
        return open.isEmpty() ? null : "has an unclosed '" + open.peek() + "'";
    }

    private static boolean isJoiner(String text, int start, int end) {
        int length = end - start;
        return (length == 3 && text.regionMatches(true, start, "and", 0, 3))
                || (length == 2 && text.regionMatches(true, start, "or", 0, 2));
    }

    /**
     * What is wrong with a parsed filter, or null: more comparisons than the text showed (so the two
     * counts cannot drift apart), or a comparison with text holding NUL or a lone surrogate, which the
     * escapes of the filter's JSON strings produce from plain ASCII. No recursion.
     */
    static String problem(Filter filter) {
        Deque<Filter> pending = new ArrayDeque<>();
        pending.push(filter);
        int terms = 0;
        while (!pending.isEmpty()) {
            Filter next = pending.pop();
            switch (next.getFilterType()) {
                case AND, OR -> next.getCombinedFilters().forEach(pending::push);
                case NOT -> pending.push(next.getInvertedFilter());
                case COMPLEX_VALUE -> pending.push(next.getValueFilter());
                default -> {
                    if (++terms > MAX_TERMS) {
                        return "has more than " + MAX_TERMS + " comparisons";
                    }
                    JsonNode value = next.getComparisonValue();
                    String problem = value != null && value.isTextual() ? TextInput.problem(value.textValue()) : null;
                    if (problem != null) {
                        return "compares '" + next.getAttributePath() + "' with a value that " + problem;
                    }
                }
            }
        }
        return null;
    }
}
