package io.gatehouse.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.scim2.common.filters.Filter;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The bounds and well-formedness FilterGuard checks before the SDK's parser, and after it. */
class FilterGuardTest {
    private static final Map<String, FilterQuery.Attribute> ATTRIBUTES = Map.of(
            "username", FilterQuery.Attribute.of("u.userNameKey", FilterQuery.Kind.TEXT),
            "externalid", FilterQuery.Attribute.of("u.externalId", FilterQuery.Kind.EXACT_TEXT),
            "emails.type", FilterQuery.Attribute.of("u.emailType", FilterQuery.Kind.TEXT),
            "emails.value", FilterQuery.Attribute.of("u.emailKey", FilterQuery.Kind.TEXT));

    @ParameterizedTest
    @ValueSource(strings = {
            "userName eq \"a\"",
            "userName pr",
            "emails[type eq \"work\" and value co \"@example.com\"]",
            "not (userName eq \"a\") and (externalId eq \"x\" or externalId eq \"y\")",
            "userName eq \"(unbalanced [inside] a string))\"",
            "userName eq \"an escaped \\\" quote and a ]\"",
            "userName eq \"\\\\\"",
            "userName eq \"sandor\" or userName eq \"ordinary\"",
            "userName eq \"\\u0041 escapes are the parser's\"",
            "userName eq \"emoji \uD83D\uDE00 pairs are characters\"",
            "(userName eq \"a\")and(externalId eq \"b\")",
            "emails[type eq \"work\"].value"})
    void wellFormedTextPasses(String filter) {
        assertNull(FilterGuard.problem(filter), filter);
    }

    static Stream<Arguments> refusedText() {
        return Stream.of(
                Arguments.of("emails[type eq \"work\"", "unclosed '['"),
                Arguments.of("emails[type eq \"work\" and value co \"x\"", "unclosed '['"),
                Arguments.of("(userName eq \"a\"", "unclosed '('"),
                Arguments.of("not (not (userName eq \"a\")", "unclosed '('"),
                Arguments.of("userName eq \"a\")", "')' without a matching '('"),
                Arguments.of("emails[type eq \"work\"]]", "']' without a matching '['"),
                Arguments.of("emails[type eq \"work\")", "')' without a matching '('"),
                Arguments.of("(emails[type eq \"work\")]", "')' without a matching '('"),
                Arguments.of("userName eq \"a", "closing '\"'"),
                Arguments.of("userName eq \"a\\\"", "closing '\"'"),
                Arguments.of("userName eq \"a\\", "closing '\"'"),
                Arguments.of("userName eq \"a\"\u0000 or userName pr", "control character U+0000"),
                Arguments.of("userName eq \"a\u0000\"", "control character U+0000"),
                Arguments.of("userName eq \"a\"\tor userName pr", "control character U+0009"),
                Arguments.of("userName eq \"a\n\"", "control character U+000A"),
                Arguments.of("not (".repeat(1000) + "userName pr" + ")".repeat(1000), "deeper than 50"),
                Arguments.of("not (".repeat(51) + "userName pr" + ")".repeat(51), "deeper than 50"),
                Arguments.of("(".repeat(51) + "userName pr" + ")".repeat(51), "deeper than 50"),
                Arguments.of("emails[" + "(".repeat(50) + "type pr" + ")".repeat(50) + "]", "deeper than 50"),
                Arguments.of("(".repeat(5000), "deeper than 50"),
                Arguments.of(chain(" or ", 501), "more than 500 comparisons"),
                Arguments.of(chain(" AND ", 1000), "more than 500 comparisons"),
                Arguments.of(chain(" Or ", 300) + " and " + chain(" oR ", 201), "more than 500 comparisons"),
                Arguments.of("userName eq \"" + "x".repeat(FilterGuard.MAX_LENGTH) + "\"", "longer than " + FilterGuard.MAX_LENGTH));
    }

    @ParameterizedTest
    @MethodSource
    void refusedText(String filter, String expected) {
        String problem = FilterGuard.problem(filter);
        assertNotNull(problem, filter);
        assertTrue(problem.contains(expected), problem);
    }

