package io.gatehouse.it.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.it.Api;
import io.gatehouse.it.Scim;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Request shapes that Microsoft Entra ID, Okta and JumpCloud really send, each written from the vendor
 * documentation or the public issue that shows it (cited at each test), sent to the deployed WAR and
 * checked by reading the stored result back. Each test also sends the neighbouring shapes RFC 7644
 * refuses, and checks that they are still refused and changed nothing.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ScimClientShapesIT {
    private static final String ENTERPRISE = Scim.ENTERPRISE;
    private static final String PATCH = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[%s]}";

    @ArquillianResource
    URL base;

    /**
     * Entra's matching query on a typed e-mail, {@code emails[type eq "work"].value eq "..."}
     * (Metatavu/keycloak-scim-server#35), runs as the RFC filter {@code emails[type eq "work" and value eq "..."]}.
     */
    @Test
    void entraFiltersOnAValuePathWithASubAttribute() {
        Scim scim = Scim.forNewProject(base);
        String ada = scim.post("/Users", Scim.oktaUser("ada@example.com", "Ada", "Lovelace")).id();
        String alan = scim.post("/Users", Scim.oktaUser("alan@example.org", "Alan", "Turing")).id();
        assertEquals(List.of(ada), ids(scim.filter("Users", "emails[type eq \"work\"].value eq \"ADA@example.com\"")));
        assertEquals(List.of(), ids(scim.filter("Users", "emails[type eq \"home\"].value eq \"ada@example.com\"")));
        assertEquals(List.of(alan), ids(scim.filter("Users", "emails[type eq \"work\"].value ew \".org\"")));
        assertEquals(sorted(ada, alan), ids(scim.filter("Users", "emails[type eq \"work\"].value pr")));
        assertEquals(List.of(ada), ids(scim.filter("Users",
                "emails[type eq \"work\"].value sw \"a\" and not (emails[type eq \"work\"].value co \"alan\")")));
        Api.Reply search = scim.post("/Users/.search", Api.object("filter", "emails[type eq \"work\"].value eq \"alan@example.org\""));
        assertEquals(List.of(alan), ids(search));

        String group = scim.post("/Groups", Scim.group("Pioneers", ada)).id();
        assertEquals(List.of(group), ids(scim.filter("Groups", "members[value eq \"" + ada + "\"].value pr")));

        for (String refused : List.of(
                "emails[type eq \"work\"] eq \"ada@example.com\"", // Microsoft's documentation slip, azure-docs#83855
                "emails[type eq \"work\"].value",
                "emails[type eq \"work\"].value zz \"ada@example.com\"",
                "emails[type eq \"work\"].display eq \"x\"",
                "phoneNumbers[type eq \"mobile\"].value eq \"+1 555 0100\"")) {
            assertScimError(scim.filter("Users", refused), "invalidFilter", refused);
        }
    }

    /**
     * Entra's path-less PATCH whose value uses attribute paths as keys (Captain-P-Goldfish/scim-for-keycloak#26;
     * as "Add", pond/scimitar#123 and simpleidserver/SimpleIdServer#494). Before, "Unknown attribute 'name.givenName'".
     */
    @Test
    void entraPathlessPatchKeyedByAttributePaths() {
        Scim scim = Scim.forNewProject(base);
        String id = scim.post("/Users", Scim.oktaUser("ada@example.com", "Ada", "Lovelace")).id();
        Api.Reply replaced = scim.patch("/Users/" + id, PATCH.formatted("""
                {"op":"Replace","value":{"name.givenName":"A","name.familyName":"B",
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"C"}}"""));
        assertEquals(200, replaced.status(), replaced.text());
        JsonNode user = scim.get("/Users/" + id).json();
        assertEquals("A", user.path("name").path("givenName").asText(), user.toString());
        assertEquals("B", user.path("name").path("familyName").asText());
        assertEquals("C", user.path(ENTERPRISE).path("department").asText());
        assertTrue(user.path("schemas").toString().contains(ENTERPRISE), user.toString());
        assertFalse(user.has("name.givenName") || user.has(ENTERPRISE + ":department"), "no attribute named by a path");
        assertEquals(List.of(id), ids(scim.filter("Users", "name.givenName eq \"a\" and name.familyName eq \"b\"")),
                "the names reached their columns");

        Api.Reply added = scim.patch("/Users/" + id, PATCH.formatted("""
                {"op":"Add","value":{"displayName":"Foo Bar","title":"Bar Foo","name.givenName":"Foo","name.formatted":"Foo Bar",
                 "emails[type eq \\"work\\"].value":"foo@example.com"}}"""));
        assertEquals(200, added.status(), added.text());
        user = scim.get("/Users/" + id).json();
        assertEquals("Foo Bar", user.path("displayName").asText());
        assertEquals("Bar Foo", user.path("title").asText());
        assertEquals("Foo", user.path("name").path("givenName").asText());
        assertEquals("Foo Bar", user.path("name").path("formatted").asText());
        assertEquals("foo@example.com", user.path("emails").get(0).path("value").asText());
        assertEquals(1, user.path("emails").size(), "the work e-mail was replaced, not added");

        String before = scim.get("/Users/" + id).text();
        assertScimError(scim.patch("/Users/" + id, PATCH.formatted("{\"op\":\"Replace\",\"value\":{\"name.givenName\":\"X\",\"shoeSize.left\":44}}")),
                "invalidPath", "an unknown attribute under a path key");
        assertScimError(scim.patch("/Users/" + id, PATCH.formatted("{\"op\":\"Replace\",\"value\":{\"" + ENTERPRISE + ":shoeSize\":44}}")),
                "invalidPath", "an unknown enterprise attribute");
        assertScimError(scim.patch("/Users/" + id, PATCH.formatted("{\"op\":\"Replace\",\"value\":{\"shoeSize\":44}}")),
                "invalidValue", "an unknown attribute name");
        assertScimError(scim.patch("/Users/" + id, PATCH.formatted("{\"op\":\"Remove\",\"value\":{\"title\":\"Bar Foo\"}}")),
                "noTarget", "remove without a path (RFC 7644 3.5.2.2)");
        assertEquals(before, scim.get("/Users/" + id).text(), "refused PATCHes changed nothing");
    }

    /**
     * Entra's manager as a bare id, {@code "value":"<id>"} with path {@code ...:manager}
     * (Captain-P-Goldfish/SCIM-SDK#686), and inside a created user (apache/directory-scimple#1242):
     * stored and returned as the complex attribute /Schemas declares. Before, returned as a string.
     */
    @Test
    void entraManagerAsABareIdIsTheComplexAttributeOfTheSchema() {
        Scim scim = Scim.forNewProject(base);
        String boss = scim.post("/Users", Scim.oktaUser("boss@example.com", "Big", "Boss")).id();
        String id = scim.post("/Users", Scim.oktaUser("ada@example.com", "Ada", "Lovelace")).id();
        Api.Reply added = scim.patch("/Users/" + id, PATCH.formatted("""
                {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"%s"}""".formatted(boss)));
        assertEquals(200, added.status(), added.text());
        JsonNode manager = scim.get("/Users/" + id).json().path(ENTERPRISE).path("manager");
        assertTrue(manager.isObject(), manager.toString());
        assertEquals(boss, manager.path("value").asText());

        JsonNode schema = scim.get("/Schemas/" + ENTERPRISE).json();
        JsonNode declared = null;
        for (JsonNode attribute : schema.path("attributes")) {
            if (attribute.path("name").asText().equals("manager")) {
                declared = attribute;
            }
        }
        assertEquals("complex", declared.path("type").asText(), schema.toString());
        assertTrue(declared.path("subAttributes").toString().contains("\"name\":\"value\""), declared.toString());

        String newBoss = scim.post("/Users", Scim.oktaUser("new.boss@example.com", "New", "Boss")).id();
        Api.Reply replaced = scim.patch("/Users/" + id, PATCH.formatted("{\"op\":\"Replace\",\"path\":\"manager\",\"value\":\"" + newBoss + "\"}"));
        assertEquals(200, replaced.status(), replaced.text());
        assertEquals(newBoss, scim.get("/Users/" + id).json().path(ENTERPRISE).path("manager").path("value").asText(),
                "Entra's bare attribute name and bare id");

        var created = Scim.oktaUser("grace@example.com", "Grace", "Hopper");
        created.putObject(ENTERPRISE).put("department", "Navy").put("manager", boss);
        Api.Reply posted = scim.post("/Users", created);
        assertEquals(201, posted.status(), posted.text());
        assertEquals(boss, scim.get("/Users/" + posted.id()).json().path(ENTERPRISE).path("manager").path("value").asText());

        String before = scim.get("/Users/" + id).text();
        for (String bad : List.of("42", "[\"" + boss + "\"]", "{\"value\":7}")) {
            assertScimError(scim.patch("/Users/" + id, PATCH.formatted("{\"op\":\"Add\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":" + bad + "}")),
                    "invalidValue", "manager " + bad);
        }
        assertEquals(before, scim.get("/Users/" + id).text());
        Api.Reply removed = scim.patch("/Users/" + id, PATCH.formatted("{\"op\":\"Remove\",\"path\":\"" + ENTERPRISE + ":manager\"}"));
        assertEquals(200, removed.status(), removed.text());
        assertFalse(scim.get("/Users/" + id).json().path(ENTERPRISE).has("manager"));
    }

    /**
     * userName changed by PATCH (Entra: ssoready/ssoready#157), userName and active in one PATCH (Entra's
     * pathed ops with "False"; Okta's path-less value, ssoready/ssoready#206), and the refusals around them:
     * a userName another user has is 409 uniqueness (simpleidserver/SimpleIdServer#928), removing it 400
     * (keycloak/keycloak#52224).
     */
    @Test
    void userNameChangesAloneAndTogetherWithActive() {
        Scim scim = Scim.forNewProject(base);
        String id = scim.post("/Users", Scim.oktaUser("ada@example.com", "Ada", "Lovelace")).id();
        String other = scim.post("/Users", Scim.oktaUser("alan@example.com", "Alan", "Turing")).id();
        Api.Reply renamed = scim.patch("/Users/" + id, PATCH.formatted("{\"op\":\"Replace\",\"path\":\"userName\",\"value\":\"ada.king@example.com\"}"));
        assertEquals(200, renamed.status(), renamed.text());
        assertEquals(List.of(id), ids(scim.filter("Users", "userName eq \"ada.king@example.com\"")));
        assertEquals(List.of(), ids(scim.filter("Users", "userName eq \"ada@example.com\"")));

        Api.Reply both = scim.patch("/Users/" + id, PATCH.formatted("""
                {"op":"Replace","path":"userName","value":"countess@example.com"},{"op":"Replace","path":"active","value":"False"}"""));
        assertEquals(200, both.status(), both.text());
        JsonNode user = scim.get("/Users/" + id).json();
        assertEquals("countess@example.com", user.path("userName").asText());
        assertFalse(user.path("active").asBoolean());
        assertTrue(user.path("active").isBoolean());

        Api.Reply okta = scim.patch("/Users/" + id, PATCH.formatted("{\"op\":\"replace\",\"value\":{\"userName\":\"ada@example.com\",\"active\":true}}"));
        assertEquals(200, okta.status(), okta.text());
        user = scim.get("/Users/" + id).json();
        assertEquals("ada@example.com", user.path("userName").asText());
        assertTrue(user.path("active").asBoolean());

        Api.Reply taken = scim.patch("/Users/" + id, PATCH.formatted(
                "{\"op\":\"Replace\",\"path\":\"userName\",\"value\":\"ALAN@example.com\"},{\"op\":\"Replace\",\"path\":\"active\",\"value\":false}"));
        assertEquals(409, taken.status(), taken.text());
        assertEquals("uniqueness", taken.json().path("scimType").asText());
        Api.Reply removed = scim.patch("/Users/" + id, PATCH.formatted("{\"op\":\"remove\",\"path\":\"userName\"}"));
        assertEquals(400, removed.status(), removed.text());
        user = scim.get("/Users/" + id).json();
        assertEquals("ada@example.com", user.path("userName").asText(), "neither refusal changed the user");
        assertTrue(user.path("active").asBoolean(), "the active of the refused PATCH was rolled back with it");
        assertEquals("alan@example.com", scim.get("/Users/" + other).json().path("userName").asText());
    }

    /**
     * Entra's filtered PATCH paths on multi-valued attributes the user does not have yet
     * (ssoready/ssoready#249, limosa-io/laravel-scim-server#119), on the work e-mail's sub-attributes, and
     * Entra's remove of the work e-mail with its value. Before, that remove was 400 invalidPath.
     */
    @Test
    void entraFilteredPatchPaths() {
        Scim scim = Scim.forNewProject(base);
        String id = scim.post("/Users", Scim.oktaUser("ada@example.com", "Ada", "Lovelace")).id();
        Api.Reply patched = scim.patch("/Users/" + id, PATCH.formatted("""
                {"op":"Add","path":"phoneNumbers[type eq \\"mobile\\"].value","value":"+44 20 7946 0000"},
                {"op":"Replace","path":"phoneNumbers[type eq \\"work\\"].value","value":"+44 20 7946 0001"},
                {"op":"Add","path":"addresses[type eq \\"work\\"].locality","value":"London"},
                {"op":"Replace","path":"addresses[type eq \\"work\\"].country","value":"GB"},
                {"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"countess@example.com"},
                {"op":"Replace","path":"emails[type eq \\"work\\"].primary","value":true}"""));
        assertEquals(200, patched.status(), patched.text());
        JsonNode user = scim.get("/Users/" + id).json();
        assertEquals("+44 20 7946 0000", valueOfType(user.path("phoneNumbers"), "mobile", "value"), user.toString());
        assertEquals("+44 20 7946 0001", valueOfType(user.path("phoneNumbers"), "work", "value"));
        assertEquals(1, user.path("addresses").size(), user.toString());
        assertEquals("London", valueOfType(user.path("addresses"), "work", "locality"));
        assertEquals("GB", valueOfType(user.path("addresses"), "work", "country"));
        assertEquals("countess@example.com", valueOfType(user.path("emails"), "work", "value"));
        assertEquals(List.of(id), ids(scim.filter("Users", "emails[type eq \"work\"].value eq \"countess@example.com\"")));

        // Entra's remove carrying the value it removes (AzureAD/SCIMReferenceCode#87): a stale value removes nothing
        String remove = "{\"op\":\"Remove\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"%s\"}";
        Api.Reply stale = scim.patch("/Users/" + id, PATCH.formatted(remove.formatted("ada@example.com")));
        assertEquals(200, stale.status(), stale.text());
        assertEquals("countess@example.com", valueOfType(scim.get("/Users/" + id).json().path("emails"), "work", "value"));
        Api.Reply current = scim.patch("/Users/" + id, PATCH.formatted(remove.formatted("Countess@example.com")));
        assertEquals(200, current.status(), current.text());
        assertEquals("", valueOfType(scim.get("/Users/" + id).json().path("emails"), "work", "value"));
        assertEquals(List.of(), ids(scim.filter("Users", "emails.value pr")), "the e-mail column was cleared with it");

        String before = scim.get("/Users/" + id).text();
        assertScimError(scim.patch("/Users/" + id, PATCH.formatted("{\"op\":\"Remove\",\"path\":\"title\",\"value\":\"x\"}")),
                "invalidPath", "a remove with a value but no value filter");
        assertScimError(scim.patch("/Users/" + id, PATCH.formatted("{\"op\":\"Replace\",\"path\":\"shoeSizes[type eq \\\"left\\\"].value\",\"value\":44}")),
                "invalidPath", "a value path on an attribute no schema has");
        assertScimError(scim.patch("/Users/" + id, PATCH.formatted("{\"op\":\"Replace\",\"path\":\"emails[type eq \\\"work\\\"\",\"value\":\"x\"}")),
                "invalidPath", "an unclosed value filter");
        assertEquals(before, scim.get("/Users/" + id).text());
    }

    /**
     * Group membership as the clients send it: remove by value list (Entra, and JumpCloud's lower-case op per
     * its integrators' notes, e.g. ssoready/ssoready#182), replace with an empty list (Okta, Captain-P-Goldfish/SCIM-SDK#757),
     * Okta's path-less replace carrying members, id and displayName (jelhub/scimgateway#113), replace of the whole list
     * (keycloak/keycloak#52752), members in POST and PUT (Metatavu/keycloak-scim-server#111), then the filters on
     * displayName (Entra's and Okta's lookup).
     */
    @Test
    void groupMembershipShapes() {
        Scim scim = Scim.forNewProject(base);
        String ada = scim.post("/Users", Scim.oktaUser("ada@example.com", "Ada", "L")).id();
        String alan = scim.post("/Users", Scim.oktaUser("alan@example.com", "Alan", "T")).id();
        String grace = scim.post("/Users", Scim.oktaUser("grace@example.com", "Grace", "H")).id();
        Api.Reply created = scim.post("/Groups", Scim.group("Engineering", ada, alan, grace));
        assertEquals(201, created.status(), created.text());
        String group = created.id();
        assertEquals(sorted(ada, alan, grace), members(scim, group));

        Api.Reply removed = scim.patch("/Groups/" + group, PATCH.formatted(
                "{\"op\":\"remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + alan + "\"}]}"));
        assertEquals(204, removed.status(), removed.text());
        assertEquals(sorted(ada, grace), members(scim, group));

        Api.Reply replaced = scim.patch("/Groups/" + group, PATCH.formatted(
                "{\"op\":\"replace\",\"path\":\"members\",\"value\":[{\"value\":\"" + alan + "\"}]}"));
        assertEquals(204, replaced.status(), replaced.text());
        assertEquals(List.of(alan), members(scim, group), "replace drops the members not in the list");

        Api.Reply emptied = scim.patch("/Groups/" + group, PATCH.formatted("{\"op\":\"replace\",\"path\":\"members\",\"value\":[]}"));
        assertEquals(204, emptied.status(), emptied.text());
        assertEquals(List.of(), members(scim, group));

        scim.patch("/Groups/" + group, PATCH.formatted("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + ada + "\"}]}"));
        Api.Reply okta = scim.patch("/Groups/" + group, PATCH.formatted(
                "{\"op\":\"replace\",\"value\":{\"members\":[],\"id\":\"" + group + "\",\"displayName\":\"Platform\"}}"));
        assertEquals(204, okta.status(), okta.text());
        assertEquals(List.of(), members(scim, group));
        assertEquals("Platform", scim.get("/Groups/" + group).json().path("displayName").asText());

        Api.Reply put = scim.put("/Groups/" + group, Scim.group("Platform Engineering", grace, ada));
        assertEquals(200, put.status(), put.text());
        assertEquals(sorted(ada, grace), members(scim, group));
        assertEquals(List.of(group), ids(scim.filter("Groups", "displayName eq \"platform engineering\"")));
        assertEquals(List.of(), ids(scim.filter("Groups", "displayName eq \"Platform\"")));

        assertScimError(scim.patch("/Groups/" + group, PATCH.formatted("{\"op\":\"remove\"}")), "noTarget", "group remove without a path");
        assertScimError(scim.patch("/Groups/" + group, PATCH.formatted("{\"op\":\"remove\",\"path\":\"members[display co \\\"x\\\"]\"}")),
                "invalidFilter", "a members filter that is not on value");
        assertEquals(sorted(ada, grace), members(scim, group), "the refusals removed no one");
    }

    private static String valueOfType(JsonNode values, String type, String field) {
        for (JsonNode value : values) {
            if (value.path("type").asText().equals(type)) {
                return value.path(field).asText();
            }
        }
        return null;
    }

    private static List<String> members(Scim scim, String group) {
        List<String> ids = new ArrayList<>();
        scim.get("/Groups/" + group).json().path("members").forEach(m -> ids.add(m.path("value").asText()));
        return ids.stream().sorted().toList();
    }

    private static List<String> ids(Api.Reply reply) {
        assertEquals(200, reply.status(), reply.text());
        List<String> ids = new ArrayList<>();
        reply.json().path("Resources").forEach(r -> ids.add(r.path("id").asText()));
        assertEquals(ids.size(), reply.json().path("totalResults").asInt(), reply.text());
        return ids.stream().sorted().toList();
    }

    private static List<String> sorted(String... ids) {
        return java.util.Arrays.stream(ids).sorted().toList();
    }

    private static void assertScimError(Api.Reply reply, String scimType, String what) {
        assertEquals(400, reply.status(), what + " -> " + reply.text());
        assertEquals("400", reply.json().path("status").asText(), what + " -> " + reply.text());
        assertEquals(scimType, reply.json().path("scimType").asText(), what + " -> " + reply.text());
    }
}
