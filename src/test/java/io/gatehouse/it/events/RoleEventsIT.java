package io.gatehouse.it.events;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.it.Api;
import io.gatehouse.it.Fixtures;
import io.gatehouse.it.Scim;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code user.role_changed} for every reason the role rule knows: a group's role, the priority order,
 * the default role; and for more users than one transaction takes, through the batched fan-out.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RoleEventsIT extends EventsBase {

    @Test
    void thePriorityOrderAndTheDefaultRoleMoveRoles() throws Exception {
        Api api = admin();
        String project = Fixtures.project(api);
        String p = "/api/v1/projects/" + project;
        String viewer = Fixtures.role(api, project, "Viewer");
        String editor = Fixtures.role(api, project, "Editor");
        String guest = Fixtures.role(api, project, "Guest");
        String viewers = Fixtures.group(api, project, "Viewers", viewer);
        String editors = Fixtures.group(api, project, "Editors", editor);
        String both = Fixtures.user(api, project, "both@example.com");
        String loner = Fixtures.user(api, project, "loner@example.com");
        Fixtures.addMember(api, project, viewers, both);
        Fixtures.addMember(api, project, editors, both);
        int before = events(project).size();

        // Editors first: Editor wins for the member of both groups; the loner is in no group
        assertEquals(200, api.put(p + "/group-priority", List.of(editors, viewers)).status());
        List<JsonNode> events = eventsOnce(project, e -> ofType(e.subList(before, e.size()), "user.role_changed").size() == 1,
                Duration.ofSeconds(20));
        List<JsonNode> moved = ofType(events.subList(before, events.size()), "user.role_changed");
        assertEquals(1, moved.size(), events.toString());
        assertEquals(both, moved.get(0).path("data").path("userId").asText());
        assertEquals("Viewer", moved.get(0).path("data").path("oldRole").asText());
        assertEquals("Editor", moved.get(0).path("data").path("newRole").asText());
        assertEquals(editors, moved.get(0).path("data").path("groupId").asText());
        assertTrue(types(events.subList(before, events.size())).contains("group.updated"), "the groups' priorities changed");

        // a new default role moves only the user in no group with a role
        int mark = events.size();
        assertEquals(200, api.put(p + "/sso", object("defaultRoleId", guest)).status());
        events = eventsOnce(project, e -> e.size() > mark, Duration.ofSeconds(20));
        List<JsonNode> after = events.subList(mark, events.size());
        assertEquals(List.of("user.role_changed"), types(after), after.toString());
        assertEquals(loner, after.get(0).path("data").path("userId").asText());
        assertEquals("Member", after.get(0).path("data").path("oldRole").asText());
        assertEquals("Guest", after.get(0).path("data").path("newRole").asText());
        assertTrue(after.get(0).path("data").path("reason").asText().startsWith("Default role \"Guest\""), after.toString());
        Thread.sleep(1500); // nothing else trickles in from the fan-out
        assertEquals(events.size(), events(project).size());
        assertConsecutive(events(project));
    }

    @Test
    void aGroupLargerThanOneTransactionTakesIsComparedInBatches() throws Exception {
        Scim scim = Scim.forNewProject(base);
        int size = 1_100; // more than the outbox compares inline (1,000)
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ids.add(scim.post("/Users", Scim.oktaUser("u" + i + "@example.com", "U", "" + i)).id());
        }
        Api.Reply group = scim.post("/Groups", Scim.group("Everyone", ids.toArray(String[]::new)));
        assertEquals(201, group.status(), group.text());
        String role = Fixtures.role(admin(), scim.project, "Staff");
        long started = System.nanoTime();
        assertEquals(200, admin().put("/api/v1/projects/" + scim.project + "/groups/" + group.id(), object("roleId", role)).status());

        List<JsonNode> events = eventsOnce(scim.project, e -> ofType(e, "user.role_changed").size() >= size, Duration.ofSeconds(60));
        long millis = (System.nanoTime() - started) / 1_000_000;
        List<JsonNode> moved = ofType(events, "user.role_changed");
        Set<String> users = new HashSet<>();
        moved.forEach(e -> users.add(e.path("data").path("userId").asText()));
        assertEquals(size, moved.size(), "one event per member, no repeats");
        assertEquals(new HashSet<>(ids), users);
        moved.forEach(e -> assertEquals("Staff", e.path("data").path("newRole").asText()));
        assertEquals(size, ofType(events, "group.member_added").size());
        assertConsecutive(events);
        System.out.println("[RoleEventsIT] role_changed fan-out of " + size + " members: " + millis + " ms");
    }
}
