package io.gatehouse.it;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two Tomcat nodes, each with its own data directory, on one PostgreSQL database, behind a load
 * balancer ({@link LoadBalancer}) whose address both nodes have as GATEHOUSE_BASE_URL and the same
 * GATEHOUSE_KEY_ENCRYPTION_KEY (arquillian.xml, group "cluster"; the pom's postgresql-2-nodes run).
 * No node keeps state another needs for SCIM, the management API, a sign-in or the member area: a
 * member session is found by its own cookie on every node.
 */
class ScaleOutIT extends TwoNodes {
    /** The public URL of the application (what GATEHOUSE_BASE_URL says), through the balancer. */
    private String pub() {
        return lb.base() + nodeA.getPath().replaceAll("/$", "");
    }

    @Test
    void theTwoNodesAreDifferentServersOnOneDatabase() {
        assertTrue(nodeA.getPort() != nodeB.getPort(), nodeA + " " + nodeB);
        for (URL node : new URL[] {nodeA, nodeB}) {
            Api.Reply ready = Api.admin(node).get("/health/ready");
            assertEquals(200, ready.status(), ready.text());
            assertTrue(ready.json().path("database").asText().startsWith("PostgreSQL"), ready.text());
        }
    }

    @Test
    void aScimWriteOnNodeAIsReadOnNodeBAtOnceSoNoNodeCachesEntities() {
        Scim onA = Scim.forNewProject(nodeA);
        Scim onB = Scim.withToken(nodeB, onA.project, onA.token);

        Api.Reply created = onA.post("/Users", Scim.oktaUser("cache.probe@example.com", "Cache", "Probe"));
        assertEquals(201, created.status(), created.text());
        String path = "/Users/" + created.id();
        // node B reads the user (this would put it in a shared cache, were one on) ...
        for (int i = 0; i < 3; i++) {
            Api.Reply read = onB.get(path);
            assertEquals(200, read.status(), read.text());
            assertEquals("Cache", read.json().path("name").path("givenName").asText());
        }
        // ... node A changes it, and the very next read on B sees the change and the new version
        for (int round = 1; round <= 5; round++) {
            Api.Reply patched = onA.patch(path, Scim.patchOf(Scim.op("replace", "name.givenName", "Round" + round)));
            assertEquals(200, patched.status(), patched.text());
            Api.Reply read = onB.get(path);
            assertEquals("Round" + round, read.json().path("name").path("givenName").asText(), "round " + round);
            assertEquals(patched.json().path("meta").path("version").asText(), read.json().path("meta").path("version").asText());
        }
        // and writes on B go through A's version check: a stale If-Match from before A's change is refused on B
        Api.Reply current = onB.get(path);
        String etag = current.header("ETag");
        assertEquals(200, onA.patch(path, Scim.patchOf(Scim.op("replace", "name.familyName", "Changed")), etag).status());
        Api.Reply stale = onB.patch(path, Scim.patchOf(Scim.op("replace", "name.familyName", "Lost")), etag);
        assertEquals(412, stale.status(), stale.text());

        // deactivation, group membership and deletion, each read on the other node
        assertEquals(200, onB.patch(path, Scim.patchOf(Scim.op("replace", "active", false))).status());
        assertEquals(false, onA.get(path).json().path("active").asBoolean(true));
        Api.Reply group = onA.post("/Groups", Scim.group("Cluster Group", created.id()));
        assertEquals(201, group.status(), group.text());
        JsonNode members = onB.get("/Groups/" + group.id()).json().path("members");
        assertEquals(created.id(), members.path(0).path("value").asText(), members.toString());
        assertEquals(204, onA.delete(path).status());
        assertEquals(404, onB.get(path).status());
    }

    @Test
    void aRoleChangeThroughTheManagementApiOnNodeBShowsInTheEffectiveRoleOnNodeA() {
        Api a = Api.admin(nodeA);
        Api b = Api.admin(nodeB);
        String project = Fixtures.project(a);
        String user = Fixtures.user(a, project, "role.probe@example.com");
        assertEquals("Member", b.get("/api/v1/projects/" + project + "/users/" + user).json().path("effectiveRole").asText());
        String editor = Fixtures.role(b, project, "Editor");
        String group = Fixtures.group(b, project, "Editors", editor);
        Fixtures.addMember(b, project, group, user);
        JsonNode onA = a.get("/api/v1/projects/" + project + "/users/" + user).json();
        assertEquals("Editor", onA.path("effectiveRole").asText(), onA.toString());
    }

    @Test
    void aSignInStartedOnNodeAWhoseResponseIsPostedToNodeBSucceeds() throws Exception {
        Api admin = Api.admin(nodeA);
        String project = Fixtures.project(admin);
        // the development mock IdP of node A is the identity provider (its key lives in node A's data directory)
        Api.Reply sso = admin.put("/api/v1/projects/" + project + "/sso",
                object("idpMetadataUrl", nodeA.toString() + "dev/idp/metadata", "jitEnabled", true));
        assertEquals(200, sso.status(), sso.text());
        assertTrue(sso.json().path("acsUrl").asText().startsWith(pub() + "/sso/"), "URLs name the balancer: " + sso.text());

        Browser browser = new Browser();
        lb.to(nodeA);
        Browser.Page init = browser.get(sso.json().path("signOnUrl").asText());
        assertEquals(302, init.status(), init.toString());
        assertTrue(init.location().startsWith(pub() + "/dev/idp/sso?SAMLRequest="), init.location());
        Browser.Page form = browser.get(init.location());
        assertEquals(200, form.status(), form.toString());
        Browser.Page idp = browser.post(pub() + "/dev/idp/sso", Map.of("acs", form.hidden("acs"),
                "audience", form.hidden("audience"), "inResponseTo", form.hidden("inResponseTo"), "relayState", form.hidden("relayState"),
                "email", "roamer@example.com", "givenName", "Ro", "familyName", "Amer", "groups", "Staff"));
        assertEquals(200, idp.status(), idp.toString());
        int servedByB = lb.served(nodeB);

        lb.to(nodeB);
        Browser.Page acs = browser.post(sso.json().path("acsUrl").asText(),
                Map.of("SAMLResponse", idp.hidden("SAMLResponse"), "RelayState", idp.hidden("RelayState")));
        assertEquals(302, acs.status(), "node B accepts the response to node A's AuthnRequest: " + acs);
        JsonNode me = Api.JSON.readTree(browser.getJson(pub() + "/app/" + project + "/me").body());
        assertEquals("roamer@example.com", me.path("userName").asText(), me.toString());
        assertEquals(servedByB + 2, lb.served(nodeB), "the ACS post and /me were answered by node B");

        // the same response again, now on node A: the InResponseTo was used up on node B
        lb.to(nodeA);
        Browser.Page replay = browser.post(sso.json().path("acsUrl").asText(),
                Map.of("SAMLResponse", idp.hidden("SAMLResponse"), "RelayState", idp.hidden("RelayState")));
        assertEquals(403, replay.status(), replay.toString());
    }

    @Test
    void theSameResponsePostedToNodeAThenNodeBIsRefusedOnB() {
        lb.to(nodeA);
        Saml saml = Saml.project(Api.admin(nodeA), true);
        assertTrue(saml.acsUrl.startsWith(pub()), saml.acsUrl);
        String xml = saml.response(Saml.person("once.per.cluster@example.com"));

        Browser.Page first = saml.post(new Browser(), xml);
        assertEquals(302, first.status(), first.toString());
        lb.to(nodeB);
        Browser.Page again = saml.post(new Browser(), xml);
        assertEquals(403, again.status(), again.toString());
        assertTrue(again.body().contains("REPLAY"), again.body());
    }

    @Test
    void aDeactivationOnNodeAEndsTheSessionOnNodeB() {
        Api adminA = Api.admin(nodeA);
        lb.to(nodeB);
        Saml saml = Saml.project(Api.admin(nodeB), true);
        String me = pub() + "/app/" + saml.projectId + "/me";
        Browser browser = new Browser();
        assertEquals(302, saml.post(browser, saml.response(Saml.person("leaver.b@example.com"))).status());
        assertEquals(200, browser.getJson(me).status(), "signed in on node B");

        String token = Fixtures.scimToken(adminA, saml.projectId);
        Scim scimA = Scim.withToken(nodeA, saml.projectId, token);
        Api.Reply found = scimA.filter("Users", "userName eq \"leaver.b@example.com\"");
        String userId = found.json().path("Resources").path(0).path("id").asText();
        Api.Reply off = scimA.patch("/Users/" + userId, Scim.patchOf(Scim.op("replace", "active", false)));
        assertEquals(200, off.status(), off.text());

        Browser.Page next = browser.get(me);
        assertEquals(403, next.status(), next.toString());
        assertTrue(next.body().contains("Your account is deactivated"), next.body());
        assertEquals(401, browser.getJson(me).status(), "the session row has ended");
    }

    @Test
    void aMemberSessionIsFoundByItsOwnCookieOnEveryNodeSoTheMemberAreaNeedsNoStickiness() {
        lb.to(nodeA);
        Saml saml = Saml.project(Api.admin(nodeA), true);
        String me = pub() + "/app/" + saml.projectId + "/me";
        Browser browser = new Browser();
        assertEquals(302, saml.post(browser, saml.response(Saml.person("sticky@example.com"))).status());
        assertEquals(200, browser.getJson(me).status());
        lb.to(nodeB);
        assertEquals(200, browser.getJson(me).status(), "node B never saw node A's HTTP session: the gh_member_ cookie finds the row");
        Browser stranger = new Browser();
        assertEquals(401, stranger.getJson(me).status(), "without the cookie nobody is signed in");
        lb.to(nodeA);
        assertEquals(200, browser.getJson(me).status(), "back on node A the session is still there");
    }
}
