package io.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Concurrency and hostile input: no lost membership, and never a 5xx for anything a client sends. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ScimRobustnessIT {

    @ArquillianResource
    URL base;

    @Test
    void fiftyConcurrentPatchesAddingMembersLoseNone() throws Exception {
        Scim scim = Scim.forNewProject(base);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            users.add(scim.post("/Users", Scim.oktaUser("member" + i + "@example.com", "M", "N" + i)).id());
        }
        String group = scim.post("/Groups", Scim.group("Crowded")).id();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<Api.Reply>> replies = new ArrayList<>();
            for (String user : users) {
                replies.add(pool.submit(() -> scim.patch("/Groups/" + group,
                        Scim.patchOf(Scim.op("add", "members", Scim.memberValues(user))))));
            }
            for (Future<Api.Reply> reply : replies) {
                assertEquals(204, reply.get().status(), reply.get().text());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(50, scim.get("/Groups/" + group).json().path("members").size());
        Api.Reply lean = scim.get("/Groups/" + group + "?excludedAttributes=members");
        assertEquals(50 + 1, Long.parseLong(lean.json().path("meta").path("version").asText().replaceAll("\\D", "")),
                "each PATCH moved the version once: serialised, not lost");
    }

    @Test
    void malformedInputGetsA4xxScimErrorNever5xx() {
        Scim scim = Scim.forNewProject(base);
        String user = scim.post("/Users", Scim.oktaUser("target@example.com", "T", "G")).id();
        String group = scim.post("/Groups", Scim.group("Target", user)).id();
        String u = "/scim/v2/Users";
        String uid = u + "/" + user;
        String g = "/scim/v2/Groups/" + group;
        List<String[]> cases = List.of(
                new String[] {"POST", u, "{"},
                new String[] {"POST", u, "[]"},
                new String[] {"POST", u, "\"just a string\""},
                new String[] {"POST", u, ""},
                new String[] {"POST", u, "null"},
                new String[] {"POST", u, "{\"userName\": 42}"},
                new String[] {"POST", u, "{\"userName\": null}"},
                new String[] {"POST", u, "{\"userName\": \"x@example.com\", \"active\": \"perhaps\"}"},
                new String[] {"POST", u, "{\"userName\": \"x@example.com\", \"name\": \"not an object\"}"},
                new String[] {"POST", u, "{\"userName\": \"x@example.com\", \"emails\": {\"value\": \"x\"}}"},
                new String[] {"POST", u, "{\"userName\": \"x@example.com\", \"emails\": [42]}"},
                new String[] {"POST", u, "{\"userName\": \"x@example.com\", \"favouriteColour\": \"blue\"}"},
                new String[] {"POST", u, "{\"schemas\": [\"urn:nope\"], \"userName\": \"x@example.com\"}"},
                new String[] {"POST", u, "{\"userName\": \"" + "x".repeat(5000) + "\"}"},
                new String[] {"POST", u, "{\"userName\": \"a\\u0000b\"}"},
                new String[] {"POST", u, "{\"userName\": \"x@example.com\", \"password\": \"\"}"},
                new String[] {"POST", u, "{\"userName\": \"x@example.com\", \"externalId\": \"" + "e".repeat(300) + "\"}"},
                new String[] {"POST", u, "{\"userName\": \"x@example.com\", \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\": 7}"},
                new String[] {"POST", u, "[".repeat(5000) + "]".repeat(5000)},
                new String[] {"POST", u, "{\"userName\": \"x@example.com\"} trailing"},
                new String[] {"PUT", uid, "{\"name\": {\"givenName\": \"no userName\"}}"},
                new String[] {"PUT", uid, "{\"userName\": \"target@example.com\", \"id\": \"other\", \"displayName\": [1]}"},
                new String[] {"PATCH", uid, "{}"},
                new String[] {"PATCH", uid, "{\"Operations\": \"replace\"}"},
                new String[] {"PATCH", uid, "{\"Operations\": [{\"op\": \"explode\", \"path\": \"active\"}]}"},
                new String[] {"PATCH", uid, "{\"Operations\": [{\"path\": \"active\", \"value\": false}]}"},
                new String[] {"PATCH", uid, "{\"Operations\": [{\"op\": \"replace\", \"path\": \"active\", \"value\": 17}]}"},
                new String[] {"PATCH", uid, "{\"Operations\": [{\"op\": \"replace\", \"path\": \"id\", \"value\": \"mine\"}]}"},
                new String[] {"PATCH", uid, "{\"Operations\": [{\"op\": \"add\", \"path\": \"groups\", \"value\": [{\"value\": \"" + group + "\"}]}]}"},
                new String[] {"PATCH", uid, "{\"Operations\": [{\"op\": \"replace\", \"path\": \"emails[type eq\", \"value\": \"x\"}]}"},
                new String[] {"PATCH", uid, "{\"Operations\": [{\"op\": \"replace\", \"path\": 5, \"value\": \"x\"}]}"},
                new String[] {"PATCH", uid, "{\"Operations\": [{\"op\": \"remove\"}]}"},
                new String[] {"PATCH", uid, "{\"Operations\": [{\"op\": \"replace\", \"path\": \"userName\", \"value\": null}]}"},
                new String[] {"PATCH", uid, "{\"Operations\": [{\"op\": \"replace\", \"path\": \"shoeSize\", \"value\": 44}]}"},
                new String[] {"PATCH", uid, "{\"Operations\": [{\"op\": \"add\", \"value\": \"not an object\"}]}"},
                new String[] {"POST", "/scim/v2/Groups", "{\"displayName\": 5}"},
                new String[] {"POST", "/scim/v2/Groups", "{\"members\": []}"},
                new String[] {"POST", "/scim/v2/Groups", "{\"displayName\": \"g\", \"members\": [{\"value\": 5}]}"},
                new String[] {"POST", "/scim/v2/Groups", "{\"displayName\": \"g\", \"members\": \"everyone\"}"},
                new String[] {"POST", "/scim/v2/Groups", "{\"displayName\": \"g\", \"colour\": \"red\"}"},
                new String[] {"POST", "/scim/v2/Groups", "{\"displayName\": \"Target\"}"},
                new String[] {"PATCH", g, "{\"Operations\": [{\"op\": \"remove\", \"path\": \"displayName\"}]}"},
                new String[] {"PATCH", g, "{\"Operations\": [{\"op\": \"replace\", \"path\": \"members[display co \\\"x\\\"]\", \"value\": []}]}"},
                new String[] {"PATCH", g, "{\"Operations\": [{\"op\": \"remove\", \"path\": \"members[display co \\\"x\\\"]\"}]}"},
                new String[] {"PATCH", g, "{\"Operations\": [{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"value\": \"ghost\"}]}]}"},
                new String[] {"PATCH", g, "{\"Operations\": [{\"op\": \"replace\", \"path\": \"members.value\", \"value\": \"x\"}]}"},
                new String[] {"PATCH", g, "{\"Operations\": [{\"op\": \"replace\", \"value\": {\"id\": \"another\"}}]}"},
                new String[] {"PUT", g, "{\"displayName\": \"\"}"},
                new String[] {"GET", u + "?filter=" + Scim.encode("userName eq \"x\" and ((("), null},
                new String[] {"GET", u + "?filter=" + Scim.encode("x".repeat(3000)), null},
                new String[] {"GET", u + "?startIndex=-5&count=99999999999999999999", null},
                new String[] {"GET", u + "?attributes=" + Scim.encode("[[[,,,"), null},
                new String[] {"GET", u + "/" + Scim.encode("\"quoted\" id"), null},
                new String[] {"DELETE", u + "/does-not-exist", null},
                new String[] {"POST", "/scim/v2/Bulk", "{}"},
                new String[] {"GET", "/scim/v2/Nothing", null},
                new String[] {"PUT", "/scim/v2/Users", "{}"});
        for (String[] c : cases) {
            Api.Reply reply = c[2] == null
                    ? scim.api.send(c[0], c[1], null, Map.of())
                    : scim.api.raw(c[0], c[1], c[2], "application/scim+json");
            String what = c[0] + " " + c[1] + " " + (c[2] == null ? "" : c[2].substring(0, Math.min(80, c[2].length())));
            assertTrue(reply.status() >= 400 && reply.status() < 500, what + " -> " + reply.status() + " " + reply.text());
            assertEquals(String.valueOf(reply.status()), reply.json().path("status").asText(), what + " -> " + reply.text());
            assertTrue(!reply.text().contains("Exception") && !reply.text().contains("at io.gatehouse"), what + " leaks internals");
        }
        ObjectNode after = (ObjectNode) scim.get("/Users/" + user).json();
        assertEquals("target@example.com", after.path("userName").asText(), "nothing above changed the user");
        assertTrue(after.path("active").asBoolean());
        assertEquals(1, scim.get("/Groups/" + group).json().path("members").size(), "nor the group");
        assertEquals(1, scim.get("/Users").json().path("totalResults").asInt(), "nor created anyone");
    }
}
