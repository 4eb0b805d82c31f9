package io.gatehouse.it;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bad input of the outside fault run (issue 17), each sent to the real WAR: filters nested or chained
 * until the stack overflowed, unclosed brackets, NUL characters (PostgreSQL's 500) and lone UTF-16
 * surrogates (stored as '?') in SCIM and management API input, and management API numbers that were
 * answered 404. Each must get a 400 in its protocol's error format, and nothing may be written.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class InputHardeningIT {
    /** The advertised limits (scim.FilterGuard); the tests probe both sides of each. */
    private static final int MAX_DEPTH = 50;
    private static final int MAX_TERMS = 500;
    private static final int MAX_LENGTH = 32_768;
    private static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @ArquillianResource
    URL base;

    // ---- SCIM filters: depth, size, brackets ----

    @Test
    void filtersBeyondTheDepthTermAndLengthLimitsAreInvalidFilterNot500() {
        Scim scim = Scim.forNewProject(base);
        scim.post("/Users", Scim.oktaUser("ada@example.com", "Ada", "Lovelace"));
        String within = "userName eq \"ada@example.com\"";
        List<String> refused = List.of(
                nested("not (", 1000, within),
                nested("not (", MAX_DEPTH + 1, within),
                nested("(", 1000, within),
                nested("(", MAX_DEPTH + 1, within),
                "emails[" + nested("not (", 1000, "value eq \"x\"") + "]",
                chain(" or ", 3000),
                chain(" and ", 2000),
                chain(" or ", MAX_TERMS + 1),
                mixedChain(3000),
                "userName eq \"" + "x".repeat(MAX_LENGTH) + "\"");
        for (String filter : refused) {
            for (String resource : List.of("Users", "Groups")) {
                Api.Reply reply = search(scim, resource, filter);
                assertScimError(reply, 400, "invalidFilter", resource + " " + abbreviated(filter));
                assertTrue(reply.json().path("detail").asText().matches(".*(deeper|more than|longer).*"),
                        "the detail names the limit: " + reply.text());
            }
        }
        for (int depth : new int[] {MAX_DEPTH + 1, 400}) { // 400: what fits in Tomcat's 8 KiB request line
            Api.Reply deepGet = scim.filter("Users", nested("not (", depth, within));
            assertScimError(deepGet, 400, "invalidFilter", "GET with " + depth + " nested not(");
        }
        assertEquals(1, scim.get("/Users").json().path("totalResults").asInt(), "nothing was written");
    }

    @Test
    void filtersAtTheLimitsStillRunOnEveryDatabase() {
        Scim scim = Scim.forNewProject(base);
        scim.post("/Users", Scim.oktaUser("ada@example.com", "Ada", "Lovelace"));
        scim.post("/Users", Scim.oktaUser("bob@example.com", "Bob", "Byte"));
        String ada = "userName eq \"ada@example.com\"";
        Api.Reply deepNot = search(scim, "Users", nested("not (", MAX_DEPTH, ada));
        assertEquals(200, deepNot.status(), deepNot.text());
        assertEquals(1, deepNot.json().path("totalResults").asInt(), "50 nots (even) keep the match: " + deepNot.text());
        Api.Reply deepParens = search(scim, "Users", nested("(", MAX_DEPTH, ada));
        assertEquals(200, deepParens.status(), deepParens.text());
        assertEquals(1, deepParens.json().path("totalResults").asInt());
        Api.Reply longOr = search(scim, "Users", chain(" or ", MAX_TERMS - 1) + " or " + ada);
        assertEquals(200, longOr.status(), longOr.text());
        assertEquals(1, longOr.json().path("totalResults").asInt(), longOr.text());
        Api.Reply longMixed = search(scim, "Users", mixedChain(MAX_TERMS));
        assertEquals(200, longMixed.status(), longMixed.text());
        Api.Reply longGroups = search(scim, "Groups", chain(" or ", MAX_TERMS).replace("userName", "displayName"));
        assertEquals(200, longGroups.status(), longGroups.text());
    }

    @Test
    void unclosedBracketsAndTrailingTextAreInvalidFilter() {
        Scim scim = Scim.forNewProject(base);
        scim.post("/Users", Scim.oktaUser("ada@example.com", "Ada", "Lovelace"));
        scim.post("/Users", Scim.oktaUser("bob@example.com", "Bob", "Byte"));
        List<String> refused = List.of(
                "emails[type eq \"work\"",
                "emails[type eq \"work\" and value co \"example\"",
                "emails[type eq \"work\"]]",
                "emails[type eq \"work\"] junk",
                "(userName eq \"ada@example.com\"",
                "userName eq \"ada@example.com\")",
                "userName eq \"ada@example.com\" garbage",
                "userName eq \"ada@example.com\" ]",
                "userName eq \"ada@example.com",
                "userName eq \"ada@example.com\"\tor userName pr");
        for (String filter : refused) {
            for (Api.Reply reply : List.of(scim.filter("Users", filter), search(scim, "Users", filter))) {
                assertScimError(reply, 400, "invalidFilter", filter);
            }
        }
        Api.Reply closed = scim.filter("Users", "emails[type eq \"work\" and value sw \"ada\"]");
        assertEquals(200, closed.status(), closed.text());
        assertEquals(1, closed.json().path("totalResults").asInt(), "the closed form still works");
    }

    @Test
    void patchPathsAreBoundedAndMustBeClosed() {
        Scim scim = Scim.forNewProject(base);
        String user = scim.post("/Users", Scim.oktaUser("ada@example.com", "Ada", "Lovelace")).id();
        for (String path : List.of("emails[type eq \"work\"", "emails[type eq \"work\"].value]",
                "emails[" + nested("not (", 1000, "type eq \"work\"") + "].value")) {
            Api.Reply reply = scim.patch("/Users/" + user, Scim.patchOf(Scim.op("replace", path, "mallory@example.com")));
            assertScimError(reply, 400, "invalidPath", abbreviated(path));
        }
        assertEquals("ada@example.com", scim.get("/Users/" + user).json().path("emails").get(0).path("value").asText(),
                "no PATCH was applied");
        // the value filter's own escape makes a NUL id, which went to the database as a member to remove
        String group = scim.post("/Groups", Scim.group("Engineers", user)).id();
        Api.Reply escaped = scim.api.raw("PATCH", "/scim/v2/Groups/" + group,
                "{\"Operations\": [{\"op\": \"remove\", \"path\": \"members[value eq \\\"\\\\u0000\\\"]\"}]}",
                "application/scim+json");
        assertScimError(escaped, 400, "invalidPath", "members[value eq \"\\u0000\"]");
        assertTrue(escaped.json().path("detail").asText().contains("NUL"), escaped.text());
        assertEquals(1, scim.get("/Groups/" + group).json().path("members").size());
    }

    @Test
    void serviceProviderConfigAdvertisesTheFilterLimits() {
        Scim scim = Scim.forNewProject(base);
        JsonNode config = scim.get("/ServiceProviderConfig").json();
        String extension = "urn:gatehouse:params:scim:schemas:extension:limits:2.0:ServiceProviderConfig";
        assertTrue(config.path("schemas").toString().contains(extension), config.toString());
        JsonNode filter = config.path(extension).path("filter");
        assertEquals(MAX_LENGTH, filter.path("maxLength").asInt(), config.toString());
        assertEquals(MAX_DEPTH, filter.path("maxDepth").asInt());
        assertEquals(MAX_TERMS, filter.path("maxTerms").asInt());
        assertTrue(filter.path("description").asText().contains("invalidFilter"), filter.toString());
    }

    // ---- NUL and lone surrogates over SCIM ----

    @Test
    void nulAndLoneSurrogatesInScimFiltersAreRefusedBeforeTheDatabase() {
        Scim scim = Scim.forNewProject(base);
        String user = scim.post("/Users", Scim.oktaUser("ada@example.com", "Ada", "Lovelace")).id();
        scim.post("/Groups", Scim.group("Engineers", user));
        // escapes inside the filter's own string literal: the filter text is ASCII, its value is not
        for (String filter : List.of("userName eq \"a\\u0000b\"", "externalId eq \"\\u0000\"", "id eq \"x\\u0000\"",
                "emails.value co \"\\u0000\"", "name.givenName sw \"\\ud800\"", "displayName eq \"\\udc00x\"",
                "groups.value eq \"\\u0000\"")) {
            assertScimError(scim.filter("Users", filter), 400, "invalidFilter", filter);
            assertScimError(search(scim, "Users", filter), 400, "invalidFilter", filter);
        }
        assertScimError(scim.filter("Groups", "members.value eq \"\\u0000\""), 400, "invalidFilter", "members.value");
        assertScimError(scim.filter("Groups", "displayName eq \"\\ud83d\""), 400, "invalidFilter", "group displayName");
        // a raw NUL: the SDK stopped reading there, so "x eq 1<NUL> or anything" ran as "x eq 1"
        Api.Reply truncated = scim.filter("Users", "userName eq \"ada@example.com\"\u0000 or userName pr");
        assertScimError(truncated, 400, "invalidValue", "raw NUL in the filter parameter");
        assertTrue(truncated.json().path("detail").asText().contains("NUL"), truncated.text());
        Api.Reply inBody = scim.api.raw("POST", "/scim/v2/Users/.search",
                "{\"filter\": \"userName eq \\\"a\\u0000b\\\"\"}", "application/scim+json");
        assertScimError(inBody, 400, "invalidValue", "NUL decoded from the .search body");
        assertEquals(1, scim.get("/Users").json().path("totalResults").asInt());
    }

    @Test
    void nulAndLoneSurrogatesInScimBodiesAreRefusedAndNothingIsWritten() {
        Scim scim = Scim.forNewProject(base);
        String user = scim.post("/Users", Scim.oktaUser("ada@example.com", "Ada", "Lovelace")).id();
        String group = scim.post("/Groups", Scim.group("Engineers", user)).id();
        String u = "/scim/v2/Users";
        String uid = u + "/" + user;
        String g = "/scim/v2/Groups/" + group;
        String valid = "\"schemas\": [\"" + Scim.USER + "\"], \"userName\": \"new@example.com\"";
        List<String[]> cases = List.of(
                new String[] {"POST", u, "{" + valid + ", \"displayName\": \"a\\u0000b\"}"},
                new String[] {"POST", u, "{" + valid + ", \"title\": \"\\u0000\"}"},
                new String[] {"POST", u, "{" + valid + ", \"externalId\": \"x\\ud800\"}"},
                new String[] {"POST", u, "{" + valid + ", \"title\": \"\\udc00\"}"},
                new String[] {"POST", u, "{" + valid + ", \"title\": \"\\ud83d\\ud83d\"}"},
                new String[] {"POST", u, "{" + valid + ", \"phoneNumbers\": [{\"value\": \"+1\\u0000\"}]}"},
                new String[] {"POST", u, "{" + valid + ", \"ti\\u0000tle\": \"x\"}"},
                new String[] {"POST", u, "{\"schemas\": [\"" + Scim.USER + "\"], \"userName\": \"new\\ud800@example.com\"}"},
                new String[] {"PUT", uid, "{\"schemas\": [\"" + Scim.USER + "\"], \"userName\": \"ada@example.com\", "
                        + "\"name\": {\"givenName\": \"\\ud800\"}}"},
                new String[] {"PATCH", uid, "{\"Operations\": [{\"op\": \"replace\", \"path\": \"displayName\", \"value\": \"\\u0000\"}]}"},
                new String[] {"PATCH", uid, "{\"Operations\": [{\"op\": \"replace\", \"value\": {\"title\": \"\\udfff\"}}]}"},
                new String[] {"PATCH", uid, "{\"Operations\": [{\"op\": \"replace\", \"path\": \"emails[value eq \\\"\\u0000\\\"].type\", \"value\": \"x\"}]}"},
                new String[] {"POST", "/scim/v2/Groups", "{\"displayName\": \"g\\u0000\"}"},
                new String[] {"POST", "/scim/v2/Groups", "{\"displayName\": \"g\", \"members\": [{\"value\": \"\\u0000\"}]}"},
                new String[] {"PATCH", g, "{\"Operations\": [{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"value\": \"\\u0000\"}]}]}"},
                new String[] {"PATCH", g, "{\"Operations\": [{\"op\": \"remove\", \"path\": \"members[value eq \\\"" + user + "\\\"]\"}, "
                        + "{\"op\": \"replace\", \"path\": \"displayName\", \"value\": \"\\ud800\"}]}"},
                new String[] {"PUT", g, "{\"displayName\": \"Engineers\\udbff\"}"});
        for (String[] c : cases) {
            Api.Reply reply = scim.api.raw(c[0], c[1], c[2], "application/scim+json");
            assertScimError(reply, 400, "invalidValue", c[0] + " " + c[2]);
            assertTrue(reply.json().path("detail").asText().matches(".*(NUL|surrogate).*"), reply.text());
        }
        // the same lone surrogate as raw bytes (ED A0 80, UTF-8's encoding of U+D800): Jackson decodes it too
        Api.Reply rawBytes = bytes(scim.token, "POST", u, utf8("{" + valid + ", \"title\": \"a"), new byte[] {(byte) 0xED,
                (byte) 0xA0, (byte) 0x80}, utf8("\"}"), "application/scim+json");
        assertScimError(rawBytes, 400, "invalidValue", "raw surrogate bytes");
        for (String path : List.of(uid + "%00", u + "/%00", uid + "?attributes=%00", u + "?sortBy=userName%00",
                u + "?filter=userName%20pr&startIndex=1%00", g + "?excludedAttributes=members%00")) {
            Api.Reply reply = scim.api.send("GET", path, null, Map.of());
            assertEquals(400, reply.status(), path + " -> " + reply.text());
            if (reply.json().has("schemas")) { // Tomcat refuses %00 in the path itself, before the application
                assertScimError(reply, 400, "invalidValue", path);
            }
        }
        assertEquals(400, scim.api.send("DELETE", uid + "%00", null, Map.of()).status());

        assertEquals(1, scim.get("/Users").json().path("totalResults").asInt(), "no user was created");
        JsonNode after = scim.get("/Users/" + user).json();
        assertEquals("Ada", after.path("name").path("givenName").asText(), "nor changed: " + after);
        assertEquals("Ada Lovelace", after.path("displayName").asText());
        assertTrue(after.path("title").isMissingNode(), after.toString());
        assertEquals("work", after.path("emails").get(0).path("type").asText());
        JsonNode groupAfter = scim.get("/Groups/" + group).json();
        assertEquals("Engineers", groupAfter.path("displayName").asText());
        assertEquals(1, groupAfter.path("members").size(), "the first operation of the refused PATCH did not apply");
        assertEquals(1, scim.get("/Groups").json().path("totalResults").asInt());
    }

    // ---- NUL and lone surrogates over the management API ----

    @Test
    void nulAndLoneSurrogatesInManagementApiInputAreRefusedAndNothingIsWritten() {
        Api api = Api.admin(base);
        String project = Fixtures.project(api);
        String p = "/api/v1/projects/" + project;
        String name = api.get(p).json().path("name").asText();
        String user = Fixtures.user(api, project, "ada@example.com");
        String role = Fixtures.role(api, project, "Editor");
        String group = Fixtures.group(api, project, "Writers", role);
        int projects = api.get("/api/v1/projects").json().size();
        int adminKeys = api.get("/api/v1/admin-keys").json().size();
        long auditEvents = api.get(p + "/audit?limit=500").json().path("items").size();
        List<String[]> bodies = List.of(
                new String[] {"POST", "/api/v1/projects", "{\"name\": \"Acme\\ud800\"}"},
                new String[] {"PUT", p, "{\"name\": \"Acme\\udc00\"}"},
                new String[] {"POST", p + "/groups/" + group + "/members", "{\"userId\": \"\\u0000\"}"},
                new String[] {"POST", p + "/groups/" + group + "/members", "{\"userId\": \"" + user + "\\u0000\"}"},
                new String[] {"POST", p + "/groups", "{\"displayName\": \"Readers\", \"roleId\": \"\\u0000\"}"},
                new String[] {"PUT", p + "/groups/" + group, "{\"roleId\": \"" + role + "\\u0000\"}"},
                new String[] {"PUT", p + "/groups/" + group, "{\"displayName\": \"W\\ud800\"}"},
                new String[] {"PUT", p + "/sso", "{\"defaultRoleId\": \"\\u0000\"}"},
                new String[] {"PUT", p + "/group-priority", "[\"" + group + "\\u0000\"]"},
                new String[] {"POST", p + "/roles", "{\"name\": \"Rev\\udfffiewer\"}"},
                new String[] {"PUT", p + "/roles/" + role, "{\"name\": \"\\ud800Editor\"}"},
                new String[] {"POST", p + "/users", "{\"userName\": \"bob@example.com\", \"password\": \"long enough \\u0000 pw\"}"},
                new String[] {"PUT", p + "/users/" + user, "{\"givenName\": \"\\ud83d\"}"},
                new String[] {"POST", p + "/scim-tokens", "{\"name\": \"\\u0000\"}"},
                new String[] {"POST", "/api/v1/admin-keys", "{\"name\": \"key\\ud800\"}"},
                new String[] {"POST", "/api/v1/admin-keys", "{\"name\": \"key\\u0000\"}"});
        for (String[] c : bodies) {
            assertApiError(api.raw(c[0], c[1], c[2], "application/json"), 400, c[0] + " " + c[1] + " " + c[2]);
        }
        Api.Reply rawBytes = bytes(Api.adminKey(), "POST", "/api/v1/projects", utf8("{\"name\": \"Acme"),
                new byte[] {(byte) 0xED, (byte) 0xB0, (byte) 0x80}, utf8("\"}"), "application/json");
        assertApiError(rawBytes, 400, "raw surrogate bytes");
        for (String query : List.of(p + "/audit?targetId=%00", p + "/audit?action=x%00", "/api/v1/audit?targetId=" + user + "%00",
                p + "/users?userName=ada%00", p + "/users?search=%00", p + "/users?x%00=1",
                p + "/groups/" + group + "/members?limit=5&offset=0&ignored=%00")) {
            assertApiError(api.get(query), 400, query);
        }
        for (String path : List.of(p + "/users/" + user + "%00", p + "/roles/%00", "/api/v1/projects/%00",
                p + "/groups/" + group + "/members/" + user + "%00")) {
            for (String method : List.of("GET", "DELETE")) {
                Api.Reply reply = api.send(method, path, null, Map.of());
                assertEquals(400, reply.status(), method + " " + path + " -> " + reply.text());
                if (reply.json().has("status")) { // Tomcat refuses %00 in the path itself, before the application
                    assertApiError(reply, 400, method + " " + path);
                }
            }
        }

        assertEquals(projects, api.get("/api/v1/projects").json().size(), "no project was created");
        assertEquals(adminKeys, api.get("/api/v1/admin-keys").json().size(), "no admin key was created");
        assertEquals(0, api.get(p + "/scim-tokens").json().size(), "no SCIM token was created");
        assertEquals(name, api.get(p).json().path("name").asText(), "the project was not renamed");
        assertEquals(1, api.get(p + "/users").json().path("total").asInt());
        assertEquals(0, api.get(p + "/groups/" + group + "/members").json().path("total").asInt(), "no member added");
        assertEquals(role, api.get(p + "/groups/" + group).json().path("roleId").asText());
        assertEquals("Writers", api.get(p + "/groups/" + group).json().path("displayName").asText());
        assertEquals(2, api.get(p + "/roles").json().size(), "Member and Editor only");
        assertEquals("Editor", api.get(p + "/roles/" + role).json().path("name").asText());
        assertEquals(auditEvents, api.get(p + "/audit?limit=500").json().path("items").size(), "no change was audited");
    }

    // ---- management API numbers ----

    @Test
    void managementApiNumbersThatAreNotNumbersAre400NotNotFound() {
        Api api = Api.admin(base);
        String project = Fixtures.project(api);
        String p = "/api/v1/projects/" + project;
        String group = Fixtures.group(api, project, "Writers", null);
        List<String> lists = List.of(p + "/users", p + "/groups/" + group + "/members", p + "/audit", "/api/v1/audit");
        for (String list : lists) {
            assertEquals(200, api.get(list + "?limit=5").status(), list);
            for (String bad : List.of("abc", "99999999999999999999", "2147483648", "1.5", "-1", "0", "501", "1e3", "0x10")) {
                Api.Reply reply = api.get(list + "?limit=" + bad);
                assertApiError(reply, 400, list + "?limit=" + bad);
                assertTrue(reply.json().path("message").asText().contains("limit"), reply.text());
            }
        }
        for (String list : List.of(p + "/users", p + "/groups/" + group + "/members")) {
            assertEquals(200, api.get(list + "?offset=0").status(), list);
            for (String bad : List.of("x", "-1", "99999999999999999999", "2147483648", "1.0")) {
                Api.Reply reply = api.get(list + "?offset=" + bad);
                assertApiError(reply, 400, list + "?offset=" + bad);
                assertTrue(reply.json().path("message").asText().contains("offset"), reply.text());
            }
        }
        for (String list : List.of(p + "/audit", "/api/v1/audit")) {
            assertEquals(200, api.get(list + "?before=9223372036854775807").status(), list);
            for (String bad : List.of("yesterday", "2026-01-01T00:00:00Z", "99999999999999999999", "-5", "1.5")) {
                Api.Reply reply = api.get(list + "?before=" + Scim.encode(bad));
                assertApiError(reply, 400, list + "?before=" + bad);
                assertTrue(reply.json().path("message").asText().contains("before"), reply.text());
            }
        }
    }

    // ---- helpers ----

    private static Api.Reply search(Scim scim, String resource, String filter) {
        ObjectNode body = Api.JSON.createObjectNode();
        body.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:SearchRequest");
        body.put("filter", filter);
        return scim.post("/" + resource + "/.search", body);
    }

    private static String nested(String open, int depth, String inner) {
        return open.repeat(depth) + inner + ")".repeat(depth);
    }

    /** {@code terms} comparisons joined by the operator. */
    private static String chain(String operator, int terms) {
        StringBuilder filter = new StringBuilder();
        for (int i = 0; i < terms; i++) {
            filter.append(i == 0 ? "" : operator).append("userName eq \"u").append(i).append("@example.com\"");
        }
        return filter.toString();
    }

    private static String mixedChain(int terms) {
        StringBuilder filter = new StringBuilder();
        for (int i = 0; i < terms; i++) {
            filter.append(i == 0 ? "" : i % 2 == 0 ? " or " : " and ").append("externalId eq \"e").append(i).append('"');
        }
        return filter.toString();
    }

    private static void assertScimError(Api.Reply reply, int status, String scimType, String what) {
        assertEquals(status, reply.status(), what + " -> " + reply.text());
        assertEquals(ERROR, reply.json().path("schemas").path(0).asText(), what + " -> " + reply.text());
        assertEquals(String.valueOf(status), reply.json().path("status").asText(), what + " -> " + reply.text());
        assertEquals(scimType, reply.json().path("scimType").asText(), what + " -> " + reply.text());
        assertFalse(reply.json().path("detail").asText().isBlank(), what + " -> " + reply.text());
        assertFalse(reply.text().contains("Exception") || reply.text().contains("\tat "), reply.text());
    }

    private static void assertApiError(Api.Reply reply, int status, String what) {
        assertEquals(status, reply.status(), what + " -> " + reply.text());
        assertEquals(status, reply.json().path("status").asInt(), what + " -> " + reply.text());
        assertEquals("bad_request", reply.json().path("error").asText(), what + " -> " + reply.text());
        assertFalse(reply.json().path("message").asText().isBlank(), what + " -> " + reply.text());
        assertFalse(reply.text().contains("Exception") || reply.text().contains("\tat "), reply.text());
    }

    private static String abbreviated(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "… (" + text.length() + " characters)";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A body of raw bytes, which Api (strings, encoded by the client) cannot send. */
    private Api.Reply bytes(String key, String method, String path, byte[] head, byte[] middle, byte[] tail, String type) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(head);
        body.writeBytes(middle);
        body.writeBytes(tail);
        String url = base.toString().replaceFirst("/$", "") + path;
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key).header("Content-Type", type).header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? Api.JSON.missingNode() : Api.JSON.readTree(response.body());
            return new Api.Reply(response.statusCode(), json, response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
