package io.gatehouse.it;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sign-in through a real Keycloak configured by the test as the project's SAML IdP (metadata by
 * URL, signed AuthnRequests verified by Keycloak against the SP certificate, signed responses and
 * assertions): SP- and IdP-initiated sign-in, JIT, role from a Keycloak group, a deactivated user
 * refused, Single Logout. The browser side is an HTTP client with a cookie jar.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class KeycloakIT {

    @ArquillianResource
    URL base;

    private record Setup(Api api, String project, JsonNode sso, Keycloak keycloak, String realm) {
        String me() {
            return api.base() + "/app/" + project + "/me";
        }
    }

    private Setup setup() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("it.keycloak.skip"), "Keycloak tests skipped");
        Keycloak keycloak = Keycloak.start();
        Api api = Admin();
        String project = Fixtures.project(api);
        String editor = Fixtures.role(api, project, "Editor");
        Fixtures.group(api, project, "Editors", editor);
        JsonNode sso = api.get("/api/v1/projects/" + project + "/sso").json();
        String realm = "p" + project.replace("-", "").substring(0, 12);
        String descriptor = keycloak.realm(realm, sso.path("entityId").asText(), sso.path("acsUrl").asText(),
                sso.path("singleLogoutUrl").asText(), sso.path("spCertificate").asText(), "gatehouse");
        keycloak.group(realm, "Editors");
        keycloak.user(realm, "alice", "alice@example.com", "alice-password-1", "Editors");
        keycloak.user(realm, "bob", "bob@example.com", "bob-password-1");
        Api.Reply put = api.put("/api/v1/projects/" + project + "/sso", object("idpMetadataUrl", descriptor, "jitEnabled", true));
        assertEquals(200, put.status(), put.text());
        assertTrue(put.json().hasNonNull("idpMetadataFetchedAt"), "Keycloak's metadata fetched: " + put.text());
        return new Setup(api, project, put.json(), keycloak, realm);
    }

    private Api Admin() {
        return Api.admin(base);
    }

    /** SP-initiated: Gatehouse -> Keycloak login page -> credentials -> auto-post form -> ACS. */
    private Browser.Page spInitiated(Setup s, Browser browser, String user, String password) {
        Browser.Page init = browser.get(s.sso().path("signOnUrl").asText());
        assertEquals(302, init.status(), init.toString());
        assertTrue(init.location().startsWith(s.keycloak().base), init.location());
        Browser.Page login = browser.get(init.location());
        assertEquals(200, login.status(), "Keycloak accepted the signed AuthnRequest: " + login);
        Browser.Page form = Keycloak.login(browser, login, user, password);
        assertEquals(200, form.status(), form.toString());
        return browser.post(form.formAction(), Map.of("SAMLResponse", form.hidden("SAMLResponse"),
                "RelayState", form.hidden("RelayState")));
    }

    @Test
    void spInitiatedSignInCreatesTheUserAndTheKeycloakGroupGivesTheRole() throws Exception {
        Setup s = setup();
        Browser browser = new Browser();
        Browser.Page acs = spInitiated(s, browser, "alice", "alice-password-1");
        assertEquals(302, acs.status(), acs.toString());
        JsonNode me = Api.JSON.readTree(browser.getJson(s.me()).body());
        assertEquals("alice@example.com", me.path("userName").asText(), me.toString());
        assertEquals("Editor", me.path("role").asText(), me.toString());
        assertEquals("Kay", me.path("givenName").asText());
    }

    @Test
    void idpInitiatedSignInFromKeycloak() throws Exception {
        Setup s = setup();
        Browser browser = new Browser();
        Browser.Page login = browser.get(s.keycloak().base + "/realms/" + s.realm() + "/protocol/saml/clients/gatehouse");
        assertEquals(200, login.status(), login.toString());
        Browser.Page form = Keycloak.login(browser, login, "bob", "bob-password-1");
        Browser.Page acs = browser.post(form.formAction(), Map.of("SAMLResponse", form.hidden("SAMLResponse")));
        assertEquals(302, acs.status(), acs.toString());
        JsonNode me = Api.JSON.readTree(browser.getJson(s.me()).body());
        assertEquals("bob@example.com", me.path("userName").asText(), me.toString());
        assertEquals("Member", me.path("role").asText(), "no group: the default role");
    }

    @Test
    void aDeactivatedUserIsRefusedAfterKeycloakSignsThemIn() throws Exception {
        Setup s = setup();
        spInitiated(s, new Browser(), "bob", "bob-password-1");
        String bob = s.api().get("/api/v1/projects/" + s.project() + "/users?userName=bob@example.com").json()
                .path("items").get(0).path("id").asText();
        assertEquals(200, s.api().put("/api/v1/projects/" + s.project() + "/users/" + bob, object("active", false)).status());
        Browser.Page refused = spInitiated(s, new Browser(), "bob", "bob-password-1");
        assertEquals(403, refused.status(), refused.toString());
        assertTrue(refused.body().contains("Your account is deactivated"), refused.body());
    }

    @Test
    void singleLogoutThroughKeycloak() throws Exception {
        Setup s = setup();
        Browser browser = new Browser();
        spInitiated(s, browser, "alice", "alice-password-1");
        Browser.Page page = browser.get(s.me());
        Browser.Page logout = browser.post(s.api().base() + "/app/" + s.project() + "/logout", Map.of("csrf", page.hidden("csrf")));
        Browser.Page toKeycloak = browser.get(logout.location());
        assertTrue(toKeycloak.location().startsWith(s.keycloak().base), toKeycloak.toString());
        Browser.Page answer = browser.get(toKeycloak.location());
        Browser.Page back = answer.status() == 200 && answer.body().contains("SAMLResponse")
                ? browser.post(answer.formAction(), Map.of("SAMLResponse", answer.hidden("SAMLResponse")))
                : browser.get(answer.location());
        assertEquals(302, back.status(), "Keycloak's LogoutResponse accepted: " + back);
        assertTrue(back.location().endsWith("/signed-out"), back.location());
        assertEquals(401, browser.getJson(s.me()).status());
        Browser.Page again = browser.get(s.sso().path("signOnUrl").asText());
        Browser.Page keycloakPage = browser.get(again.location());
        assertTrue(keycloakPage.body().contains("kc-form-login") || keycloakPage.body().contains("password"),
                "Keycloak's session ended too: it asks for credentials again");
    }
}
