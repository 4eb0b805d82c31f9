package io.gatehouse.it;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;

/**
 * No sticky sessions: the console (in Chromium) and the member area through a balancer that sends
 * every request to the other node of the two, so each page is rendered by one node and its Ajax
 * postbacks, redirects and the next page land on the other. The HTTP session, the Faces view state
 * and the view-scoped pages live in the shared database session, never in a node.
 */
class ScaleOutConsoleIT extends TwoNodes {
    private static ConsoleBrowser browser;

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private String pub() {
        return lb.base() + nodeA.getPath();
    }

    @Test
    void theConsoleWorksWithEveryRequestOnTheOtherNode() throws Exception {
        Api api = Api.admin(nodeA);
        lb.roundRobin(nodeA, nodeB);
        int servedA = lb.served(nodeA);
        int servedB = lb.served(nodeB);
        browser = new ConsoleBrowser(new URL(pub()));
        browser.signIn();

        String name = Api.unique("Round robin");
        browser.open("console/index.xhtml");
        browser.type(By.id("create:name"), name);
        browser.driver.findElement(By.id("create:submit")).click();
        browser.waitFor(By.id("status"));
        String project = browser.url().replaceAll(".*[?&]p=([^&]+).*", "$1");
        assertEquals(name, api.get("/api/v1/projects/" + project).json().path("name").asText(), "created through the console");

        open("roles", project);
        browser.type(By.id("roles:newName"), "Editor");
        click(By.id("roles:create"));
        assertTrue(browser.messages().contains("Role \"Editor\" created."), "an Ajax postback on the other node: " + browser.messages());
        assertTrue(api.get("/api/v1/projects/" + project + "/roles").text().contains("\"name\":\"Editor\""));

        String admin = Fixtures.role(api, project, "Admin");
        String editor = null;
        for (var role : api.get("/api/v1/projects/" + project + "/roles").json()) {
            if (role.path("name").asText().equals("Editor")) {
                editor = role.path("id").asText();
            }
        }
        Fixtures.group(api, project, "Editors", editor);
        Fixtures.group(api, project, "Admins", admin);
        open("groups", project);
        List<WebElement> handles = browser.driver.findElements(By.cssSelector("#groups\\:table .gh-drag"));
        browser.dragAbove(handles.get(1), handles.get(0));
        browser.waitForText(By.id("messages"), "Priority saved");
        browser.ajaxDone();
        assertEquals(List.of("Admins", "Editors"), api.get("/api/v1/projects/" + project + "/groups").json()
                .findValuesAsText("displayName"), "the drag was saved in the new order");

        open("scim", project);
        browser.type(By.id("tokens:tokenName"), "Okta");
        click(By.id("tokens:generate"));
        String token = browser.waitFor(By.id("issued-token")).getText();
        assertTrue(token.startsWith("gst_"), token);
        assertEquals(200, Scim.withToken(new URL(pub()), project, token).get("/Users").status(), "the generated token works");
        assertFalse(sessionsHold(token), "a secret shown once is never written to the shared session");
        assertTrue(sessionsHold(project), "while what the page keeps is (the check can see into the sessions)");

        assertTrue(lb.served(nodeA) - servedA >= 10 && lb.served(nodeB) - servedB >= 10,
                "both nodes answered the journey: A " + (lb.served(nodeA) - servedA) + ", B " + (lb.served(nodeB) - servedB));
        Set<String> cookies = browser.driver.manage().getCookies().stream().map(Cookie::getName).collect(Collectors.toSet());
        assertTrue(cookies.contains("gh_session"), cookies.toString());
        assertFalse(cookies.contains("JSESSIONID"), "no server's own session: " + cookies);
    }

    @Test
    void theMemberAreaPasswordSignInAndSignOutWorkWithEveryRequestOnTheOtherNode() {
        Api api = Api.admin(nodeA);
        String project = Fixtures.project(api);
        api.post("/api/v1/projects/" + project + "/users", object("userName", "rr@example.com", "password", "a long enough password"));
        lb.roundRobin(nodeA, nodeB);
        Browser person = new Browser();
        String app = pub() + "app/" + project;

        Browser.Page form = person.get(app + "/login");
        assertEquals(200, form.status(), form.toString());
        Browser.Page signedIn = person.post(app + "/login", Map.of("csrf", form.hidden("csrf"), "userName", "rr@example.com",
                "password", "a long enough password"));
        assertEquals(302, signedIn.status(), "the other node accepts the CSRF token of the form this node rendered: " + signedIn);
        for (int i = 0; i < 4; i++) {
            Browser.Page me = person.getJson(app + "/me");
            assertEquals(200, me.status(), "request " + i + " on either node is signed in: " + me);
            assertTrue(me.body().contains("rr@example.com"), me.body());
        }
        Browser.Page home = person.get(app + "/me");
        Browser.Page out = person.post(app + "/logout", Map.of("csrf", home.hidden("csrf")));
        assertEquals(302, out.status(), "signed out on the other node: " + out);
        assertEquals(401, person.getJson(app + "/me").status(), "and signed out on both");
        assertEquals(401, person.getJson(app + "/me").status());
    }

    /** Whether any stored session's attributes (serialized, Base64 in the row) contain this text. */
    private static boolean sessionsHold(String text) throws Exception {
        byte[] needle = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (var db = DriverManagerDataSource.forThisRun().getConnection();
             var rows = db.createStatement().executeQuery("SELECT attributes FROM gh_http_session")) {
            while (rows.next()) {
                String stored = new String(java.util.Base64.getDecoder().decode(rows.getString(1)), java.nio.charset.StandardCharsets.ISO_8859_1);
                if (stored.contains(new String(needle, java.nio.charset.StandardCharsets.ISO_8859_1))) {
                    return true;
                }
            }
        }
        return false;
    }

    private void open(String page, String project) {
        browser.open("console/project/" + page + ".xhtml?p=" + project);
        browser.waitFor(By.cssSelector("h1.gh-title"));
    }

    private void click(By by) {
        browser.waitFor(by).click();
        browser.ajaxDone();
    }
}
