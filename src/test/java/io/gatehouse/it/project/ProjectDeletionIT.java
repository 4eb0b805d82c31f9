package io.gatehouse.it.project;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import io.gatehouse.it.Api;
import io.gatehouse.it.Browser;
import io.gatehouse.it.DriverManagerDataSource;
import io.gatehouse.it.Fixtures;
import io.gatehouse.it.oidc.OidcRp;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A project deleted through the management API: only with its exact name as confirmation; then its
 * SCIM token, SAML endpoints, member session, OpenID Connect provider and tokens stop at once, its
 * rows are gone from every table, the global audit log says who deleted it, and a second project
 * is untouched.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ProjectDeletionIT {
    /** Tables whose rows belong to a project by its id (the others follow from these by cascade). */
    private static final List<String> PROJECT_TABLES = List.of("gh_user", "gh_group", "gh_role", "gh_scim_token",
            "gh_saml_settings", "gh_saml_request", "gh_saml_replay", "gh_scim_activity", "gh_scim_exchange", "gh_sign_in_attempt", "gh_member_session", "gh_application",
            "gh_oidc_key", "gh_oidc_pending", "gh_oidc_code", "gh_oidc_refresh_token", "gh_oidc_logout", "gh_audit_event");

    @ArquillianResource
    URL base;

    @Test
    void aProjectIsDeletedOnlyWithItsNameAndThenNothingOfItWorksOrRemains() throws Exception {
        OidcRp rp = OidcRp.start(base, false, null);
        Api api = rp.api;
        String project = rp.project;
        String path = "/api/v1/projects/" + project;
        String name = api.get(path).json().path("name").asText();
        String samlToken = api.get(path + "/sso").json().path("samlToken").asText();
        String group = Fixtures.group(api, project, "Staff", Fixtures.role(api, project, "Staff role"));
        String user = Fixtures.user(api, project, "kept-until-deleted@example.com");
        Fixtures.addMember(api, project, group, user);
        Api scim = Api.withKey(base, Fixtures.scimToken(api, project));
        assertEquals(200, scim.get("/scim/v2/Users").status());
        OidcRp.SignedIn signedIn = rp.signInAndExchange(new Browser(), "member@example.com");
        String other = Fixtures.project(api);
        String otherUser = Fixtures.user(api, other, "other@example.com");

        assertEquals(400, api.delete(path).status(), "no confirmation");
        Api.Reply wrong = api.delete(path + "?confirm=" + enc(name + " "));
        assertEquals(400, wrong.status(), wrong.text());
        assertTrue(wrong.text().contains("exact name"), wrong.text());
        assertEquals(200, api.get(path).status(), "still there after refused deletions");
        assertEquals(200, scim.get("/scim/v2/Users").status());

        Api.Reply deleted = api.delete(path + "?confirm=" + enc(name));
        assertEquals(204, deleted.status(), deleted.text());

        assertEquals(404, api.get(path).status());
        assertEquals(404, api.get(path + "/users").status());
        assertEquals(404, api.delete(path + "?confirm=" + enc(name)).status(), "a second deletion finds nothing");
        assertFalse(api.get("/api/v1/projects").text().contains(project), "not listed");
        assertEquals(401, scim.get("/scim/v2/Users").status(), "its SCIM token no longer authenticates");
        assertEquals(404, new Browser().get(api.base() + "/sso/" + samlToken + "/saml/metadata").status(), "SP metadata");
        assertEquals(404, new Browser().get(api.base() + "/sso/" + project + "/saml/init").status(), "SP-initiated sign-in");
        assertEquals(404, new Browser().get(rp.issuer + "/.well-known/openid-configuration").status(), "OIDC discovery");
        HTTPResponse refresh = rp.token(new RefreshTokenGrant(signedIn.tokens().getRefreshToken()));
        assertTrue(refresh.getStatusCode() >= 400, "refresh refused: " + refresh.getStatusCode());
        HTTPResponse userinfo = new UserInfoRequest(rp.metadata.getUserInfoEndpointURI(), signedIn.tokens().getBearerAccessToken())
                .toHTTPRequest().send();
        assertTrue(userinfo.getStatusCode() >= 400, "userinfo refused: " + userinfo.getStatusCode());
        Browser.Page me = signedIn.browser().get(api.base() + "/app/" + project + "/me");
        assertEquals(404, me.status(), "the member session's project is gone: " + me);

        JsonNode global = api.get("/api/v1/audit?action=project.delete").json();
        assertTrue(global.toString().contains(project) && global.toString().contains(name), "global audit event: " + global);
        assertEquals(200, api.get("/api/v1/projects/" + other + "/users/" + otherUser).status(), "another project is untouched");
        Api.Reply reused = api.post("/api/v1/projects", object("name", name));
        assertEquals(201, reused.status(), "the name is free again: " + reused.text());
        assertNoRowsLeft(project);
    }

    @Test
    void unknownProjectIsNotFound() {
        assertEquals(404, Api.admin(base).delete("/api/v1/projects/no-such-project?confirm=x").status());
    }

    /** Read in the server's own database (PostgreSQL and MariaDB runs; H2's file is the server's alone). */
    private static void assertNoRowsLeft(String project) throws Exception {
        if ("h2".equals(System.getProperty("it.db"))) {
            return;
        }
        try (Connection c = DriverManagerDataSource.forThisRun().getConnection()) {
            for (String table : PROJECT_TABLES) {
                try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE project_id = ?")) {
                    s.setString(1, project);
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        assertEquals(0, r.getLong(1), table + " still holds rows of the deleted project");
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM gh_project WHERE id = ?")) {
                s.setString(1, project);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    assertEquals(0, r.getLong(1), "the project row");
                }
            }
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
