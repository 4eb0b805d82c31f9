package io.gatehouse.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Entra's {@code attr[filter].sub op value} filters, folded into RFC 7644 value filters, and what stays refused. */
class ValuePathFilterTest {

    static Stream<Arguments> rewrites() {
        return Stream.of(
                // Entra's matching query on a typed e-mail (Metatavu/keycloak-scim-server#35)
                Arguments.of("emails[type eq \"work\"].value eq \"x@y\"", "emails[(type eq \"work\") and value eq \"x@y\"]"),
                Arguments.of("emails[type eq \"work\"].value pr", "emails[(type eq \"work\") and value pr]"),
                Arguments.of("emails[type eq \"work\" or type eq \"home\"].value co \"@y\"",
                        "emails[(type eq \"work\" or type eq \"home\") and value co \"@y\"]"),
                Arguments.of("phoneNumbers[type eq \"mobile\"].value eq \"+1 555 0100\"",
                        "phoneNumbers[(type eq \"mobile\") and value eq \"+1 555 0100\"]"),
                Arguments.of("groups[type eq \"direct\"].value eq \"g1\" and active eq true",
                        "groups[(type eq \"direct\") and value eq \"g1\"] and active eq true"),
                Arguments.of("members[type eq \"User\"].value EQ \"u1\"", "members[(type eq \"User\") and value EQ \"u1\"]"),
                Arguments.of("emails[type eq \"a].b\"].value eq \"c]\\\"d\"", "emails[(type eq \"a].b\") and value eq \"c]\\\"d\"]"),
                Arguments.of("x[a eq 1].b gt 2.5", "x[(a eq 1) and b gt 2.5]"));
    }

    @ParameterizedTest
    @MethodSource("rewrites")
    void foldsTheSubAttributeComparisonIntoTheBrackets(String entra, String rfc) {
        assertEquals(rfc, ValuePathFilter.rewritten(entra));
    }

    /** RFC 7644 3.4.2.2's own examples, and anything not exactly attr[f].sub op value, are left as they are. */
    @ParameterizedTest
    @ValueSource(strings = {
            "userName eq \"bjensen\"",
            "name.familyName co \"O'Malley\"",
            "emails[type eq \"work\" and value co \"@example.com\"] or ims[type eq \"xmpp\" and value co \"@foo.com\"]",
            "userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\")",
            "emails[type eq \"work\"] eq \"user@contoso.com\"",
            "emails[type eq \"work\"].value",
            "emails[type eq \"work\"].value zz \"x\"",
            "emails[type eq \"work\"].value eq",
            "emails[type eq \"work\"]. value eq \"x\"",
            "emails[type eq \"work\"].1value eq \"x\"",
            "userName eq \"emails[type eq \\\"work\\\"].value eq x\""})
    void leavesOtherFiltersAlone(String filter) {
        assertEquals(filter, ValuePathFilter.rewritten(filter));
    }

    /** The rewritten Entra filter runs as the same database condition as the RFC filter it means. */
    @ParameterizedTest
    @MethodSource("rewrites")
    void translatesLikeTheRfcFilter(String entra, String rfc) {
        if (!entra.startsWith("emails")) {
            return; // only e-mails have columns among these
        }
        StringBuilder fromEntra = new StringBuilder();
        StringBuilder fromRfc = new StringBuilder();
        Map<String, Object> entraParameters = FilterQuery.parse(entra, ScimUsers.ATTRIBUTES, fromEntra).parameters();
        Map<String, Object> rfcParameters = FilterQuery.parse(rfc, ScimUsers.ATTRIBUTES, fromRfc).parameters();
        assertEquals(fromRfc.toString(), fromEntra.toString());
        assertEquals(rfcParameters, entraParameters);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "emails[type eq \"work\"] eq \"user@contoso.com\"", // Microsoft's documentation slip (azure-docs#83855)
            "emails[type eq \"work\"].value",
            "emails[type eq \"work\"].value zz \"x\"",
            "emails[type eq \"work\"].value eq",
            "emails[type eq \"work\"].nope eq \"x\"",
            "emails[type eq \"work\"].value eq 42",
            "emails[type eq \"work\"].value eq \"x\" extra",
            "emails[value[type eq \"work\"]].value eq \"x\"",
            "phoneNumbers[type eq \"mobile\"].value eq \"+1\""})
    void staysInvalidFilterWhenTheRfcOrTheColumnsSayNo(String filter) {
        ScimProblem refused = assertThrows(ScimProblem.class,
                () -> FilterQuery.parse(filter, ScimUsers.ATTRIBUTES, new StringBuilder()), filter);
        assertEquals("invalidFilter", refused.scimType(), filter);
    }
}
