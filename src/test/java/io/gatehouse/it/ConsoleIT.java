package io.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.mockidp.MockIdentityProvider;
import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The console's sign-in page over plain HTTP (the browser suite of the console issue goes further). */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsoleIT {
    private static final Pattern VIEW_STATE = Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"");


    @ArquillianResource
    URL base;

    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void rootAndConsoleLeadToTheSignInPage() throws Exception {
        HttpResponse<String> root = get("");
        assertEquals(302, root.statusCode());
        assertTrue(root.headers().firstValue("Location").orElse("").endsWith("/console/index.xhtml"));
        HttpResponse<String> console = get("console/index.xhtml");
        assertEquals(302, console.statusCode(), "the console needs a signed-in admin");
        assertTrue(console.headers().firstValue("Location").orElse("").endsWith("/console/login.xhtml"));
        HttpResponse<String> login = get("console/login.xhtml");
        assertEquals(200, login.statusCode());
        assertTrue(login.body().contains("Sign in"));
        assertEquals("DENY", login.headers().firstValue("X-Frame-Options").orElse(""));
    }

    @Test
    void wrongPasswordIsRefusedAndTheRightOneSignsIn() throws Exception {
        HttpResponse<String> wrong = signIn("admin", "not the password");
        assertEquals(200, wrong.statusCode());
        assertTrue(wrong.body().contains("Wrong username or password."), wrong.body());
        assertEquals(302, get("console/index.xhtml").statusCode(), "still signed out");

        HttpResponse<String> unknown = signIn("nobody", "whatever");
        assertTrue(unknown.body().contains("Wrong username or password."), "the same answer for unknown users");

        HttpResponse<String> right = signIn("admin", System.getProperty("it.admin.password"));
        assertEquals(302, right.statusCode(), right.body());
        HttpResponse<String> projects = get("console/index.xhtml");
        assertEquals(200, projects.statusCode());
        assertTrue(projects.body().contains("Projects"));
        assertFalse(projects.body().contains(System.getProperty("it.admin.password")));
    }

    /**
     * A page on another site that makes a signed-in admin's browser post the "create project" form:
     * without a view state, or with a valid one the attacker got in their own session. Neither creates
     * the project (nor answers with a server error); the admin's own form does.
     */
    @Test
    void aForgedCrossSitePostChangesNothing() throws Exception {
        assertEquals(302, signIn("admin", System.getProperty("it.admin.password")).statusCode());
        String name = Api.unique("Forged");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("create", "create");
        form.put("create:name", name);
        form.put("create:submit", "");
        HttpResponse<String> noState = post("console/index.xhtml", form);
        assertTrue(noState.statusCode() < 500, noState.statusCode() + " " + noState.body());

        HttpClient attacker = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String attackersState = viewState(attacker.send(HttpRequest.newBuilder(URI.create(base + "console/login.xhtml")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        form.put("jakarta.faces.ViewState", attackersState);
        HttpResponse<String> foreignState = post("console/index.xhtml", form);
        assertTrue(foreignState.statusCode() < 500, foreignState.statusCode() + " " + foreignState.body());
        Api api = Api.admin(base);
        assertFalse(api.get("/api/v1/projects").text().contains(name), "no project was created by the forged posts");

        form.put("jakarta.faces.ViewState", viewState(get("console/index.xhtml").body()));
        HttpResponse<String> own = post("console/index.xhtml", form);
        assertEquals(302, own.statusCode(), "the admin's own form works: " + own.body());
        assertTrue(api.get("/api/v1/projects").text().contains(name));
    }

    /** A project's SSO admin, through the mock IdP, over plain HTTP (so it runs on every server of the matrix). */
    @Test
    void anSsoUserWithAnAdminRoleGetsThatProjectsConsoleOnly() {
        Api api = Api.admin(base);
        String project = Fixtures.project(api);
        String other = Fixtures.project(api);
        assertEquals(200, api.put("/api/v1/projects/" + project + "/sso",
                Api.object("idpMetadataUrl", api.base() + "/dev/idp/metadata", "jitEnabled", true)).status());
        Api.Reply role = api.post("/api/v1/projects/" + project + "/roles", Api.object("name", "Owner", "admin", true));
        Fixtures.group(api, project, "Owners", role.id());

        Browser person = new Browser();
        Browser.Page start = person.get(api.base() + "/console/sso?project=" + project);
        assertEquals(302, start.status(), start.toString());
        Browser.Page init = person.get(URI.create(api.base()).resolve(start.location()).toString());
        assertTrue(init.location().startsWith(api.base() + "/sso/" + project + "/saml/init?RelayState="), init.toString());
        Browser.Page toIdp = person.get(init.location());
        Browser.Page form = person.get(toIdp.location());
        Browser.Page signed = person.post(api.base() + "/dev/idp/sso", Map.of("acs", form.hidden("acs"), "audience", form.hidden("audience"),
                "inResponseTo", form.hidden("inResponseTo"), "relayState", form.hidden("relayState"),
                "email", "owner@example.com", "groups", "Owners"));
        Browser.Page acs = person.post(signed.formAction(), Map.of("SAMLResponse", signed.hidden("SAMLResponse"),
                "RelayState", signed.hidden("RelayState")));
        assertEquals(api.base() + "/console/sso/" + project, acs.location(), "back to the console sign-in: " + acs);
        Browser.Page console = person.get(acs.location());
        assertEquals(302, console.status(), console.toString());
        assertTrue(console.location().endsWith("/console/project/overview.xhtml?p=" + project), console.toString());
        Browser.Page overview = person.get(api.base() + "/console/project/overview.xhtml?p=" + project);
        assertEquals(200, overview.status());
        assertTrue(overview.body().contains("owner@example.com"), "signed in as the SSO user");
        Browser.Page list = person.get(api.base() + "/console/index.xhtml");
        assertTrue(list.status() == 302 && list.location().endsWith("overview.xhtml?p=" + project), "no project list: " + list);
        Browser.Page foreign = person.get(api.base() + "/console/project/users.xhtml?p=" + other);
        assertTrue(foreign.status() == 302 && foreign.location().endsWith("overview.xhtml?p=" + project), "no other project: " + foreign);
    }

    /**
     * An SSO admin's console sign-out is the member area's: the member session ends at once, the browser
     * takes a signed LogoutRequest naming the session's NameID and SessionIndex to the IdP, and the IdP's
     * LogoutResponse brings it back to the console's sign-in page, which says so.
     */
    @Test
    void anSsoAdminsSignOutSendsSingleLogoutToTheIdpAndEndsOnTheConsoleSignInPage() throws Exception {
        Api api = Api.admin(base);
        Saml saml = Saml.project(api, true);
        String project = saml.projectId;
        Api.Reply role = api.post("/api/v1/projects/" + project + "/roles", Api.object("name", "Owner", "admin", true));
        Fixtures.group(api, project, "Owners", role.id());
        Browser person = new Browser();
        String email = Api.unique("console-slo") + "@example.com";
        MockIdentityProvider.Options options = saml.options();
        Browser.Page acs = Saml.postTo(person, saml.acsUrl, saml.idp.responseXml(Saml.person(email, "Owners"), options),
                "/console/sso/" + project);
        assertEquals(api.base() + "/console/sso/" + project, acs.location(), acs.toString());
        assertEquals(302, person.get(acs.location()).status());
        String overviewUrl = api.base() + "/console/project/overview.xhtml?p=" + project;
        Browser.Page overview = person.get(overviewUrl);
        assertEquals(200, overview.status(), overview.toString());

        Browser.Page out = person.post(overviewUrl, signOutForm(overview.body()));
        assertEquals(302, out.status(), out.toString());
        assertEquals(api.base() + "/sso/" + project + "/saml/logout-start", out.location(), "on to Single Logout");
        assertEquals(401, person.getJson(saml.meUrl()).status(), "the member session has ended");
        Browser.Page console = person.get(overviewUrl);
        assertTrue(console.status() == 302 && console.location().contains("/console/login.xhtml"), "the console session too: " + console);

        Browser.Page toIdp = person.get(out.location());
        assertEquals(302, toIdp.status(), toIdp.toString());
        assertTrue(toIdp.location().startsWith(saml.idp.entityId().replace("/metadata", "/slo") + "?"), toIdp.location());
        Map<String, String> query = SamlSignInIT.query(URI.create(toIdp.location()).getRawQuery());
        assertTrue(query.containsKey("Signature"), "the LogoutRequest is signed");
        String logoutRequest = SamlSignInIT.inflate(query.get("SAMLRequest"));
        assertTrue(logoutRequest.contains(">" + email + "</") && logoutRequest.contains(">" + options.sessionIndex + "</"),
                "names the admin's NameID and SessionIndex: " + logoutRequest);

        Matcher id = Pattern.compile(" ID=\"([^\"]+)\"").matcher(logoutRequest);
        assertTrue(id.find(), logoutRequest);
        String sloUrl = saml.acsUrl.replace("/consume", "/logout");
        Browser.Page back = person.post(sloUrl, Map.of("SAMLResponse",
                MockIdentityProvider.base64(saml.idp.logoutResponseXml(id.group(1), sloUrl))));
        assertEquals(api.base() + "/app/" + project + "/signed-out", back.location(), back.toString());
        Browser.Page signedOut = person.get(back.location());
        assertEquals(api.base() + "/console/login.xhtml?signedOut=true", signedOut.location(), "the console's sign-in page: " + signedOut);
        Browser.Page login = person.get(signedOut.location());
        assertEquals(200, login.status());
        assertTrue(login.body().contains("You are signed out."), login.body());
        assertEquals(401, person.getJson(saml.meUrl()).status(), "and stays signed out");
    }

    /** A local admin's sign-out goes straight to the sign-in page: no Single Logout, nothing said. */
    @Test
    void aLocalAdminsSignOutSendsNothing() throws Exception {
        assertEquals(302, signIn("admin", System.getProperty("it.admin.password")).statusCode());
        HttpResponse<String> out = post("console/index.xhtml", signOutForm(get("console/index.xhtml").body()));
        assertEquals(302, out.statusCode(), out.body());
        String location = out.headers().firstValue("Location").orElse("");
        assertTrue(location.endsWith("/console/login.xhtml"), "straight to the sign-in page, not to an IdP: " + location);
        assertEquals(302, get("console/index.xhtml").statusCode(), "signed out");
    }

    private static Map<String, String> signOutForm(String page) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("signOutForm", "signOutForm");
        form.put("signOutForm:signOut", "Sign out");
        form.put("jakarta.faces.ViewState", viewState(page));
        return form;
    }

    private HttpResponse<String> signIn(String username, String password) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("signIn", "signIn");
        form.put("signIn:username", username);
        form.put("signIn:password", password);
        form.put("signIn:submit", "");
        form.put("jakarta.faces.ViewState", viewState(get("console/login.xhtml").body()));
        return post("console/login.xhtml", form);
    }

    private static String viewState(String page) {
        Matcher state = VIEW_STATE.matcher(page);
        assertTrue(state.find(), "the form carries a view state");
        return state.group(1).replace("&#58;", ":");
    }

    private HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return browser.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
