package io.gatehouse.it;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Okta's group features (Push Groups, Import Groups, rename, delete) with the requests Okta's SCIM
 * 2.0 guide documents, and the effective role following the groups the IdP pushes.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ScimOktaGroupsIT {

    @ArquillianResource
    URL base;

    @Test
    void pushGroupThenMembersThenRenameThenDelete() {
        Scim scim = Scim.forNewProject(base);
        String ada = scim.post("/Users", Scim.oktaUser("ada@example.com", "Ada", "L")).id();
        String alan = scim.post("/Users", Scim.oktaUser("alan@example.com", "Alan", "T")).id();
        String grace = scim.post("/Users", Scim.oktaUser("grace@example.com", "Grace", "H")).id();

        // Push Groups: Okta looks the group up, then creates it with its members
        assertEquals(0, scim.filter("Groups", "displayName eq \"Engineering\"").json().path("totalResults").asInt());
        Api.Reply created = scim.post("/Groups", Scim.group("Engineering", ada));
        assertEquals(201, created.status(), created.text());
        String group = created.id();
        assertEquals("Group", created.json().path("meta").path("resourceType").asText());
        assertEquals(ada, created.json().path("members").get(0).path("value").asText());
        assertEquals("ada@example.com", created.json().path("members").get(0).path("display").asText());

        // membership changes: Okta PATCHes add and remove (by value filter)
        Api.Reply add = scim.patch("/Groups/" + group, Scim.patchOf(
                Scim.op("add", "members", Scim.memberValues(alan, grace))));
        assertEquals(204, add.status(), add.text());
        Api.Reply again = scim.patch("/Groups/" + group, Scim.patchOf(Scim.op("add", "members", Scim.memberValues(alan))));
        assertEquals(204, again.status(), "adding an existing member is a no-op: " + again.text());
        assertEquals(3, scim.get("/Groups/" + group).json().path("members").size());
        Api.Reply remove = scim.patch("/Groups/" + group, Scim.patchOf(
                Scim.op("remove", "members[value eq \"" + grace + "\"]", null)));
        assertEquals(204, remove.status(), remove.text());
        assertEquals(List.of(ada, alan).stream().sorted().toList(), memberIds(scim.get("/Groups/" + group).json()));

        // Okta's rename: path-less replace carrying the group's own id
        Api.Reply rename = scim.patch("/Groups/" + group, Scim.patchOf(
                Scim.op("replace", null, object("id", group, "displayName", "Platform Engineering"))));
        assertEquals(204, rename.status(), rename.text());
        assertEquals("Platform Engineering", scim.get("/Groups/" + group).json().path("displayName").asText());

        // Okta's PUT with the full member list
        Api.Reply put = scim.put("/Groups/" + group, Scim.group("Platform Engineering", grace));
        assertEquals(200, put.status(), put.text());
        assertEquals(List.of(grace), memberIds(put.json()));

        // the user sees the group; the group is IdP-managed in the management API
        JsonNode graceUser = scim.get("/Users/" + grace).json();
        assertEquals(group, graceUser.path("groups").get(0).path("value").asText());
        assertEquals("IDP", Api.admin(base).get("/api/v1/projects/" + scim.project + "/groups/" + group).json().path("managedBy").asText());

        // delete: the group goes, its users stay
        assertEquals(204, scim.delete("/Groups/" + group).status());
        assertEquals(404, scim.get("/Groups/" + group).status());
        assertEquals(200, scim.get("/Users/" + grace).status());
        assertEquals(0, scim.get("/Users/" + grace).json().path("groups").size());
        String audit = Api.admin(base).get("/api/v1/projects/" + scim.project + "/audit").text();
        assertTrue(audit.contains("group.members-add") && audit.contains("group.rename") && audit.contains("group.delete"), audit);
    }

    @Test
    void importGroupsPagesAndExcludesMembers() {
        Scim scim = Scim.forNewProject(base);
        String user = scim.post("/Users", Scim.oktaUser("member@example.com", "M", "E")).id();
        Api admin = Api.admin(base);
        Fixtures.group(admin, scim.project, "Made in Gatehouse", null);
        scim.post("/Groups", Scim.group("Pushed", user));
        Api.Reply first = scim.get("/Groups?startIndex=1&count=1");
        assertEquals(200, first.status(), first.text());
        assertEquals(2, first.json().path("totalResults").asInt());
        assertEquals(1, first.json().path("Resources").size());
        Api.Reply lean = scim.get("/Groups?excludedAttributes=members&filter=" + Scim.encode("displayName eq \"pushed\""));
        assertEquals(1, lean.json().path("totalResults").asInt(), lean.text());
        JsonNode pushed = lean.json().path("Resources").get(0);
        assertFalse(pushed.has("members"), lean.text());
        assertEquals("Pushed", pushed.path("displayName").asText());
        Api.Reply byMember = scim.filter("Groups", "members.value eq \"" + user + "\"");
        assertEquals(1, byMember.json().path("totalResults").asInt(), byMember.text());
        Api.Reply onlyName = scim.get("/Groups/" + pushed.path("id").asText() + "?attributes=displayName");
        assertFalse(onlyName.json().has("members"));
        assertFalse(onlyName.json().has("meta"));
        assertEquals(pushed.path("id").asText(), onlyName.json().path("id").asText());
    }

    @Test
    void membersPushedOverScimDecideTheEffectiveRole() {
        Scim scim = Scim.forNewProject(base);
        Api admin = Api.admin(base);
        String p = "/api/v1/projects/" + scim.project;
        String editor = Fixtures.role(admin, scim.project, "Editor");
        String user = scim.post("/Users", Scim.oktaUser("role@example.com", "R", "O")).id();
        String group = scim.post("/Groups", Scim.group("Editors")).id();
        assertEquals(200, admin.put(p + "/groups/" + group, object("roleId", editor)).status());
        assertFalse(admin.get(p + "/users/" + user).text().contains("Editor"), "no role before the IdP adds the member");
        scim.patch("/Groups/" + group, Scim.patchOf(Scim.op("add", "members", Scim.memberValues(user))));
        JsonNode after = admin.get(p + "/users/" + user).json();
        assertTrue(after.toString().contains("Editor"), "role from the pushed group at once: " + after);
    }

    @Test
    void membersOfAnotherProjectOrUnknownCannotBeAdded() {
        Scim a = Scim.forNewProject(base);
        Scim b = Scim.forNewProject(base);
        String stranger = b.post("/Users", Scim.oktaUser("stranger@example.com", "S", "T")).id();
        String group = a.post("/Groups", Scim.group("A group")).id();
        Api.Reply refused = a.patch("/Groups/" + group, Scim.patchOf(Scim.op("add", "members", Scim.memberValues(stranger))));
        assertEquals(400, refused.status(), refused.text());
        assertEquals(400, a.post("/Groups", Scim.group("With ghost", "no-such-user")).status());
        assertEquals(0, a.filter("Groups", "displayName eq \"With ghost\"").json().path("totalResults").asInt(),
                "a refused create writes nothing");
    }

    private static List<String> memberIds(JsonNode group) {
        List<String> ids = new ArrayList<>();
        group.path("members").forEach(m -> ids.add(m.path("value").asText()));
        return ids.stream().sorted().toList();
    }
}
