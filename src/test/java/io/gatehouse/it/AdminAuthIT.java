package io.gatehouse.it;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The management API refuses every request without a valid admin key, and writes nothing for it. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminAuthIT {

    @ArquillianResource
    URL base;

    @Test
    void missingWrongAndMalformedKeysGet401AndWriteNothing() {
        Api admin = Api.admin(base);
        String project = Fixtures.project(admin);
        String p = "/api/v1/projects/" + project;
        int eventsBefore = admin.get(p + "/audit").json().path("items").size();
        int projectsBefore = admin.get("/api/v1/projects").json().size();

        String bootstrap = Api.adminKey();
        List<Api> attackers = List.of(
                Api.withKey(base, null),
                Api.withKey(base, "wrong-key"),
                Api.withKey(base, bootstrap.substring(0, bootstrap.length() - 1)),
                Api.withKey(base, bootstrap + "x"),
                Api.withKey(base, "gha_00000000-0000-0000-0000-000000000000_guess"),
                Api.withKey(base, "gst_" + project + "_guess"));
        for (Api attacker : attackers) {
            Api.Reply created = attacker.post("/api/v1/projects", object("name", Api.unique("Intruder")));
            assertEquals(401, created.status(), created.text());
            assertEquals("unauthorized", created.json().path("error").asText());
            assertTrue(created.header("WWW-Authenticate").startsWith("Bearer"));
            assertEquals(401, attacker.post(p + "/scim-tokens", null).status());
            assertEquals(401, attacker.put(p + "/sso", object("jitEnabled", true)).status());
            assertEquals(401, attacker.get(p + "/users").status());
            assertEquals(401, attacker.get("/api/v1/nothing-here").status(), "no path probing without a key");
        }
        Api.Reply basic = Api.withKey(base, null).send("GET", "/api/v1/projects", null,
                Map.of("Authorization", "Basic YWRtaW46YWRtaW4="));
        assertEquals(401, basic.status());

        assertEquals(projectsBefore, admin.get("/api/v1/projects").json().size(), "no project was created");
        assertEquals(eventsBefore, admin.get(p + "/audit").json().path("items").size(), "nothing was written");
        assertFalse(admin.get(p + "/sso").json().path("jitEnabled").asBoolean());
    }

    @Test
    void createdKeysWorkUntilRevoked() {
        Api admin = Api.admin(base);
        Api.Reply created = admin.post("/api/v1/admin-keys", object("name", "CI pipeline"));
        assertEquals(201, created.status(), created.text());
        String key = created.json().path("key").asText();
        assertTrue(key.startsWith("gha_"));
        assertFalse(admin.get("/api/v1/admin-keys").text().contains(key), "listed without secrets");

        Api second = Api.withKey(base, key);
        Api.Reply project = second.post("/api/v1/projects", object("name", Api.unique("ByKey")));
        assertEquals(201, project.status());
        String actor = admin.get("/api/v1/projects/" + project.id() + "/audit").json().path("items").get(0).path("actor").asText();
        assertEquals("api-key:" + created.id(), actor, "the audit log names the key");

        assertEquals(204, admin.delete("/api/v1/admin-keys/" + created.id()).status());
        assertEquals(401, second.get("/api/v1/projects").status());

        List<String> keyEvents = new java.util.ArrayList<>();
        admin.get("/api/v1/audit?targetId=" + created.id()).json().path("items")
                .forEach(e -> keyEvents.add(e.path("action").asText()));
        assertEquals(List.of("admin-key.revoke", "admin-key.create"), keyEvents, "key changes are audited outside projects");
    }
}
