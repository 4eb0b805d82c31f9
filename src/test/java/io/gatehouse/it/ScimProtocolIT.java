package io.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** RFC 7644 behaviour: the filter grammar, sorting, attribute selection, discovery, authentication, tenants. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ScimProtocolIT {

    @ArquillianResource
    URL base;

    @Test
    void filterGrammarRunsInTheDatabase() {
        Scim scim = Scim.forNewProject(base);
        String ada = scim.post("/Users", person("ada@example.com", "Ada", "Lovelace", "E-1", true)).id();
        String alan = scim.post("/Users", person("alan@example.org", "Alan", "Turing", null, true)).id();
        String grace = scim.post("/Users", person("grace@example.com", "Grace", "Hopper", "E-3", false)).id();
        String group = scim.post("/Groups", Scim.group("Pioneers", ada, grace)).id();
        ObjectNode oddUser = person("odd@example.net", "Odd", "One", null, true);
        oddUser.put("displayName", "under_score (x%)");
        String odd = scim.post("/Users", oddUser).id();
        String lastModified = scim.get("/Users/" + alan).json().path("meta").path("lastModified").asText();

        Map<String, List<String>> expected = new java.util.LinkedHashMap<>();
        expected.put("userName eq \"ADA@example.com\"", List.of(ada));
        expected.put("userName ne \"ada@example.com\"", List.of(alan, grace, odd));
        expected.put("userName co \"@example.c\"", List.of(ada, grace));
        expected.put("userName sw \"A\"", List.of(ada, alan));
        expected.put("userName ew \".org\"", List.of(alan));
        expected.put("userName gt \"alan@example.org\"", List.of(grace, odd));
        expected.put("userName ge \"alan@example.org\"", List.of(alan, grace, odd));
        expected.put("userName lt \"alan@example.org\"", List.of(ada));
        expected.put("userName le \"alan@example.org\"", List.of(ada, alan));
        expected.put("externalId pr", List.of(ada, grace));
        expected.put("not (externalId pr)", List.of(alan, odd));
        expected.put("externalId eq \"E-1\" or externalId eq \"E-3\"", List.of(ada, grace));
        expected.put("not (externalId eq \"E-1\")", List.of(alan, grace, odd));
        expected.put("active eq true and (name.givenName sw \"a\" and not (name.familyName eq \"Turing\"))", List.of(ada));
        expected.put("(active eq false) or userName eq \"alan@example.org\"", List.of(alan, grace));
        expected.put("emails[type eq \"work\" and value co \"example.com\"]", List.of(ada, grace));
        expected.put("emails co \"EXAMPLE.ORG\"", List.of(alan));
        expected.put("emails.value ew \".com\"", List.of(ada, grace));
        expected.put("name.familyName eq \"hopper\"", List.of(grace));
        expected.put("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"grace@example.com\"", List.of(grace));
        expected.put("groups.value eq \"" + group + "\"", List.of(ada, grace));
        expected.put("groups[value eq \"" + group + "\"] and active eq true", List.of(ada));
        expected.put("meta.lastModified ge \"" + lastModified + "\" and userName eq \"alan@example.org\"", List.of(alan));
        expected.put("meta.created lt \"2000-01-01T00:00:00Z\"", List.of());
        expected.put("userName eq \"100%_!\"", List.of());
        expected.put("userName co \"%\"", List.of());
        expected.put("userName sw \"_\"", List.of());
        expected.put("userName ew \"\\\\\"", List.of());
        expected.put("displayName ew \"e (x%)\"", List.of(odd));
        expected.put("displayName co \"_\"", List.of(odd));
        expected.put("displayName sw \"under_\"", List.of(odd));
        for (Map.Entry<String, List<String>> test : expected.entrySet()) {
            Api.Reply reply = scim.filter("Users", test.getKey());
            assertEquals(200, reply.status(), test.getKey() + " -> " + reply.text());
            List<String> ids = new ArrayList<>();
            reply.json().path("Resources").forEach(r -> ids.add(r.path("id").asText()));
            assertEquals(test.getValue().stream().sorted().toList(), ids.stream().sorted().toList(), test.getKey());
            assertEquals(test.getValue().size(), reply.json().path("totalResults").asInt(), test.getKey());
        }
        assertEquals(1, scim.filter("Groups", "displayName co \"ONEER\" and members[value eq \"" + grace + "\"]")
                .json().path("totalResults").asInt());
    }

    @Test
    void badFiltersAndParametersAreInvalidFilterOrInvalidValue() {
        Scim scim = Scim.forNewProject(base);
        for (String bad : List.of("userName eq", "userName zz \"x\"", "(userName eq \"x\"", "userName eq \"x\" and",
                "title eq \"x\"", "active gt true", "meta.created gt \"yesterday\"", "userName eq 42",
"emails[value[type eq \"x\"]]", "\"", "userName eq \"unterminated")) {
            Api.Reply reply = scim.filter("Users", bad);
            assertEquals(400, reply.status(), bad + " -> " + reply.text());
            assertEquals("invalidFilter", reply.json().path("scimType").asText(), bad);
        }
        assertEquals(400, scim.get("/Users?count=lots").status());
        assertEquals(400, scim.get("/Users?sortBy=password").status());
        assertEquals(400, scim.get("/Users?sortOrder=sideways").status());
    }

    @Test
    void pagingSortingAndAttributeSelection() {
        Scim scim = Scim.forNewProject(base);
        for (String name : List.of("c", "a", "d", "b")) {
            scim.post("/Users", person(name + "@example.com", name.toUpperCase(), "Family", null, true));
        }
        Api.Reply sorted = scim.get("/Users?sortBy=userName&sortOrder=descending&startIndex=2&count=2");
        assertEquals(4, sorted.json().path("totalResults").asInt());
        assertEquals(2, sorted.json().path("startIndex").asInt());
        assertEquals("c@example.com", sorted.json().path("Resources").get(0).path("userName").asText());
        assertEquals("b@example.com", sorted.json().path("Resources").get(1).path("userName").asText());
        Api.Reply countOnly = scim.get("/Users?count=0");
        assertEquals(4, countOnly.json().path("totalResults").asInt());
        assertEquals(0, countOnly.json().path("Resources").size());
        Api.Reply beyond = scim.get("/Users?startIndex=10");
        assertEquals(0, beyond.json().path("Resources").size());

        JsonNode only = scim.get("/Users?attributes=userName,name.givenName&filter=" + Scim.encode("userName eq \"a@example.com\""))
                .json().path("Resources").get(0);
        assertTrue(only.has("id") && only.has("userName") && only.path("name").has("givenName"), only.toString());
        assertFalse(only.has("emails") || only.has("meta") || only.path("name").has("familyName"), only.toString());
        JsonNode without = scim.get("/Users?excludedAttributes=emails,meta").json().path("Resources").get(0);
        assertFalse(without.has("emails") || without.has("meta"));
        assertTrue(without.has("userName"));

        Api.Reply search = scim.post("/Users/.search", Api.object("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:SearchRequest"),
                "filter", "userName sw \"d\"", "attributes", List.of("userName")));
        assertEquals(200, search.status(), search.text());
        assertEquals(1, search.json().path("totalResults").asInt());
    }

    @Test
    void discoveryEndpoints() {
        Scim scim = Scim.forNewProject(base);
        JsonNode config = scim.get("/ServiceProviderConfig").json();
        assertTrue(config.path("patch").path("supported").asBoolean());
        assertTrue(config.path("filter").path("supported").asBoolean());
        assertEquals("oauthbearertoken", config.path("authenticationSchemes").get(0).path("type").asText());
        JsonNode types = scim.get("/ResourceTypes").json();
        assertEquals(2, types.path("totalResults").asInt(), types.toString());
        assertEquals("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                scim.get("/ResourceTypes/User").json().path("schemaExtensions").get(0).path("schema").asText());
        JsonNode schemas = scim.get("/Schemas").json();
        assertEquals(3, schemas.path("totalResults").asInt());
        assertTrue(schemas.toString().contains("\"userName\""));
        assertEquals(200, scim.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group").status());
        assertEquals(404, scim.get("/Schemas/urn:nope").status());
    }

    @Test
    void tokensAreRequiredAndScopeEveryRequestToTheirProject() {
        Scim a = Scim.forNewProject(base);
        Scim b = Scim.forNewProject(base);
        String userB = b.post("/Users", person("b@example.com", "B", "User", "EXT-B", true)).id();
        String groupB = b.post("/Groups", Scim.group("B group", userB)).id();
        String before = b.get("/Users/" + userB).text();

        for (String token : new String[] {null, "", "garbage", "gh_scim_" + "x".repeat(40), a.token + "x"}) {
            Api anonymous = Api.withKey(base, token);
            Api.Reply reply = anonymous.send("GET", "/scim/v2/Users", null, Map.of());
            assertEquals(401, reply.status(), String.valueOf(token));
            assertEquals("401", reply.json().path("status").asText());
            assertEquals(401, anonymous.send("POST", "/scim/v2/Users", Scim.oktaUser("x@example.com", "X", "Y"), Map.of()).status());
        }
        Api basic = Api.withKey(base, null);
        assertEquals(401, basic.send("GET", "/scim/v2/Users", null, Map.of("Authorization", "Basic " + a.token)).status());

        // A's token cannot see or touch B's resources, whatever the ids
        assertEquals(404, a.get("/Users/" + userB).status());
        assertEquals(404, a.put("/Users/" + userB, Scim.oktaUser("b@example.com", "Hijack", "Ed")).status());
        assertEquals(404, a.patch("/Users/" + userB, Scim.patchOf(Scim.op("replace", "active", false))).status());
        assertEquals(404, a.delete("/Users/" + userB).status());
        assertEquals(404, a.get("/Groups/" + groupB).status());
        assertEquals(404, a.patch("/Groups/" + groupB, Scim.patchOf(Scim.op("add", "members", Scim.memberValues(userB)))).status());
        assertEquals(404, a.delete("/Groups/" + groupB).status());
        assertEquals(0, a.filter("Users", "externalId eq \"EXT-B\"").json().path("totalResults").asInt());
        assertEquals(0, a.filter("Users", "id eq \"" + userB + "\"").json().path("totalResults").asInt());
        assertEquals(0, a.get("/Groups").json().path("totalResults").asInt());
        assertEquals(201, a.post("/Users", person("b@example.com", "Same", "Name", null, true)).status(),
                "userNames are unique per project, not across projects");
        assertEquals(before, b.get("/Users/" + userB).text(), "B's user is untouched");

        // a revoked token stops working at once
        Api admin = Api.admin(base);
        String tokenId = admin.get("/api/v1/projects/" + a.project + "/scim-tokens").json().get(0).path("id").asText();
        assertEquals(204, admin.delete("/api/v1/projects/" + a.project + "/scim-tokens/" + tokenId).status());
        assertEquals(401, a.get("/Users").status());
    }

    @Test
    void mediaTypesAndBodyLimits() {
        Scim scim = Scim.forNewProject(base);
        Api.Reply plain = scim.api.send("POST", "/scim/v2/Users", Scim.oktaUser("json@example.com", "J", "S"),
                Map.of("Content-Type", "application/json", "Accept", "application/json"));
        assertEquals(201, plain.status(), plain.text());
        assertTrue(plain.header("Content-Type").startsWith("application/json"));
        Api.Reply scimJson = scim.get("/Users/" + plain.id());
        assertTrue(scimJson.header("Content-Type").startsWith("application/scim+json"));

        ObjectNode huge = Scim.oktaUser("huge@example.com", "H", "U");
        huge.put("title", "x".repeat(2 * 1024 * 1024));
        Api.Reply tooLarge = scim.post("/Users", huge);
        assertEquals(413, tooLarge.status());
        assertEquals(0, scim.filter("Users", "userName eq \"huge@example.com\"").json().path("totalResults").asInt());
    }

    private static ObjectNode person(String userName, String given, String family, String externalId, boolean active) {
        ObjectNode user = Scim.oktaUser(userName, given, family);
        user.remove("externalId");
        if (externalId != null) {
            user.put("externalId", externalId);
        }
        user.put("active", active);
        return user;
    }
}
