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
import org.junit.jupiter.api.Assumptions;
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
        // the pom runs this class on WildFly and Payara only; so does -Dit.test, which overrides that
        Assumptions.assumeTrue(RelyingParties.contextRoot().equals(RelyingParties.JAKARTA), "needs a full Jakarta EE server");
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
        Journey.assertLine(body, "caller: editor.jakarta@example.com");
        // Payara 6.2025.9's SecurityContext.isCallerInRole answers false for a role the container grants the
        // caller (isUserInRole and the constraint say yes); WildFly's answers true
        boolean payara = "payara".equals(System.getProperty("arquillian.launch"));
        Journey.assertLine(body, "isCallerInRole(Editor): " + !payara);
        Journey.assertLine(body, "isUserInRole(Editor): true");
        Journey.assertLine(body, "isUserInRole(Member): false");
        Journey.assertLine(body, "role claim: Editor");
        Journey.assertLine(body, "sub: " + project.userId("editor.jakarta@example.com"));
    }

    @Test
    void aUserWhoseEffectiveRoleIsMemberIsSignedInButRefusedThePage() {
        Journey journey = project.signInThroughMockIdp(new Browser(), page(), "member.jakarta@example.com", "");
        project.assertAuthorizedAt(journey, rp);
        journey.assertEnded(403, page());
    }

    @Test
    void anExpiredAccessTokenIsRefreshedAtTheNextRequestAndThePageStays() throws Exception {
        // WildFly 39 (Elytron's Jakarta Authentication bridge) fails a successful refresh with ELY01088 (500):
        // Soteria reports the refreshed caller with a new CallerPrincipal, which Elytron takes for a run-as
        Assumptions.assumeFalse("wildfly".equals(System.getProperty("arquillian.launch")),
                "Soteria's token refresh fails on WildFly 39 (ELY01088); see the README's WildFly section");
        Browser browser = new Browser();
        Journey journey = project.signInThroughMockIdp(browser, page(), "refresher.jakarta@example.com", "Editors");
        journey.assertEnded(200, page());
        String before = line(journey.page.body(), "access token hash");

        Thread.sleep((ACCESS_TOKEN_SECONDS + 1) * 1000L);
        Browser.Page again = browser.get(page());
        assertEquals(200, again.status(), again.toString());
        Journey.assertLine(again.body(), "caller: refresher.jakarta@example.com");
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
        assertEquals("signed out", browser.get(refused.location()).body().strip());

        // the session is gone: the page asks for a new sign-in, and Gatehouse, which knows this browser's
        // (ended) session of the deactivated user, refuses it at once with an OAuth error to the RP
        Journey again = Journey.start(browser, page());
        again.visited(project.issuer + "/authorize?");
        String callback = again.visited(rp + "callback?");
        assertTrue(callback.contains("error=access_denied"), callback);
        again.assertEnded(403, rp + "callback?");
        assertEquals("sign-in refused: access_denied", again.page.body());
    }

    private static String line(String body, String name) {
        return body.lines().filter(l -> l.startsWith(name + ": ")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + body));
    }
}
