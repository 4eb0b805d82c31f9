package io.gatehouse.it;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * Console sign-in of a project's SSO users in headless Chromium, through the development mock IdP
 * (real signed SAML responses through the project's ACS): an admin role opens that project's console
 * and nothing else; a role that is not an admin role is refused with the reason; the console session
 * ends at the next click once the role loses its admin flag or the user is deactivated.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsoleUiSsoAdminIT {
    private static ConsoleBrowser browser;

    @ArquillianResource
    URL base;

    private Api api;
    private String project;
    private String adminRole;

    @BeforeEach
    void projectWithAnAdminGroup() {
        api = Api.admin(base);
        if (browser == null) {
            browser = new ConsoleBrowser(base, true); // the network log shows the Single Logout on its way
        }
        browser.driver.manage().deleteAllCookies();
        project = Fixtures.project(api);
        Api.Reply sso = api.put("/api/v1/projects/" + project + "/sso",
                object("idpMetadataUrl", api.base() + "/dev/idp/metadata", "jitEnabled", true));
        assertEquals(200, sso.status(), sso.text());
        Api.Reply role = api.post("/api/v1/projects/" + project + "/roles", object("name", "Project admin", "admin", true));
        assertEquals(201, role.status(), role.text());
        adminRole = role.id();
        Fixtures.group(api, project, "IT admins", adminRole);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    /** From the console's sign-in page through the mock IdP's form, as the person with these groups. */
    private void signInThroughIdp(String email, String groups) {
        browser.open("console/login.xhtml");
        browser.type(By.id("idp-project"), project);
        browser.driver.findElement(By.id("idp-submit")).click();
        browser.type(By.id("email"), email);
        browser.type(By.id("groups"), groups);
        browser.driver.findElement(By.cssSelector("form[action='sso'] button")).click();
    }

    @Test
    void anAdminRoleOpensThatProjectsConsoleOnlyUntilTheRoleIsNoLongerAnAdminRole() {
        String other = Fixtures.project(api);
        String otherName = api.get("/api/v1/projects/" + other).json().path("name").asText();
        signInThroughIdp("it.admin@example.com", "IT admins");
        browser.waitFor(By.id("status"));
        assertTrue(browser.url().contains("/console/project/overview.xhtml?p=" + project), browser.url());
        assertTrue(browser.driver.findElements(By.id("nav-projects")).isEmpty(), "no project list for a project's admin");
        assertTrue(browser.source().contains("it.admin@example.com") && browser.source().contains("via your identity provider"));
        browser.screenshot("90-sso-admin-overview");

        browser.open("console/index.xhtml");
        assertTrue(browser.url().contains("/console/project/overview.xhtml?p=" + project), "the project list: " + browser.url());
        browser.open("console/project/users.xhtml?p=" + other);
        browser.waitFor(By.cssSelector("h1.gh-title"));
        assertFalse(browser.url().contains(other), "another project: " + browser.url());
        assertFalse(browser.source().contains(otherName), "nothing of the other project is shown");

        // a change made by the SSO admin is audited under their name
        browser.open("console/project/roles.xhtml?p=" + project);
        browser.type(By.id("roles:newName"), "Auditor");
        browser.driver.findElement(By.id("roles:create")).click();
        browser.ajaxDone();
        browser.waitForText(By.id("messages"), "Role \"Auditor\" created.");
        assertTrue(auditActors("role.create").contains("sso-admin:it.admin@example.com"), auditActors("role.create"));
        assertTrue(auditActors("console.sign-in").contains("sso-admin:it.admin@example.com"));

        Api.Reply demoted = api.put("/api/v1/projects/" + project + "/roles/" + adminRole, object("admin", false));
        assertEquals(200, demoted.status(), demoted.text());
        browser.open("console/project/users.xhtml?p=" + project);
        browser.waitFor(By.id("signIn:ended"));
        assertTrue(browser.url().contains("/console/login.xhtml?ended=true"), "the next click ends the console session: " + browser.url());
        browser.screenshot("92-sso-admin-session-ended");
        browser.open("console/project/overview.xhtml?p=" + project);
        assertTrue(browser.url().contains("/console/login.xhtml"), "and it stays ended: " + browser.url());
    }

    @Test
    void deactivatingTheAdminEndsTheirConsoleSessionAtTheNextClick() {
        signInThroughIdp("deactivated.admin@example.com", "IT admins");
        browser.waitFor(By.id("status"));
        JsonNode users = api.get("/api/v1/projects/" + project + "/users?userName=deactivated.admin@example.com").json();
        String userId = users.path("items").path(0).path("id").asText();
        Api.Reply deactivated = api.put("/api/v1/projects/" + project + "/users/" + userId, object("active", false));
        assertEquals(200, deactivated.status(), deactivated.text());
        browser.open("console/project/groups.xhtml?p=" + project);
        browser.waitFor(By.id("signIn:ended"));
        assertTrue(browser.url().contains("/console/login.xhtml?ended=true"), browser.url());
    }

    /**
     * Sign out of the console as an SSO admin: the mock IdP gets a signed LogoutRequest naming the admin,
     * answers, and the browser lands on the console's sign-in page saying so; the member session is over.
     */
    @Test
    void signingOutSignsOutAtTheIdpTooAndEndsOnTheConsoleSignInPage() throws Exception {
        signInThroughIdp("signing.out@example.com", "IT admins");
        browser.waitFor(By.id("status"));
        browser.requestedUrls(); // only what the sign-out requests from here on
        browser.driver.findElement(By.id("signOutForm:signOut")).click();
        browser.waitFor(By.id("signIn:signedOut"));
        assertTrue(browser.url().contains("/console/login.xhtml?signedOut=true"), browser.url());
        assertTrue(browser.source().contains("You are signed out."));
        browser.screenshot("93-sso-admin-signed-out");

        List<String> requested = browser.requestedUrls();
        String toIdp = requested.stream().filter(u -> u.contains("/dev/idp/slo?")).findFirst()
                .orElseThrow(() -> new AssertionError("no LogoutRequest reached the IdP: " + requested));
        Map<String, String> query = SamlSignInIT.query(URI.create(toIdp).getRawQuery());
        assertTrue(query.containsKey("Signature"), "signed: " + toIdp);
        String logoutRequest = SamlSignInIT.inflate(query.get("SAMLRequest"));
        assertTrue(logoutRequest.contains(">signing.out@example.com</"), logoutRequest);
        assertTrue(Pattern.compile("<(\\w+:)?SessionIndex>[^<]+</").matcher(logoutRequest).find(), logoutRequest);
        assertTrue(requested.stream().anyMatch(u -> u.contains("/app/" + project + "/signed-out")),
                "came back through the IdP's LogoutResponse and the signed-out page: " + requested);

        browser.open("app/" + project + "/me");
        browser.waitForText(By.tagName("h1"), "Sign in");
        assertTrue(browser.source().contains("Sign in with your identity provider"), "the member session has ended");
        browser.open("console/project/overview.xhtml?p=" + project);
        assertTrue(browser.url().contains("/console/login.xhtml"), "so has the console session: " + browser.url());
        assertFalse(browser.source().contains("You are signed out."), "said once, after the sign-out");
    }

    @Test
    void aRoleThatIsNotAnAdminRoleIsRefusedWithTheReason() {
        signInThroughIdp("staff@example.com", "");
        browser.waitForText(By.tagName("h1"), "No admin access");
        assertTrue(browser.source().contains("Default role \"Member\""), "the reason: " + browser.source());
        browser.screenshot("91-sso-not-an-admin");
        assertTrue(auditActors("console.sign-in-refused").contains("sso-admin:staff@example.com"));
        browser.open("console/project/overview.xhtml?p=" + project);
        assertTrue(browser.url().contains("/console/login.xhtml"), "no console session: " + browser.url());

        browser.open("console/sso?project=no-such-project");
        browser.waitForText(By.tagName("h1"), "No such project");
    }

    private String auditActors(String action) {
        Api.Reply events = api.get("/api/v1/projects/" + project + "/audit?action=" + action);
        assertEquals(200, events.status(), events.text());
        StringBuilder actors = new StringBuilder();
        events.json().path("items").forEach(e -> actors.append(e.path("actor").asText()).append(' '));
        return actors.toString();
    }
}
