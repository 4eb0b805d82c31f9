package io.gatehouse.it;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URL;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Okta's user provisioning, request by request as Okta's SCIM 2.0 guide and its spec tests send
 * them: the existence check by userName, create, read, update by PUT, deactivate and reactivate by
 * PATCH, import (paged GET), and the errors Okta relies on.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ScimOktaUsersIT {

    @ArquillianResource
    URL base;

    @Test
    void createUpdateDeactivateReactivate() {
        Scim scim = Scim.forNewProject(base);
        Api.Reply issued = Api.admin(base).post("/api/v1/projects/" + scim.project + "/scim-tokens", null);
        assertTrue(issued.json().path("scimBaseUrl").asText().endsWith("/scim/v2"), issued.text());
        // 1. Okta checks whether the user exists
        Api.Reply none = scim.get("/Users?filter=" + Scim.encode("userName eq \"ada@example.com\"") + "&startIndex=1&count=100");
        assertEquals(200, none.status(), none.text());
        assertEquals(0, none.json().path("totalResults").asInt());
        assertEquals("urn:ietf:params:scim:api:messages:2.0:ListResponse", none.json().path("schemas").get(0).asText());
        assertTrue(none.header("Content-Type").startsWith("application/scim+json"));

        // 2. create
        Api.Reply created = scim.post("/Users", Scim.oktaUser("ada@example.com", "Ada", "Lovelace"));
        assertEquals(201, created.status(), created.text());
        String id = created.id();
        JsonNode user = created.json();
        assertEquals("ada@example.com", user.path("userName").asText());
        assertEquals("Ada", user.path("name").path("givenName").asText());
        assertTrue(user.path("active").asBoolean());
        assertFalse(user.has("password"), "password is never returned");
        assertFalse(created.text().contains("t1meMa$heen"));
        assertEquals("User", user.path("meta").path("resourceType").asText());
        assertTrue(user.path("meta").path("location").asText().endsWith("/scim/v2/Users/" + id));
        assertEquals(user.path("meta").path("location").asText(), created.header("Location"));
        assertEquals("W/\"" + user.path("meta").path("version").asText().replaceAll("\\D", "") + "\"", created.header("ETag"));
        assertEquals("en-US", user.path("locale").asText(), "attributes without a column round-trip");

        // 3. Okta reads it back, then finds it by userName in another case
        assertEquals(200, scim.get("/Users/" + id).status());
        Api.Reply found = scim.filter("Users", "userName eq \"ADA@example.COM\"");
        assertEquals(1, found.json().path("totalResults").asInt(), found.text());
        assertEquals(id, found.json().path("Resources").get(0).path("id").asText());

        // 4. profile update by PUT (Okta sends the whole user)
        ObjectNode update = Scim.oktaUser("ada@example.com", "Ada", "King");
        update.put("id", id);
        update.remove("locale");
        Api.Reply put = scim.put("/Users/" + id, update);
        assertEquals(200, put.status(), put.text());
        assertEquals("King", put.json().path("name").path("familyName").asText());
        assertFalse(put.json().has("locale"), "PUT replaces: omitted attributes are cleared");

        // 5. deactivate: Okta's path-less PATCH
        Api.Reply off = scim.patch("/Users/" + id, Scim.patchOf(Scim.op("replace", null, object("active", false))));
        assertEquals(200, off.status(), off.text());
        assertFalse(off.json().path("active").asBoolean());
        Api.Reply stillFound = scim.filter("Users", "userName eq \"ada@example.com\"");
        assertEquals(1, stillFound.json().path("totalResults").asInt(), "deactivated users stay findable");
        assertFalse(stillFound.json().path("Resources").get(0).path("active").asBoolean());
        assertEquals(1, scim.filter("Users", "active eq false").json().path("totalResults").asInt());

        // 6. reactivate
        Api.Reply on = scim.patch("/Users/" + id, Scim.patchOf(Scim.op("replace", null, object("active", true))));
        assertEquals(200, on.status(), on.text());
        assertTrue(on.json().path("active").asBoolean());

        // every change is audited with the token as the actor
        JsonNode audit = Api.admin(base).get("/api/v1/projects/" + scim.project + "/audit").json();
        String actions = audit.toString();
        for (String action : new String[] {"scim.user.create", "scim.user.update", "scim.user.deactivate", "scim.user.reactivate"}) {
            assertTrue(actions.contains(action), action + " audited: " + actions);
        }
        assertTrue(actions.contains("scim-token:"), actions);
    }

    @Test
    void duplicatesStaleVersionsAndMissingUsersAreRefusedInScimFormat() {
        Scim scim = Scim.forNewProject(base);
        String id = scim.post("/Users", Scim.oktaUser("grace@example.com", "Grace", "Hopper")).id();

        Api.Reply duplicate = scim.post("/Users", Scim.oktaUser("GRACE@Example.com", "Grace", "Again"));
        assertEquals(409, duplicate.status(), duplicate.text());
        assertEquals("uniqueness", duplicate.json().path("scimType").asText());
        assertEquals("409", duplicate.json().path("status").asText());
        assertEquals("urn:ietf:params:scim:api:messages:2.0:Error", duplicate.json().path("schemas").get(0).asText());

        String etag = scim.get("/Users/" + id).header("ETag");
        assertEquals(200, scim.patch("/Users/" + id, Scim.patchOf(Scim.op("replace", "displayName", "G. Hopper")), etag).status());
        Api.Reply stale = scim.patch("/Users/" + id, Scim.patchOf(Scim.op("replace", "displayName", "Lost update")), etag);
        assertEquals(412, stale.status(), stale.text());
        assertEquals("G. Hopper", scim.get("/Users/" + id).json().path("displayName").asText());

        Api.Reply missing = scim.get("/Users/00000000-0000-0000-0000-000000000000");
        assertEquals(404, missing.status());
        assertEquals("404", missing.json().path("status").asText());
    }

    @Test
    void usersWithoutNamesAreUnknownAndSyncedRegularUsersAreImportable() {
        Scim scim = Scim.forNewProject(base);
        ObjectNode bare = Api.JSON.createObjectNode();
        bare.putArray("schemas").add(Scim.USER);
        bare.put("userName", "nameless@example.com");
        Api.Reply created = scim.post("/Users", bare);
        assertEquals(201, created.status(), created.text());
        assertEquals("Unknown", created.json().path("name").path("givenName").asText());
        assertEquals("Unknown", created.json().path("name").path("familyName").asText());

        Api admin = Api.admin(base);
        Fixtures.user(admin, scim.project, "regular@example.com");
        assertEquals(200, admin.post("/api/v1/projects/" + scim.project + "/sync-regular-users", null).status());
        // Okta's import: paged GET of all users
        Api.Reply page = scim.get("/Users?startIndex=1&count=1");
        assertEquals(2, page.json().path("totalResults").asInt(), page.text());
        assertEquals(1, page.json().path("itemsPerPage").asInt());
        Api.Reply next = scim.get("/Users?startIndex=2&count=1");
        assertEquals(2, next.json().path("startIndex").asInt());
        String both = page.json().path("Resources").toString() + next.json().path("Resources");
        assertTrue(both.contains("regular@example.com") && both.contains("nameless@example.com"), both);
    }

    @Test
    void deleteRemovesTheUserAndTheirMemberships() {
        Scim scim = Scim.forNewProject(base);
        String id = scim.post("/Users", Scim.oktaUser("gone@example.com", "Gone", "Soon")).id();
        String group = scim.post("/Groups", Scim.group("Leavers", id)).id();
        assertEquals(204, scim.delete("/Users/" + id).status());
        assertEquals(404, scim.get("/Users/" + id).status());
        Api.Reply after = scim.get("/Groups/" + group);
        assertEquals(200, after.status());
        assertEquals(0, after.json().path("members").size());
    }
}
