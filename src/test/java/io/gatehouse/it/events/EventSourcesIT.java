package io.gatehouse.it.events;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.it.Api;
import io.gatehouse.it.Browser;
import io.gatehouse.it.Fixtures;
import io.gatehouse.it.Saml;
import java.util.List;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every path that changes the directory emits: the management API (an admin key) and SAML
 * just-in-time provisioning here, SCIM in ScimEventsIT, the console in ConsoleUiProjectIT.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class EventSourcesIT extends EventsBase {

    @Test
    void theManagementApiEmitsWithTheKeyAsActor() {
        Api api = admin();
        String project = Fixtures.project(api);
        String p = "/api/v1/projects/" + project;
        String user = Fixtures.user(api, project, "kim@example.com");
        assertEquals(200, api.put(p + "/users/" + user, object("givenName", "Kim")).status());
        assertEquals(200, api.put(p + "/users/" + user, object("password", "another long password")).status());
        assertEquals(200, api.put(p + "/users/" + user, object("active", false)).status());
        assertEquals(200, api.put(p + "/users/" + user, object("active", true)).status());
        assertEquals(200, api.post(p + "/sync-regular-users", null).status());
        assertEquals(204, api.delete(p + "/users/" + user).status());

        List<JsonNode> events = events(project);
        assertEquals(List.of("user.created", "user.updated", "user.deactivated", "user.reactivated", "user.updated",
                "user.deleted"), types(events), "a password change is not visible to applications: " + events);
        assertEquals("ADMIN", events.get(0).path("actor").path("source").asText());
        org.junit.jupiter.api.Assertions.assertTrue(events.get(0).path("actor").path("name").asText().startsWith("api-key:"),
                events.get(0).toString());
        assertEquals("Kim", events.get(1).path("data").path("givenName").asText());
        assertEquals("SYNCED", events.get(4).path("data").path("origin").asText());
    }

    @Test
    void samlJustInTimeProvisioningEmitsTheUserGroupsAndRefreshes() {
        Api api = admin();
        Saml saml = Saml.project(api, true);
        String editor = Fixtures.role(api, saml.projectId, "Editor");
        String editors = Fixtures.group(api, saml.projectId, "Editors", editor);
        int before = events(saml.projectId).size();

        saml.post(new Browser(), saml.response(Saml.person("jit@example.com", "Editors", "Newcomers")));
        saml.post(new Browser(), saml.response(Saml.person("jit@example.com", "Editors", "Newcomers")));
        var renamed = new io.gatehouse.mockidp.MockIdentityProvider.Person("jit@example.com", "Janet", "Doe", List.of("Editors"));
        saml.post(new Browser(), saml.response(renamed));

        List<JsonNode> events = events(saml.projectId);
        List<JsonNode> mine = events.subList(before, events.size());
        assertEquals(List.of("user.created", "group.member_added", "group.created", "group.member_added",
                "user.updated", "group.member_removed"), types(mine), "the second, identical sign-in changes nothing: " + mine);
        JsonNode created = mine.get(0);
        assertEquals("SAML", created.path("actor").path("source").asText());
        assertEquals("Editor", created.path("data").path("effectiveRole").asText(), "rendered as of the commit, groups applied");
        assertEquals(editors, mine.get(1).path("data").path("groupId").asText());
        assertEquals("Janet", mine.get(4).path("data").path("givenName").asText());
        assertConsecutive(events);
    }
}
