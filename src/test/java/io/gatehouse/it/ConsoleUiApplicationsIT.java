package io.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * The console's OpenID Connect applications in headless Chromium: registering one (its client secret
 * shown once, the application then seen through the management API), rotating and revoking secrets,
 * invalid redirect URIs refused with the domain's reason on the page, editing, removing, the signing
 * key's rotation, the connect guide with the project's real values, the live status after a real
 * sign-in and back-channel logouts (to a receiver in this JVM), and the audit log. Screenshots
 * 62-69 (60 and 61 are the users pages').
 */
class ConsoleUiApplicationsIT extends ConsoleUiTest {
    private String text(String id) {
        return browser.driver.findElement(By.id(id)).getText();
    }

    private String issuer(String project) {
        return api.base() + "/oidc/" + project;
    }

    private JsonNode applications(String project) {
        Api.Reply reply = api.get("/api/v1/projects/" + project + "/applications");
        assertEquals(200, reply.status(), reply.text());
        return reply.json();
    }

    /** Opens the register dialog and fills it; blank values are left out. */
    private void fillRegistration(String name, String redirectUris, String postLogout, String backchannel, String seconds) {
        click(By.id("registerOpen"));
        browser.type(By.id("register:name"), name);
        browser.type(By.id("register:redirectUris"), redirectUris);
        browser.type(By.id("register:postLogoutRedirectUris"), postLogout);
        browser.type(By.id("register:backchannelLogoutUri"), backchannel);
        browser.type(By.id("register:accessTokenSeconds"), seconds);
    }

    private String registerMessages() {
        browser.ajaxDone();
        return text("register:registerMessages");
    }

    @Test
    void anApplicationIsRegisteredItsSecretShownOnceThenRotatedAndRevoked() {
        String project = Fixtures.project(api);
        page("applications", project);
        assertEquals(issuer(project), text("oidc-issuer"));
        assertEquals(issuer(project) + "/.well-known/openid-configuration", text("oidc-discovery"));
        assertTrue(browser.source().contains("No applications yet"));

        fillRegistration("Customer portal", "http://localhost:8081/callback\nhttps://portal.example.com/callback\n",
                "https://portal.example.com/", "https://portal.example.com/logout/back-channel", "600");
        browser.screenshot("62-application-register");
        click(By.id("register:registerSubmit"));
        String secret = browser.waitFor(By.id("issued-secret")).getText();
        String clientId = text("issued-client-id");
        assertTrue(secret.startsWith("ghc_"), secret);
        assertFalse(clientId.isBlank());
        browser.screenshot("63-application-secret-once");

        // the management API sees what the console registered, and never the secret
        JsonNode apps = applications(project);
        assertEquals(1, apps.size(), apps.toString());
        JsonNode app = apps.get(0);
        assertEquals("Customer portal", app.path("name").asText());
        assertEquals(clientId, app.path("clientId").asText());
        assertFalse(app.path("public").asBoolean());
        assertEquals(List.of("http://localhost:8081/callback", "https://portal.example.com/callback"), strings(app.path("redirectUris")));
        assertEquals(List.of("https://portal.example.com/"), strings(app.path("postLogoutRedirectUris")));
        assertEquals("https://portal.example.com/logout/back-channel", app.path("backchannelLogoutUri").asText());
        assertEquals(600, app.path("accessTokenSeconds").asInt());
        assertFalse(apps.toString().contains(secret), "the API never shows a secret again");
        String appPath = "/api/v1/projects/" + project + "/applications/" + app.path("id").asText();
        JsonNode secrets = api.get(appPath + "/secrets").json();
        assertEquals(1, secrets.size());
        assertTrue(secret.startsWith("ghc_" + secrets.get(0).path("id").asText() + "_"), "the secret shown is the one stored");

        click(By.id("issuedForm:done"));
        assertFalse(browser.source().contains(secret), "closing the dialog forgets the secret");
        page("applications", project);
        assertFalse(browser.source().contains(secret), "the secret is never shown again");
        WebElement card = browser.waitFor(By.cssSelector(".gh-app[data-client-id='" + clientId + "']"));
        assertTrue(card.getText().contains("Customer portal") && card.getText().contains("Confidential"), card.getText());
        assertTrue(card.findElement(By.cssSelector(".gh-redirect-uris")).getText().contains("https://portal.example.com/callback"));
        assertTrue(card.findElement(By.cssSelector(".gh-last-token")).getText().contains("Never"));
        assertEquals(clientId, text("client-id-" + clientId));

        // rotate: a second secret, both valid; then revoke the first
        click(By.cssSelector(".gh-app .gh-rotate"));
        String rotated = browser.waitFor(By.id("issued-secret")).getText();
        assertTrue(rotated.startsWith("ghc_") && !rotated.equals(secret), rotated);
        click(By.id("issuedForm:done"));
        secrets = api.get(appPath + "/secrets").json();
        assertEquals(2, secrets.size());
        secrets.forEach(s -> assertFalse(s.hasNonNull("revokedAt"), "both stay valid after a rotation: " + s));
        List<WebElement> revokes = browser.driver.findElements(By.cssSelector(".gh-app .gh-revoke"));
        assertEquals(2, revokes.size());
        revokes.get(0).click(); // the older secret is listed first
        click(By.cssSelector(".ui-confirmdialog-yes"));
        assertTrue(browser.messages().contains("Client secret revoked"), browser.messages());
        secrets = api.get(appPath + "/secrets").json();
        assertTrue(secrets.get(0).hasNonNull("revokedAt"), "the older one is revoked: " + secrets);
        assertFalse(secrets.get(1).hasNonNull("revokedAt"), "the new one stays: " + secrets);
        assertEquals(1, browser.driver.findElements(By.cssSelector(".gh-app .gh-revoke")).size());
        assertTrue(browser.driver.findElement(By.cssSelector(".gh-app .gh-secrets")).getText().contains("Revoked"));
        browser.screenshot("64-applications");

        // every change is in the audit log, by this admin
        String audit = api.get("/api/v1/projects/" + project + "/audit").text();
        for (String action : List.of("application.create", "application.secret-rotate", "application.secret-revoke")) {
            assertTrue(audit.contains("\"" + action + "\""), action + " audited: " + audit);
        }
        page("audit", project);
        browser.type(By.id("audit:action"), "application.secret-rotate");
        click(By.id("audit:apply"));
        String events = text("audit:events");
        assertTrue(events.contains("Issued a new client secret for application \"Customer portal\""), events);
        assertTrue(events.contains("admin:admin"), events);
        browser.screenshot("69-audit-applications");
    }

    @Test
    void invalidSettingsAreRefusedWithTheReasonOnThePage() {
        String project = Fixtures.project(api);
        page("applications", project);
        fillRegistration("Broken", "relative/path", "", "", "300");
        click(By.id("register:registerSubmit"));
        String shown = registerMessages();
        assertTrue(shown.contains("\"relative/path\" must be an absolute http(s) URI"), shown);
        browser.screenshot("65-application-invalid-redirect");

        browser.type(By.id("register:redirectUris"), "ftp://x");
        click(By.id("register:registerSubmit"));
        assertTrue(registerMessages().contains("\"ftp://x\" must use https"), registerMessages());
        browser.type(By.id("register:redirectUris"), "https://app.example.com/callback#done");
        click(By.id("register:registerSubmit"));
        assertTrue(registerMessages().contains("without fragment"), registerMessages());
        browser.type(By.id("register:redirectUris"), "not a uri");
        click(By.id("register:registerSubmit"));
        assertTrue(registerMessages().contains("\"not a uri\" is not a URI"), registerMessages());
        browser.type(By.id("register:redirectUris"), "");
        click(By.id("register:registerSubmit"));
        assertTrue(registerMessages().contains("at least one URI"), registerMessages());
        browser.type(By.id("register:redirectUris"), "https://app.example.com/callback");
        browser.type(By.id("register:accessTokenSeconds"), "4");
        click(By.id("register:registerSubmit"));
        assertTrue(registerMessages().contains("accessTokenSeconds must be 5 to 3600"), registerMessages());
        assertFalse(registerMessages().contains("Exception") || browser.source().contains("at io.gatehouse."), "no stack trace");
        assertTrue(browser.driver.findElements(By.cssSelector(".ui-dialog[aria-hidden='false'] .ui-dialog-title")).stream()
                .noneMatch(t -> t.getText().contains("Something went wrong")), "a refusal, not an unexpected error");
        assertTrue(browser.driver.findElement(By.id("register:name")).isDisplayed(), "the dialog stays open to correct the values");
        assertEquals(0, applications(project).size(), "nothing was registered");

        // a valid public application: no secret, PKCE
        browser.type(By.id("register:accessTokenSeconds"), "");
        browser.driver.findElement(By.cssSelector("#register\\:publicClient .ui-toggleswitch-slider")).click();
        click(By.id("register:registerSubmit"));
        browser.waitFor(By.id("issued-client-id"));
        assertTrue(browser.driver.findElements(By.id("issued-secret")).isEmpty(), "a public application has no secret");
        assertTrue(text("issuedForm").contains("PKCE"));
        click(By.id("issuedForm:done"));
        JsonNode app = applications(project).get(0);
        assertTrue(app.path("public").asBoolean());
        assertEquals(300, app.path("accessTokenSeconds").asInt(), "blank lifetime: the default");

        // edit: an invalid URI is refused in the dialog, a valid change saved
        click(By.cssSelector(".gh-app .gh-edit"));
        browser.type(By.id("editForm:redirectUris"), "https://app.example.com/callback\nhttp://example.com:x/bad");
        click(By.id("editForm:saveEdit"));
        assertTrue(text("editForm:editMessages").contains("is not a URI") || text("editForm:editMessages").contains("must be an absolute"),
                text("editForm:editMessages"));
        browser.type(By.id("editForm:redirectUris"), "https://app.example.com/callback\nhttps://app.example.com/other");
        browser.type(By.id("editForm:backchannelLogoutUri"), "https://app.example.com/bcl");
        click(By.id("editForm:saveEdit"));
        assertTrue(browser.messages().contains("Application \"Broken\" saved."), browser.messages());
        app = applications(project).get(0);
        assertEquals(List.of("https://app.example.com/callback", "https://app.example.com/other"), strings(app.path("redirectUris")));
        assertEquals("https://app.example.com/bcl", app.path("backchannelLogoutUri").asText());
        browser.screenshot("66-application-edited");

        // remove, after a confirmation
        click(By.cssSelector(".gh-app .gh-remove"));
        click(By.cssSelector(".ui-confirmdialog-yes"));
        assertTrue(browser.messages().contains("Application \"Broken\" removed"), browser.messages());
        assertEquals(0, applications(project).size());
        String audit = api.get("/api/v1/projects/" + project + "/audit").text();
        assertTrue(audit.contains("\"application.update\"") && audit.contains("\"application.delete\""), audit);
    }

    @Test
    void theSigningKeyIsRotatedFromTheConsole() {
        String project = Fixtures.project(api);
        page("applications", project);
        String before = browser.driver.findElement(By.cssSelector("#signing-key code")).getText();
        JsonNode keys = api.get("/api/v1/projects/" + project + "/oidc/signing-keys").json();
        assertEquals(before, keys.get(0).path("kid").asText(), "the page shows the key that signs");
        click(By.id("keys:rotateKey"));
        click(By.id("keys:rotateKeyConfirm"));
        assertTrue(browser.messages().contains("New signing key"), browser.messages());
        String after = browser.driver.findElement(By.cssSelector("#signing-key code")).getText();
        assertNotEquals(before, after);
        keys = api.get("/api/v1/projects/" + project + "/oidc/signing-keys").json();
        assertEquals(after, StreamSupport.stream(keys.spliterator(), false).filter(k -> k.path("active").asBoolean())
                .findFirst().orElseThrow().path("kid").asText());
        assertTrue(api.get("/api/v1/projects/" + project + "/audit?action=oidc.signing-key").text().contains("admin:admin"));
    }

    @Test
    void theConnectGuideShowsTheProjectsRealValues() {
        String project = Fixtures.project(api);
        Fixtures.role(api, project, "Editor");
        page("guide-app", project);
        assertEquals(issuer(project), text("guide-issuer"));
        assertTrue(text("snippet-jakarta").contains("<client id>"), "no application yet: a placeholder");

        Api.Reply registered = api.post("/api/v1/projects/" + project + "/applications", Api.object("name", "Reports",
                "redirectUris", List.of("https://reports.example.com/callback")));
        assertEquals(201, registered.status(), registered.text());
        String clientId = registered.json().path("clientId").asText();
        String secret = registered.json().path("clientSecret").asText();
        browser.open("console/project/applications.xhtml?p=" + project);
        click(By.cssSelector(".gh-app .gh-guide-link"));
        browser.waitFor(By.id("snippet-jakarta"));
        assertTrue(browser.url().contains("a=" + registered.id()), browser.url());
        assertEquals(issuer(project), text("guide-issuer"));
        assertEquals(clientId, text("guide-client-id"));
        String jakarta = text("snippet-jakarta");
        assertTrue(jakarta.contains("providerURI = \"" + issuer(project) + "\""), jakarta);
        assertTrue(jakarta.contains("clientId = \"" + clientId + "\""), jakarta);
        assertTrue(jakarta.contains("redirectURI = \"${baseURL}/callback\""), jakarta);
        assertTrue(jakarta.contains("callerGroupsClaim = \"roles\""), jakarta);
        assertTrue(jakarta.contains("\"Editor\"") && jakarta.contains("\"Member\""), "the project's roles: " + jakarta);
        assertTrue(text("snippet-jakarta-roles").contains("isUserInRole"));
        String spring = text("snippet-spring");
        assertTrue(spring.contains("spring.security.oauth2.client.provider.gatehouse.issuer-uri=" + issuer(project)), spring);
        assertTrue(spring.contains("spring.security.oauth2.client.registration.gatehouse.client-id=" + clientId), spring);
        String pac4j = text("snippet-pac4j");
        assertTrue(pac4j.contains("setDiscoveryURI(\"" + issuer(project) + "/.well-known/openid-configuration\")"), pac4j);
        assertTrue(pac4j.contains("new OidcClient(config)"), pac4j);
        assertFalse(browser.source().contains(secret), "the guide never knows the secret");
        String claims = browser.driver.findElement(By.cssSelector(".gh-claims")).getText();
        for (String claim : List.of("sub", "preferred_username", "email", "groups", "role", "roles", "sid")) {
            assertTrue(claims.contains(claim), claim + " documented: " + claims);
        }
        browser.screenshot("67-guide-connect");

        // the live status below: no token, no back-channel logout yet
        assertTrue(text("status-token").contains("None yet"), text("status-token"));
        assertTrue(text("status-logout").contains("None yet"), text("status-logout"));
    }

    @Test
    void theLiveStatusShowsTheLastTokenIssuedAndTheLastBackChannelLogout() throws Exception {
        AtomicInteger answer = new AtomicInteger(503);
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/bcl", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(answer.get(), -1);
            exchange.close();
        });
        receiver.start();
        try {
            String project = Fixtures.project(api);
            assertEquals(200, api.put("/api/v1/projects/" + project + "/sso", Api.object("idpMetadataUrl",
                    api.base() + "/dev/idp/metadata", "jitEnabled", true)).status());
            Api.Reply app = api.post("/api/v1/projects/" + project + "/applications", Api.object("name", "Intranet",
                    "redirectUris", List.of(CALLBACK), "backchannelLogoutUri", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/bcl"));
            assertEquals(201, app.status(), app.text());

            // a sign-in that hands the application tokens, then the person is deactivated: the application answers 503
            signInAndReceiveTokens(project, app.json(), "first.person@example.com");
            page("overview", project);
            String token = text("status-token");
            assertTrue(token.contains("To Intranet") && token.contains("UTC"), token);
            deactivate(project, "first.person@example.com");
            waitForStatus(project, "Retrying");
            assertTrue(text("status-logout").contains("the application answered 503"), text("status-logout"));
            assertTrue(text("status-logout").contains("next attempt"), text("status-logout"));
            assertTrue(received.get(0).startsWith("logout_token="), received.get(0));

            // the next one is delivered
            answer.set(200);
            signInAndReceiveTokens(project, app.json(), "second.person@example.com");
            deactivate(project, "second.person@example.com");
            waitForStatus(project, "Delivered (HTTP 200");
            assertTrue(text("status-logout").contains("to Intranet"), text("status-logout"));
            browser.screenshot("68-overview-applications-status");
            page("applications", project);
            assertFalse(browser.driver.findElement(By.cssSelector(".gh-app .gh-last-token")).getText().contains("Never"));
            assertTrue(api.get("/api/v1/projects/" + project + "/audit?action=oidc.backchannel-logout").text().contains("delivered"));
        } finally {
            receiver.stop(0);
        }
    }

    private static final String CALLBACK = "http://localhost:1/callback";

    /** The authorization code flow with PKCE through the mock IdP, then the code for tokens with the client secret. */
    private void signInAndReceiveTokens(String project, JsonNode app, String email) throws Exception {
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(email.getBytes(StandardCharsets.UTF_8))) + "-verifier-of-at-least-43-chars";
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String issuer = app.path("issuer").asText();
        String authorize = issuer + "/authorize?response_type=code&scope=openid&state=s1&code_challenge_method=S256"
                + "&client_id=" + enc(app.path("clientId").asText()) + "&redirect_uri=" + enc(CALLBACK) + "&code_challenge=" + challenge;
        String code = query(mockIdpSignIn(new Browser(), authorize, email)).get("code");
        assertTrue(code != null && !code.isEmpty(), "a code");
        String basic = Base64.getEncoder().encodeToString((enc(app.path("clientId").asText()) + ":"
                + enc(app.path("clientSecret").asText())).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> tokens = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(issuer + "/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + enc(code) + "&redirect_uri="
                        + enc(CALLBACK) + "&code_verifier=" + verifier)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, tokens.statusCode(), tokens.body());
        assertTrue(tokens.body().contains("refresh_token"), tokens.body());
    }

    /** Follows the redirects through the mock IdP's form up to the application's callback. */
    private static URI mockIdpSignIn(Browser http, String authorize, String email) {
        Browser.Page page = http.get(authorize);
        for (int hops = 0; hops < 10; hops++) {
            assertEquals(302, page.status(), page.toString());
            String location = page.location();
            if (location.startsWith(CALLBACK)) {
                return URI.create(location);
            }
            if (location.contains("/dev/idp/sso?")) {
                Browser.Page form = http.get(location);
                Browser.Page post = http.post(location.substring(0, location.indexOf('?')), Map.of("acs", form.hidden("acs"),
                        "audience", form.hidden("audience"), "inResponseTo", form.hidden("inResponseTo"),
                        "relayState", form.hidden("relayState"), "email", email, "givenName", "Given", "familyName", "Family",
                        "groups", ""));
                page = http.post(post.formAction(), Map.of("SAMLResponse", post.hidden("SAMLResponse"), "RelayState", post.hidden("RelayState")));
            } else {
                page = http.get(location);
            }
        }
        throw new AssertionError("no redirect to the application after 10 hops");
    }

    private void deactivate(String project, String userName) {
        String id = api.get("/api/v1/projects/" + project + "/users?userName=" + enc(userName)).json().path("items").path(0).path("id").asText();
        Api.Reply done = api.put("/api/v1/projects/" + project + "/users/" + id, Api.object("active", false));
        assertEquals(200, done.status(), done.text());
    }

    /** Refreshes the overview's live status until the last back-channel logout says this (the sender works in the background). */
    private void waitForStatus(String project, String expected) {
        page("overview", project);
        browser.waiting().until(d -> {
            d.findElement(By.id("status:refresh")).click();
            browser.ajaxDone();
            return d.findElement(By.id("status-logout")).getText().contains(expected);
        });
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new java.util.HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(kv[0], kv.length < 2 ? "" : java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return params;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void theApplicationPagesFitAPhoneScreen() {
        String project = Fixtures.project(api);
        api.post("/api/v1/projects/" + project + "/applications", Api.object("name", "Phone check",
                "redirectUris", List.of("https://a-rather-long-host-name.example.com/some/long/callback/path")));
        browser.viewport(ConsoleBrowser.PHONE);
        for (String page : List.of("applications", "guide-app")) {
            page(page, project);
            long overflow = (Long) ((JavascriptExecutor) browser.driver).executeScript(
                    "return document.documentElement.scrollWidth - window.innerWidth;");
            assertTrue(overflow <= 0, page + " scrolls sideways by " + overflow + " px at phone width, past the edge: "
                    + ((JavascriptExecutor) browser.driver).executeScript("return [...document.querySelectorAll('main *')]"
                    + ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(-3)"
                    + ".map(e => e.tagName + '.' + e.className).join(', ');"));
        }
        assertTrue(browser.driver.findElement(By.id("nav-connect")).getAttribute("class").contains("gh-active"));
        page("applications", project);
        assertTrue(browser.driver.findElement(By.id("nav-applications")).getAttribute("class").contains("gh-active"));
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
