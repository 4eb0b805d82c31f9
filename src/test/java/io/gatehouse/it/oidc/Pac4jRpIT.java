package io.gatehouse.it.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.it.Api;
import io.gatehouse.it.Browser;
import io.gatehouse.it.Keycloak;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A relying party on a widely used client library: pac4j-oidc 6 with pac4j-jakartaee on Tomcat
 * (src/test/rp/pac4j), beside Gatehouse in the Tomcat 10.1 H2 run. It signs in through the mock IdP
 * and through the real Keycloak as the project's SAML IdP; the role from the group decides access
 * (pac4j's RequireAnyRoleAuthorizer on the "roles" claim); and pac4j receives Gatehouse's back-channel
 * logout at its callback URL, so a SCIM deactivation ends the RP's session within seconds, with the
 * access token (300 s) still valid. Each test gives the RP a project of its own.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class Pac4jRpIT {
    private static final int ACCESS_TOKEN_SECONDS = 300;
    private static Deployer deployed;

    @ArquillianResource
    URL base;

    @ArquillianResource
    Deployer deployer;

    private String rp;

    @BeforeEach
    void relyingPartyDeployed() throws Exception {
        // the pom runs this class on Tomcat only; so does -Dit.test, which overrides that
        Assumptions.assumeTrue(RelyingParties.contextRoot().equals(RelyingParties.PAC4J), "the pac4j RP runs on Tomcat");
        if (deployed == null) {
            deployer.deploy(RelyingParties.NAME);
            deployed = deployer;
        }
        rp = new URL(base, "/" + RelyingParties.PAC4J + "/").toString();
    }

    @AfterAll
    static void undeploy() {
        if (deployed != null) {
            deployed.undeploy(RelyingParties.NAME);
            deployed = null;
        }
    }

    private RpProject mockIdpProject() throws Exception {
        Api api = Api.admin(base);
        RpProject project = RpProject.create(api, RpProject.IdentityProvider.mock(api), rp, true, ACCESS_TOKEN_SECONDS);
        project.configure(rp);
        return project;
    }

    private String page() {
        return rp + "page";
    }

    @Test
    void anEditorSignsInThroughGatehouseAndTheMockIdpAndSeesThePage() throws Exception {
        RpProject project = mockIdpProject();
        Journey journey = project.signInThroughMockIdp(new Browser(), page(), "editor.pac4j@example.com", "Editors");
        project.assertAuthorizedAt(journey, rp);
        journey.assertEnded(200, page());
        String body = journey.page.body();
        Journey.assertLine(body, "caller: editor.pac4j@example.com");
        Journey.assertLine(body, "isUserInRole(Editor): true");
        Journey.assertLine(body, "isUserInRole(Member): false");
        Journey.assertLine(body, "role claim: Editor");
        Journey.assertLine(body, "sub: " + project.userId("editor.pac4j@example.com"));
        Journey.assertLine(body, "email: editor.pac4j@example.com");
    }

    @Test
    void aUserWhoseEffectiveRoleIsMemberIsSignedInButRefusedThePage() throws Exception {
        RpProject project = mockIdpProject();
        Journey journey = project.signInThroughMockIdp(new Browser(), page(), "member.pac4j@example.com", "");
        project.assertAuthorizedAt(journey, rp);
        journey.assertEnded(403, page());
    }

    @Test
    void aScimDeactivationEndsTheRpSessionThroughTheBackChannelLogout() throws Exception {
        RpProject project = mockIdpProject();
        Browser browser = new Browser();
        String leaver = "leaver.pac4j@example.com";
        Journey journey = project.signInThroughMockIdp(browser, page(), leaver, "Editors");
        journey.assertEnded(200, page());
        assertEquals(200, browser.get(page()).status(), "the RP session serves the page without Gatehouse");
        int before = backChannelLogouts();

        long deactivated = System.nanoTime();
        project.deactivateThroughScim(leaver);
        // Gatehouse's delivery worker polls every 2 s; pac4j ends the session it recorded for the token's sid
        Browser.Page next = browser.get(page());
        while (next.status() == 200 && System.nanoTime() - deactivated < 20_000_000_000L) {
            Thread.sleep(250);
            next = browser.get(page());
        }
        long seconds = (System.nanoTime() - deactivated) / 1_000_000_000L;
        assertEquals(302, next.status(), "the RP session ended " + seconds + " s after the deactivation: " + next);
        assertTrue(next.location().startsWith(project.issuer + "/authorize?"), "a new sign-in is needed: " + next.location());
        assertEquals(before + 1, backChannelLogouts(), "pac4j ended it on a back-channel logout token");
        assertTrue(seconds < ACCESS_TOKEN_SECONDS, "long before the access token expired");
    }

    @Test
    void signsInThroughKeycloakAsTheProjectsIdentityProvider() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("it.keycloak.skip"), "Keycloak tests skipped");
        Keycloak keycloak = Keycloak.start();
        Api api = Api.admin(base);
        RpProject project = RpProject.create(api, id -> {
            JsonNode sso = api.get("/api/v1/projects/" + id + "/sso").json();
            String realm = "rp" + id.replace("-", "").substring(0, 12);
            String descriptor = keycloak.realm(realm, sso.path("entityId").asText(), sso.path("acsUrl").asText(),
                    sso.path("singleLogoutUrl").asText(), sso.path("spCertificate").asText(), "gatehouse");
            keycloak.group(realm, "Editors");
            keycloak.user(realm, "kate", "kate@example.com", "kate-password-1", "Editors");
            return descriptor;
        }, rp, true, ACCESS_TOKEN_SECONDS);
        project.configure(rp);

        Browser browser = new Browser();
        Journey journey = Journey.start(browser, page());
        journey.visited(project.issuer + "/authorize?");
        journey.assertEnded(200, keycloak.base + "/realms/");
        journey.submit(browser, Map.of("username", "kate", "password", "kate-password-1", "credentialId", ""));
        assertEquals(200, journey.page.status(), "Keycloak's signed response: " + journey);
        journey.submit(browser, Map.of("SAMLResponse", journey.page.hidden("SAMLResponse"),
                "RelayState", journey.page.hidden("RelayState")));
        project.assertAuthorizedAt(journey, rp);
        journey.assertEnded(200, page());
        String body = journey.page.body();
        Journey.assertLine(body, "caller: kate@example.com");
        Journey.assertLine(body, "isUserInRole(Editor): true");
        Journey.assertLine(body, "role claim: Editor");
    }

    private int backChannelLogouts() {
        String text = new Browser().get(rp + "config").body();
        assertTrue(text.startsWith("back-channel logouts: "), text);
        return Integer.parseInt(text.substring("back-channel logouts: ".length()).trim());
    }
}
