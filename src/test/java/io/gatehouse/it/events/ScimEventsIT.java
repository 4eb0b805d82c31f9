package io.gatehouse.it.events;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.it.Api;
import io.gatehouse.it.Fixtures;
import io.gatehouse.it.Scim;
import java.util.List;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The events an identity provider's provisioning produces, with the requests Okta's and Entra's
 * SCIM guides document: exactly these events, in this order, numbered 1, 2, 3...; and none for a
 * change the server refused half-way.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ScimEventsIT extends EventsBase {

    @Test
    void oktaProvisioningProducesExactlyItsEvents() {
        Scim scim = Scim.forNewProject(base);
        String project = scim.project;
        String ada = scim.post("/Users", Scim.oktaUser("ada@example.com", "Ada", "L")).id();
        String alan = scim.post("/Users", Scim.oktaUser("alan@example.com", "Alan", "T")).id();
        String group = scim.post("/Groups", Scim.group("Engineering", ada)).id();
        String engineer = Fixtures.role(admin(), project, "Engineer");
        assertEquals(200, admin().put("/api/v1/projects/" + project + "/groups/" + group, object("roleId", engineer)).status());
        assertEquals(204, scim.patch("/Groups/" + group, Scim.patchOf(Scim.op("add", "members", Scim.memberValues(alan)))).status());
        assertEquals(204, scim.patch("/Groups/" + group, Scim.patchOf(Scim.op("add", "members", Scim.memberValues(alan)))).status());
        assertEquals(204, scim.patch("/Groups/" + group, Scim.patchOf(
                Scim.op("remove", "members[value eq \"" + alan + "\"]", null))).status());
        assertEquals(204, scim.patch("/Groups/" + group, Scim.patchOf(
                Scim.op("replace", null, object("id", group, "displayName", "Platform")))).status());
        assertEquals(200, scim.put("/Users/" + ada, Scim.oktaUser("ada@example.com", "Ada", "Lovelace")).status());
        assertEquals(200, scim.put("/Users/" + ada, Scim.oktaUser("ada@example.com", "Ada", "Lovelace")).status(),
                "the same PUT again changes nothing");
        assertEquals(200, scim.patch("/Users/" + ada, Scim.patchOf(Scim.op("replace", null, object("active", false)))).status());
        assertEquals(204, scim.delete("/Groups/" + group).status());
        assertEquals(204, scim.delete("/Users/" + ada).status());

        List<JsonNode> events = events(project);
        assertEquals(List.of("user.created", "user.created", "group.created", "group.member_added",
                "group.updated", "user.role_changed",
                "group.member_added", "user.role_changed",
                "group.member_removed", "user.role_changed",
                "group.updated", "user.updated", "user.deactivated",
                "group.deleted", "user.role_changed", "user.deleted"), types(events), events.toString());
        assertConsecutive(events);

        JsonNode created = events.get(0);
        assertEquals(project, created.path("projectId").asText());
        assertEquals("SCIM", created.path("actor").path("source").asText());
        assertEquals(ada, created.path("data").path("id").asText());
        assertEquals("ada@example.com", created.path("data").path("userName").asText());
        assertEquals("Member", created.path("data").path("effectiveRole").asText());
        assertTrue(created.hasNonNull("id") && created.hasNonNull("occurredAt"), created.toString());

        JsonNode added = events.get(3).path("data");
        assertEquals(group, added.path("groupId").asText());
        assertEquals(ada, added.path("userId").asText());

        JsonNode promoted = events.get(5);
        assertEquals("ADMIN", promoted.path("actor").path("source").asText(), "the admin's role change moved Ada");
        assertEquals(ada, promoted.path("data").path("userId").asText());
        assertEquals("Member", promoted.path("data").path("oldRole").asText());
        assertEquals("Engineer", promoted.path("data").path("newRole").asText());
        assertTrue(promoted.path("data").path("reason").asText().contains("from group \"Engineering\""), promoted.toString());

        JsonNode alanBack = events.get(9).path("data");
        assertEquals(alan, alanBack.path("userId").asText());
        assertEquals("Engineer", alanBack.path("oldRole").asText());
        assertEquals("Member", alanBack.path("newRole").asText());

        assertEquals("Lovelace", events.get(11).path("data").path("familyName").asText());
        assertEquals(false, events.get(12).path("data").path("active").asBoolean(true));
        assertEquals("Platform", events.get(13).path("data").path("displayName").asText());
        assertEquals("Member", events.get(14).path("data").path("newRole").asText(), "the group's deletion took Ada's role");
        assertEquals(ada, events.get(15).path("data").path("id").asText());
    }

    @Test
    void entraProvisioningProducesExactlyItsEvents() {
        Scim scim = Scim.forNewProject(base);
        Api.Reply created = scim.post("/Users", object("schemas", List.of(Scim.USER), "externalId", "e-1",
                "userName", "grace@contoso.com", "active", true, "displayName", "Grace H",
                "name", object("givenName", "Grace", "familyName", "H")));
        assertEquals(201, created.status(), created.text());
        String grace = created.id();
        String group = scim.post("/Groups", object("schemas", List.of(Scim.GROUP), "externalId", "g-1",
                "displayName", "Sales", "members", List.of())).id();
        // Entra: PATCH add members with a value array, replace attributes by path, active as a string
        assertEquals(204, scim.patch("/Groups/" + group, Scim.patchOf(Scim.op("Add", "members", Scim.memberValues(grace)))).status());
        assertEquals(200, scim.patch("/Users/" + grace, Scim.patchOf(Scim.op("Replace", "displayName", "Grace Hopper"))).status());
        assertEquals(200, scim.patch("/Users/" + grace, Scim.patchOf(Scim.op("Replace", "active", "False"))).status());
        assertEquals(204, scim.patch("/Groups/" + group, Scim.patchOf(
                Scim.op("Remove", "members", Scim.memberValues(grace)))).status());
        assertEquals(200, scim.patch("/Users/" + grace, Scim.patchOf(Scim.op("Replace", "active", "True"))).status());

        List<JsonNode> events = events(scim.project);
        assertEquals(List.of("user.created", "group.created", "group.member_added", "user.updated", "user.deactivated",
                "group.member_removed", "user.reactivated"), types(events), events.toString());
        assertConsecutive(events);
        assertEquals("Grace Hopper", events.get(3).path("data").path("displayName").asText());
        assertEquals("e-1", events.get(0).path("data").path("externalId").asText());
    }

    @Test
    void aChangeRefusedHalfWayProducesNoEvent() {
        Scim scim = Scim.forNewProject(base);
        String ada = scim.post("/Users", Scim.oktaUser("ada@example.com", "Ada", "L")).id();
        String group = scim.post("/Groups", Scim.group("Engineering")).id();
        int before = events(scim.project).size();

        // the first operation adds Ada, the second is refused: the whole PATCH rolls back
        Api.Reply refused = scim.patch("/Groups/" + group, Scim.patchOf(
                Scim.op("add", "members", Scim.memberValues(ada)),
                Scim.op("replace", "nonsense", "x")));
        assertEquals(400, refused.status(), refused.text());
        Api.Reply refusedUser = scim.patch("/Users/" + ada, Scim.patchOf(
                Scim.op("replace", "displayName", "Ada Lovelace"),
                Scim.op("replace", "id", "another-id")));
        assertEquals(400, refusedUser.status(), refusedUser.text());
        Api.Reply unknownMember = scim.patch("/Groups/" + group, Scim.patchOf(
                Scim.op("add", "members", Scim.memberValues(ada, "no-such-user"))));
        assertEquals(400, unknownMember.status(), unknownMember.text());

        List<JsonNode> events = events(scim.project);
        assertEquals(before, events.size(), "no event for a refused change: " + events);
        assertEquals(0, scim.get("/Groups/" + group).json().path("members").size());
    }
}
