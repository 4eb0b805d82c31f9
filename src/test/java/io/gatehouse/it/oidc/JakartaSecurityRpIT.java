package io.gatehouse.it.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.it.Api;
import io.gatehouse.it.Browser;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Jakarta Security 3.0 relying party (src/test/rp/jakarta: @OpenIdAuthenticationMechanismDefinition,
 * a page only the role Editor may see) deployed beside Gatehouse on WildFly and on Payara, each with
 * the server's own Soteria, signing in through the mock IdP (the wildfly-h2 and payara-h2 runs).
 *
 * <p>Soteria builds its configuration (provider metadata included) at the first protected request and
 * keeps it for the application's life, so the class signs in at one project whose issuer it gives the
 * RP once; each test has its own user. Soteria cannot receive a back-channel logout: a deactivated
 * user's RP session ends when the access token (5 s here) has expired and its refresh is refused.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JakartaSecurityRpIT {
    private static final int ACCESS_TOKEN_SECONDS = 5;
    private static Deployer deployed;
    private static RpProject project;

    @ArquillianResource
    URL base;

    @ArquillianResource
    Deployer deployer;

    private String rp;

    @BeforeEach
    void relyingPartyDeployedAndConfigured() throws Exception {
        if (deployed == null) {
            deployer.deploy(RelyingParties.NAME);
            deployed = deployer;
        }
        rp = new URL(base, "/" + RelyingParties.JAKARTA + "/").toString();
        if (project == null) {
            Api api = Api.admin(base);
            project = RpProject.create(api, RpProject.IdentityProvider.mock(api), rp, false, ACCESS_TOKEN_SECONDS);
            project.configure(rp);
        }
    }

    @AfterAll
    static void undeploy() {
        if (deployed != null) {
            deployed.undeploy(RelyingParties.NAME);
            deployed = null;
        }
    }

    private String page() {
        return rp + "page";
    }

    @Test
    void anEditorSignsInThroughGatehouseAndTheMockIdpAndSeesThePage() {
        Journey journey = project.signInThroughMockIdp(new Browser(), page(), "editor.jakarta@example.com", "Editors");
        project.assertAuthorizedAt(journey, rp);
        journey.assertEnded(200, page());
        String body = journey.page.body();
        assertTrue(body.contains("caller: editor.jakarta@example.com\n"), body);
        assertTrue(body.contains("isCallerInRole(Editor): true\n"), body);
        assertTrue(body.contains("isUserInRole(Editor): true\n"), body);
        assertTrue(body.contains("isUserInRole(Member): false\n"), body);
        assertTrue(body.contains("role claim: Editor\n"), body);
        assertTrue(body.contains("sub: " + project.userId("editor.jakarta@example.com") + "\n"), body);
    }

    @Test
    void aUserWhoseEffectiveRoleIsMemberIsSignedInButRefusedThePage() {
        Journey journey = project.signInThroughMockIdp(new Browser(), page(), "member.jakarta@example.com", "");
        project.assertAuthorizedAt(journey, rp);
        journey.assertEnded(403, page());
    }

    @Test
    void anExpiredAccessTokenIsRefreshedAtTheNextRequestAndThePageStays() throws Exception {
        Browser browser = new Browser();
        Journey journey = project.signInThroughMockIdp(browser, page(), "refresher.jakarta@example.com", "Editors");
        journey.assertEnded(200, page());
        String before = line(journey.page.body(), "access token hash");

        Thread.sleep((ACCESS_TOKEN_SECONDS + 1) * 1000L);
        Browser.Page again = browser.get(page());
        assertEquals(200, again.status(), again.toString());
        assertTrue(again.body().contains("caller: refresher.jakarta@example.com\n"), again.body());
        assertNotEquals(before, line(again.body(), "access token hash"), "Soteria refreshed the expired access token");
    }

    @Test
    void afterAScimDeactivationTheRefreshIsRefusedAndTheSessionEnds() throws Exception {
        Browser browser = new Browser();
        String leaver = "leaver.jakarta@example.com";
        Journey journey = project.signInThroughMockIdp(browser, page(), leaver, "Editors");
        journey.assertEnded(200, page());
        project.deactivateThroughScim(leaver);

        // the RP learns of it at its next request after the access token's expiry: the refresh is refused
        Thread.sleep((ACCESS_TOKEN_SECONDS + 1) * 1000L);
        Browser.Page refused = browser.get(page());
        assertEquals(302, refused.status(), refused.toString());
        assertEquals(rp + "signed-out", refused.location(), "Soteria ended the session (its logout redirect)");
        assertEquals("signed out\n", browser.get(refused.location()).body());

        // the session is gone: the page asks for a new sign-in, which Gatehouse refuses the deactivated user
        Journey again = project.signInThroughMockIdp(browser, page(), leaver, "Editors");
        assertEquals(403, again.page.status(), again.toString());
        assertTrue(again.page.body().contains("Your account is deactivated"), again.page.body());
    }

    private static String line(String body, String name) {
        return body.lines().filter(l -> l.startsWith(name + ": ")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + body));
    }
}
