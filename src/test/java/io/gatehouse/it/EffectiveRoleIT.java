package io.gatehouse.it;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URL;
import java.util.List;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The effective-role rule end to end: group priority, default role, and changes taking effect at once. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class EffectiveRoleIT {

    @ArquillianResource
    URL base;

    @Test
    void roleFollowsGroupPriorityAndFallsBackToTheDefault() {
        Api api = Api.admin(base);
        String project = Fixtures.project(api);
        String p = "/api/v1/projects/" + project;
        String editor = Fixtures.role(api, project, "Editor");
        String contributor = Fixtures.role(api, project, "Blog Contributor");
        String editors = Fixtures.group(api, project, "Editors", editor);
        String bloggers = Fixtures.group(api, project, "Bloggers", contributor);
        String noRole = Fixtures.group(api, project, "Everyone", null);
        String user = Fixtures.user(api, project, "grace@example.com");

        assertRole(api, p, user, "Member", null, "Default role \"Member\"");

        Fixtures.addMember(api, project, noRole, user);
        assertRole(api, p, user, "Member", null, "Default role", "a group without a role does not count");

        Fixtures.addMember(api, project, bloggers, user);
        assertRole(api, p, user, "Blog Contributor", bloggers, "from group \"Bloggers\"");

        Fixtures.addMember(api, project, editors, user);
        assertRole(api, p, user, "Editor", editors, "from group \"Editors\", the first of the user's groups with a role",
                "Editors was created first, so it comes first");

        JsonNode order = api.put(p + "/group-priority", List.of(bloggers, noRole, editors)).json();
        assertEquals(bloggers, order.get(0).path("id").asText());
        assertRole(api, p, user, "Blog Contributor", bloggers, "from group \"Bloggers\"", "priority change shows at once");

        assertEquals(200, api.put(p + "/groups/" + bloggers, object("roleId", null)).status());
        assertRole(api, p, user, "Editor", editors, "from group \"Editors\"", "the next group with a role decides");

        assertEquals(204, api.delete(p + "/groups/" + editors + "/members/" + user).status());
        assertRole(api, p, user, "Member", null, "Default role");

        String admin = Fixtures.role(api, project, "Admin");
        assertEquals(200, api.put(p + "/sso", object("defaultRoleId", admin)).status());
        assertRole(api, p, user, "Admin", null, "Default role \"Admin\"", "a new default role applies at once");

        JsonNode groups = api.get(p + "/groups").json();
        assertEquals(List.of("Bloggers", "Everyone", "Editors"),
                List.of(groups.get(0).path("displayName").asText(), groups.get(1).path("displayName").asText(),
                        groups.get(2).path("displayName").asText()));
        assertEquals(1, groups.get(1).path("memberCount").asInt());
    }

    @Test
    void priorityListsAreValidated() {
        Api api = Api.admin(base);
        String project = Fixtures.project(api);
        String p = "/api/v1/projects/" + project;
        String a = Fixtures.group(api, project, "A", null);
        Fixtures.group(api, project, "B", null);
        assertEquals(400, api.put(p + "/group-priority", List.of(a, a)).status(), "duplicates");
        assertEquals(400, api.put(p + "/group-priority", List.of("unknown")).status());
        assertEquals(400, api.put(p + "/group-priority", object("ids", List.of(a))).status(), "not an array");
        Api.Reply partial = api.put(p + "/group-priority", List.of());
        assertEquals(200, partial.status(), "an empty list keeps the order");
        assertEquals("A", partial.json().get(0).path("displayName").asText());
    }

    private static void assertRole(Api api, String p, String userId, String role, String groupId, String reason, String... why) {
        JsonNode user = api.get(p + "/users/" + userId).json();
        String message = String.join(" ", why) + " " + user;
        assertEquals(role, user.path("effectiveRole").asText(), message);
        assertTrue(user.path("roleReason").asText().contains(reason), message);
        assertEquals(groupId == null ? "" : groupId, user.path("roleFromGroupId").asText(""), message);
        JsonNode listed = api.get(p + "/users?userName=" + user.path("userName").asText()).json().path("items").get(0);
        assertEquals(role, listed.path("effectiveRole").asText(), "list and detail agree: " + message);
    }
}