    @Test
    void theLimitsThemselvesPass() {
        assertNull(FilterGuard.problem("not (".repeat(50) + "userName pr" + ")".repeat(50)));
        assertNull(FilterGuard.problem("(".repeat(49) + "emails[type pr]" + ")".repeat(49)));
        assertNull(FilterGuard.problem(chain(" or ", 500)));
        String longest = "userName eq \"" + "x".repeat(FilterGuard.MAX_LENGTH - 14) + "\"";
        assertEquals(FilterGuard.MAX_LENGTH, longest.length());
        assertNull(FilterGuard.problem(longest));
    }

    @Test
    void joinersAreCountedAsWordsNotInsideNamesOrStrings() {
        // "organization", "order" and the quoted " or " hold the letters but are no joiners
        assertNull(FilterGuard.problem(chain(" or ", 500).replace("userName", "organization")));
        assertNull(FilterGuard.problem(chain(" or ", 250) + " or userName eq \"" + " or ".repeat(1000) + "\""));
    }

    static Stream<Arguments> refusedTrees() {
        return Stream.of(
                Arguments.of("userName eq \"a\\u0000b\"", "NUL"),
                Arguments.of("externalId eq \"\\u0000\"", "NUL"),
                Arguments.of("emails[value co \"\\u0000\"]", "NUL"),
                Arguments.of("not (userName sw \"\\ud800\")", "unpaired UTF-16 surrogate (U+D800)"),
                Arguments.of("userName eq \"ok\" or userName eq \"\\udc00x\"", "unpaired UTF-16 surrogate (U+DC00)"),
                Arguments.of("userName eq \"\\ud83d\\ud83d\"", "unpaired"));
    }

    @ParameterizedTest
    @MethodSource
    void refusedTrees(String filter, String expected) throws Exception {
        assertNull(FilterGuard.problem(filter), "the text itself is plain ASCII: " + filter);
        String problem = FilterGuard.problem(Filter.fromString(filter));
        assertNotNull(problem, filter);
        assertTrue(problem.contains(expected), problem);
    }

    @Test
    void treesWithinTheLimitsPass() throws Exception {
        assertNull(FilterGuard.problem(Filter.fromString(chain(" or ", 500))));
        assertNull(FilterGuard.problem(Filter.fromString("userName eq \"\\ud83d\\ude00\"")), "an escaped pair is a character");
        assertNotNull(FilterGuard.problem(Filter.fromString(chain(" or ", 501))), "the tree is counted too");
    }

    @ParameterizedTest
    @ValueSource(strings = {"emails[type eq \"work\"", "userName eq \"a\\u0000\"", "userName eq \"a\"\u0000 or userName pr"})
    void filterQueryRefusesWithInvalidFilter(String filter) {
        ScimProblem problem = assertThrows(ScimProblem.class, () -> FilterQuery.parse(filter, ATTRIBUTES, new StringBuilder()));
        assertEquals(400, problem.status());
        assertEquals("invalidFilter", problem.scimType());
    }

    @Test
    void longChainsBecomeShallowJpql() {
        StringBuilder jpql = new StringBuilder();
        FilterQuery query = FilterQuery.parse(chain(" or ", 500), ATTRIBUTES, jpql);
        assertEquals(500, query.parameters().size());
        int depth = 0;
        int deepest = 0;
        for (char c : jpql.toString().toCharArray()) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            deepest = Math.max(deepest, depth);
        }
        assertEquals(0, depth);
        assertTrue(deepest <= 12, "balanced: 9 levels of OR and the comparison's own: " + deepest);
        assertEquals(500, jpql.toString().split(" OR ", -1).length, "every term is there once");
    }

    private static String chain(String operator, int terms) {
        StringBuilder filter = new StringBuilder();
        for (int i = 0; i < terms; i++) {
            filter.append(i == 0 ? "" : operator).append("userName eq \"u").append(i).append("\"");
        }
        return filter.toString();
    }
}
