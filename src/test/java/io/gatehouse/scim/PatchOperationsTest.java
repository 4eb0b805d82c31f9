package io.gatehouse.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PATCH operations as clients send them, read and applied to a user's representation, then parsed
 * as the stored profile: RFC 7644 3.5.2's examples, the client shapes, and the refusals the RFC keeps.
 */
class PatchOperationsTest {
    private static final String ENTERPRISE = UserJson.ENTERPRISE;
    private static final String USER = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"u1","userName":"ada@example.com",
             "name":{"givenName":"Ada","familyName":"Lovelace"},"emails":[{"value":"ada@example.com","type":"work","primary":true}],
             "active":true}""";

    /** Operations, then the attribute (a JSON pointer) and the value it must hold after the PATCH. */
    static Stream<Arguments> applied() {
        return Stream.of(
                // RFC 7644 3.5.2.1 / 3.5.2.3
                Arguments.of("{\"op\":\"add\",\"value\":{\"emails\":[{\"value\":\"babs@jensen.org\",\"type\":\"home\"}],\"nickName\":\"Babs\"}}",
                        "/nickName", "\"Babs\""),
                Arguments.of("{\"op\":\"replace\",\"path\":\"name.familyName\",\"value\":\"Byron\"}", "/name/familyName", "\"Byron\""),
                // Entra's path-less value keyed by paths (scim-for-keycloak#26, pond/scimitar#123)
                Arguments.of("{\"op\":\"Replace\",\"value\":{\"name.givenName\":\"A\",\"name.familyName\":\"B\","
                        + "\"" + ENTERPRISE + ":department\":\"C\"}}", "/" + ENTERPRISE.replace("/", "~1") + "/department", "\"C\""),
                Arguments.of("{\"op\":\"Replace\",\"value\":{\"name.givenName\":\"A\",\"name.familyName\":\"B\"}}", "/name",
                        "{\"givenName\":\"A\",\"familyName\":\"B\"}"),
                Arguments.of("{\"op\":\"Add\",\"value\":{\"displayName\":\"Foo Bar\",\"title\":\"Bar Foo\",\"name.givenName\":\"Foo\","
                        + "\"name.formatted\":\"Foo Bar\"}}", "/name", "{\"givenName\":\"Foo\",\"familyName\":\"Lovelace\",\"formatted\":\"Foo Bar\"}"),
                Arguments.of("{\"op\":\"replace\",\"value\":{\"urn:ietf:params:scim:schemas:core:2.0:User:userName\":\"new@example.com\"}}",
                        "/userName", "\"new@example.com\""),
                Arguments.of("{\"op\":\"Replace\",\"value\":{\"emails[type eq \\\"work\\\"].value\":\"w@example.com\"}}", "/emails/0/value",
                        "\"w@example.com\""),
                // Entra's manager as a bare id (SCIM-SDK#686), with and without the URN
                Arguments.of("{\"op\":\"Add\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":\"m-1\"}",
                        "/" + ENTERPRISE.replace("/", "~1") + "/manager", "{\"value\":\"m-1\"}"),
                Arguments.of("{\"op\":\"Replace\",\"path\":\"manager\",\"value\":\"m-2\"}",
                        "/" + ENTERPRISE.replace("/", "~1") + "/manager", "{\"value\":\"m-2\"}"),
                Arguments.of("{\"op\":\"Replace\",\"value\":{\"" + ENTERPRISE + ":manager\":\"m-3\"}}",
                        "/" + ENTERPRISE.replace("/", "~1") + "/manager", "{\"value\":\"m-3\"}"),
                // userName and active in one PATCH (ssoready#157, ssoready#206)
                Arguments.of("{\"op\":\"Replace\",\"path\":\"userName\",\"value\":\"renamed@example.com\"},"
                        + "{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}", "/userName", "\"renamed@example.com\""),
                Arguments.of("{\"op\":\"replace\",\"value\":{\"userName\":\"renamed@example.com\",\"active\":false}}", "/active", "false"),
                // filtered paths on attributes the user does not have yet (ssoready#249)
                Arguments.of("{\"op\":\"Add\",\"path\":\"phoneNumbers[type eq \\\"mobile\\\"].value\",\"value\":\"+1 555 0100\"}",
                        "/phoneNumbers", "[{\"value\":\"+1 555 0100\",\"type\":\"mobile\"}]"),
                Arguments.of("{\"op\":\"Replace\",\"path\":\"addresses[type eq \\\"work\\\"].locality\",\"value\":\"London\"}",
                        "/addresses", "[{\"type\":\"work\",\"locality\":\"London\"}]"),
                // Entra's remove carrying the value removed (AzureAD/SCIMReferenceCode#87): only while it is still that value
                Arguments.of("{\"op\":\"Remove\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"ADA@example.com\"}",
                        "/emails/0", "{\"type\":\"work\",\"primary\":true}"),
                Arguments.of("{\"op\":\"Remove\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"old@example.com\"}",
                        "/emails/0/value", "\"ada@example.com\""),
                Arguments.of("{\"op\":\"Remove\",\"path\":\"emails[type eq \\\"home\\\"].value\",\"value\":\"ada@example.com\"}",
                        "/emails/0/value", "\"ada@example.com\""));
    }

    @ParameterizedTest
    @MethodSource("applied")
    void appliesAndKeepsTheSchemaShape(String operations, String pointer, String expected) throws Exception {
        ObjectNode patched = PatchOperations.apply(PatchOperations.read(patch(operations)), user(), "User");
        UserJson.Profile profile = UserJson.parse(patched); // what is stored: refused here if the shape were unknown
        ObjectNode stored = profile.kept() == null ? ScimJson.MAPPER.createObjectNode() : profile.kept();
        ObjectNode columns = ScimJson.MAPPER.createObjectNode().put("userName", profile.userName());
        if (profile.active() != null) {
            columns.put("active", profile.active());
        }
        stored.setAll(columns);
        assertEquals(ScimJson.MAPPER.readTree(expected), stored.at(pointer), operations + " -> " + patched);
    }

    /** Refusals RFC 7644 requires, kept for every shape above. */
    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("{\"op\":\"remove\"}", "noTarget"), // 3.5.2.2
                Arguments.of("{\"op\":\"Remove\",\"value\":{\"title\":\"x\"}}", "noTarget"),
                Arguments.of("{\"op\":\"remove\",\"path\":\"\"}", "noTarget"),
                Arguments.of("{\"op\":\"replace\",\"path\":\"shoeSize\",\"value\":44}", "invalidPath"),
                Arguments.of("{\"op\":\"add\",\"path\":\"" + ENTERPRISE + ":shoeSize\",\"value\":44}", "invalidPath"),
                Arguments.of("{\"op\":\"add\",\"path\":\"urn:example:nope:2.0:User:title\",\"value\":\"x\"}", "invalidPath"),
                Arguments.of("{\"op\":\"Replace\",\"value\":{\"shoeSize.left\":44}}", "invalidPath"),
                Arguments.of("{\"op\":\"Replace\",\"value\":{\"" + ENTERPRISE + ":shoeSize\":44}}", "invalidPath"),
                Arguments.of("{\"op\":\"Replace\",\"value\":{\"shoeSize\":44}}", "invalidValue"),
                Arguments.of("{\"op\":\"Replace\",\"value\":{\"emails[type eq\":\"x\"}}", "invalidPath"),
                Arguments.of("{\"op\":\"replace\",\"path\":\"emails[type eq \\\"work\\\"]]\",\"value\":\"x\"}", "invalidPath"),
                Arguments.of("{\"op\":\"Add\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":42}", "invalidValue"),
                Arguments.of("{\"op\":\"Add\",\"path\":\"manager\",\"value\":[\"m1\"]}", "invalidValue"),
                Arguments.of("{\"op\":\"Remove\",\"path\":\"title\",\"value\":\"x\"}", "invalidPath"), // a value only with a filter
                Arguments.of("{\"op\":\"Remove\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":{\"value\":\"x\"}}", "invalidPath"),
                Arguments.of("{\"op\":\"replace\",\"path\":\"groups\",\"value\":[{\"value\":\"g1\"}]}", "mutability"),
                Arguments.of("{\"op\":\"Replace\",\"value\":{\"meta.created\":\"2020-01-01T00:00:00Z\"}}", "mutability"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refuses(String operations, String scimType) {
        ScimProblem problem = assertThrows(ScimProblem.class, () -> {
            ObjectNode patched = PatchOperations.apply(PatchOperations.read(patch(operations)), user(), "User");
            UserJson.parse(patched);
        }, operations);
        assertEquals(400, problem.status(), operations);
        assertEquals(scimType, problem.scimType(), operations + " -> " + problem.getMessage());
    }

    private static ObjectNode patch(String operations) throws Exception {
        return (ObjectNode) ScimJson.MAPPER.readTree("{\"schemas\":[\"" + PatchOperations.SCHEMA + "\"],\"Operations\":[" + operations + "]}");
    }

    private static ObjectNode user() throws Exception {
        JsonNode node = ScimJson.MAPPER.readTree(USER);
        return (ObjectNode) node;
    }
}
