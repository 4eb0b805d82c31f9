package io.gatehouse.it;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Nothing of project B is reachable through project A's URLs, even with B's ids in hand. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TenantIsolationIT {

    @ArquillianResource
    URL base;

    @Test
    void projectBsIdsAreNotFoundThroughProjectA() {
        Api api = Api.admin(base);
        String a = Fixtures.project(api);
        String b = Fixtures.project(api);
        String pa = "/api/v1/projects/" + a;
        String pb = "/api/v1/projects/" + b;
        String userA = Fixtures.user(api, a, "alice@example.com");
        String userB = Fixtures.user(api, b, "bert@example.com");
        String roleB = Fixtures.role(api, b, "Secret role");
        String groupA = Fixtures.group(api, a, "A team", null);
        String groupB = Fixtures.group(api, b, "B team", roleB);
        String tokenB = api.post(pb + "/scim-tokens", null).id();
        String keep = api.get(pb + "/users/" + userB).text();

        assertEquals(404, api.get(pa + "/users/" + userB).status());
        assertEquals(404, api.put(pa + "/users/" + userB, object("active", false)).status());
        assertEquals(404, api.delete(pa + "/users/" + userB).status());
        assertEquals(404, api.get(pa + "/roles/" + roleB).status());
        assertEquals(404, api.put(pa + "/roles/" + roleB, object("name", "Mine")).status());
        assertEquals(404, api.delete(pa + "/roles/" + roleB).status());
        assertEquals(404, api.get(pa + "/groups/" + groupB).status());
        assertEquals(404, api.put(pa + "/groups/" + groupB, object("roleId", null)).status());
        assertEquals(404, api.get(pa + "/groups/" + groupB + "/members").status());
        assertEquals(404, api.post(pa + "/groups/" + groupB + "/members", object("userId", userA)).status());
        assertEquals(404, api.post(pa + "/groups/" + groupA + "/members", object("userId", userB)).status(),
                "B's user cannot join A's group");
        assertEquals(404, api.put(pa + "/groups/" + groupA, object("roleId", roleB)).status(), "B's role cannot be used in A");
        assertEquals(404, api.put(pa + "/sso", object("defaultRoleId", roleB)).status());
        assertEquals(400, api.put(pa + "/group-priority", List.of(groupB)).status());
        assertEquals(404, api.delete(pa + "/scim-tokens/" + tokenB).status());
        assertEquals(404, api.post(pa + "/scim-tokens/" + tokenB + "/rotate", null).status());

        assertFalse(api.get(pa + "/users").text().contains("bert@example.com"));
        assertFalse(api.get(pa + "/groups").text().contains("B team"));
        assertFalse(api.get(pa + "/roles").text().contains("Secret role"));
        assertFalse(api.get(pa + "/scim-tokens").text().contains(tokenB));
        assertFalse(api.get(pa + "/audit").text().contains(userB));

        assertEquals(keep, api.get(pb + "/users/" + userB).text(), "B's user is untouched");
        assertTrue(api.get(pb + "/scim-tokens").json().get(0).path("revokedAt").isMissingNode(), "B's token is still active");
        assertEquals(roleB, api.get(pb + "/groups/" + groupB).json().path("roleId").asText());
    }
}
