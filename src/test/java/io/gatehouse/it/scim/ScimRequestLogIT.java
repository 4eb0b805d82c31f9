package io.gatehouse.it.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.it.Api;
import io.gatehouse.it.Scim;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The SCIM request log as an admin reads it through the management API: what arrived, what was answered. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ScimRequestLogIT {
    @ArquillianResource
    URL base;

    @Test
    void everyRequestIsLoggedWithItsAnswerNewestFirstAndPasswordsMasked() throws Exception {
        Scim scim = Scim.forNewProject(base);
        ObjectNode okta = Scim.oktaUser("jane@example.com", "Jane", "Doe");
        okta.put("password", "Sup3r-Secret-1");
        String id = scim.post("/Users", okta).id();
        scim.patch("/Users/" + id, Scim.patchOf(Scim.op("replace", "password", "Sup3r-Secret-2"), Scim.op("replace", "active", false)));
        assertEquals(404, scim.get("/Users/no-such-user").status());
        scim.filter("Users", "userName eq \"jane@example.com\"");

        JsonNode requests = log(scim.project, "").path("requests");
        assertEquals(4, requests.size(), requests.toString());
        assertEquals(List.of("GET", "GET", "PATCH", "POST"), field(requests, "method"));
        assertEquals(List.of(200, 404, 200, 201), statuses(requests));
        assertEquals("/Users?filter=userName eq \"jane@example.com\"", requests.get(0).path("path").asText());
        assertEquals("/Users/no-such-user", requests.get(1).path("path").asText());
        Instant newer = Instant.parse(requests.get(0).path("at").asText());
        for (JsonNode r : requests) {
            assertFalse(Instant.parse(r.path("at").asText()).isAfter(newer), "newest first");
            newer = Instant.parse(r.path("at").asText());
            assertTrue(r.path("latencyMs").asLong() >= 0);
            assertFalse(r.path("id").asText().isEmpty());
            assertFalse(r.toString().contains("Sup3r-Secret"), "a password in the log: " + r);
        }
        JsonNode create = requests.get(3);
        assertTrue(create.path("request").asText().contains("\"password\":\"********\""), create.toString());
        assertTrue(create.path("request").asText().contains("\"userName\":\"jane@example.com\""));
        assertEquals(id, Api.JSON.readTree(create.path("response").asText()).path("id").asText());
        assertEquals("jane@example.com", create.path("userName").asText());
        assertEquals(id, create.path("userId").asText());
        assertTrue(requests.get(2).path("request").asText().contains("\"value\":\"********\""));
        assertTrue(requests.get(1).path("response").asText().contains("404"), "the SCIM error as answered");
        assertFalse(requests.get(1).hasNonNull("request"), "a GET has no body");
    }

    @Test
    void filtersLimitAndOneRequest() {
        Scim scim = Scim.forNewProject(base);
        String id = scim.post("/Users", Scim.oktaUser("kim@example.com", "Kim", "Lee")).id();
        scim.post("/Users", Scim.oktaUser("kim@example.com", "Kim", "Lee")); // 409
        scim.post("/Users", Scim.oktaUser("max@example.com", "Max", "Roe"));
        scim.delete("/Users/" + id);

        assertEquals(List.of(409), statuses(log(scim.project, "?status=failed").path("requests")));
        assertEquals(List.of(409), statuses(log(scim.project, "?status=4xx").path("requests")));
        assertEquals(List.of(204, 201, 201), statuses(log(scim.project, "?status=succeeded").path("requests")));
        assertEquals(List.of("DELETE"), field(log(scim.project, "?method=delete").path("requests"), "method"));
        assertEquals(3, log(scim.project, "?user=KIM@").path("requests").size(), "kim's create, duplicate and delete");
        assertEquals(2, log(scim.project, "?user=" + id).path("requests").size(), "by SCIM id: the create and the delete");

        JsonNode first = log(scim.project, "?limit=2");
        assertEquals(2, first.path("requests").size());
        JsonNode second = log(scim.project, "?limit=2&before=" + first.path("next").asText());
        assertEquals(List.of(409, 201), statuses(second.path("requests")));

        Api admin = Api.admin(base);
        String one = first.path("requests").get(0).path("id").asText();
        JsonNode got = admin.get("/api/v1/projects/" + scim.project + "/scim-requests/" + one).json();
        assertEquals("DELETE", got.path("method").asText());
        assertEquals(404, admin.get("/api/v1/projects/" + scim.project + "/scim-requests/999999999").status());
        assertEquals(404, admin.get("/api/v1/projects/" + scim.project + "/scim-requests/x'1").status());
        for (String bad : List.of("?limit=0", "?limit=abc", "?status=teapot", "?method=TRACE", "?before=-1")) {
            Api.Reply reply = admin.get("/api/v1/projects/" + scim.project + "/scim-requests" + bad);
            assertEquals(400, reply.status(), bad + " -> " + reply.text());
            assertFalse(reply.json().path("error").isMissingNode(), "the API's JSON error: " + reply.text());
        }
    }

    @Test
    void aProjectSeesOnlyItsOwnRequestsAndUnauthenticatedOnesAreNotLogged() {
        Scim a = Scim.forNewProject(base);
        Scim b = Scim.forNewProject(base);
        a.post("/Users", Scim.oktaUser("only-a@example.com", "A", "A"));
        b.post("/Users", Scim.oktaUser("only-b@example.com", "B", "B"));
        Scim forged = Scim.withToken(base, a.project, "not-a-token");
        assertEquals(401, forged.get("/Users").status());

        JsonNode ofA = log(a.project, "").path("requests");
        assertEquals(1, ofA.size(), ofA.toString());
        assertTrue(ofA.get(0).path("request").asText().contains("only-a@example.com"));
        String bRequest = log(b.project, "").path("requests").get(0).path("id").asText();
        assertEquals(404, Api.admin(base).get("/api/v1/projects/" + a.project + "/scim-requests/" + bRequest).status(),
                "another project's request through this project's address");
        assertEquals(401, Api.withKey(base, a.token).get("/api/v1/projects/" + a.project + "/scim-requests").status(),
                "a SCIM token does not read the log");
        assertEquals(404, Api.admin(base).get("/api/v1/projects/no-such-project/scim-requests").status());
    }

    @Test
    void largeBodiesAreCutAndCounted() {
        Scim scim = Scim.forNewProject(base);
        ObjectNode big = Scim.oktaUser("big@example.com", "Big", "Body");
        big.put("displayName", "x".repeat(40_000));
        Api.Reply created = scim.post("/Users", big);
        JsonNode logged = log(scim.project, "").path("requests").get(0);
        assertTrue(logged.path("requestBytes").asLong() > 40_000);
        assertTrue(logged.path("request").asText().length() < 17_000);
        assertTrue(logged.path("request").asText().endsWith("bytes)"), "says it was cut");
        assertEquals(created.status(), logged.path("status").asInt());
    }

    private JsonNode log(String project, String query) {
        Api.Reply reply = Api.admin(base).get("/api/v1/projects/" + project + "/scim-requests" + query);
        assertEquals(200, reply.status(), reply.text());
        return reply.json();
    }

    private static List<Integer> statuses(JsonNode requests) {
        List<Integer> out = new ArrayList<>();
        requests.forEach(r -> out.add(r.path("status").asInt()));
        return out;
    }

    private static List<String> field(JsonNode requests, String name) {
        List<String> out = new ArrayList<>();
        requests.forEach(r -> out.add(r.path(name).asText()));
        return out;
    }
}
