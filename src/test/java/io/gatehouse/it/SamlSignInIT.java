package io.gatehouse.it;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.mockidp.MockIdentityProvider;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** SAML sign-in through the real ACS: IdP- and SP-initiated, JIT, roles, deactivation, password sign-in. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SamlSignInIT {

    @ArquillianResource
    URL base;

    @Test
    void idpInitiatedSignInCreatesTheUserJustInTimeAndShowsTheirRole() throws Exception {
        Saml saml = Saml.project(Api.admin(base), true);
        long version = saml.api.get("/api/v1/projects/" + saml.projectId + "/sso").json().path("version").asLong();
        Browser browser = new Browser();
        Browser.Page acs = saml.post(browser, saml.response(Saml.person("Jane.Doe@Example.com")));
        assertEquals(302, acs.status(), acs.toString());
        assertEquals(saml.meUrl(), acs.location());

        JsonNode me = Api.JSON.readTree(browser.getJson(saml.meUrl()).body());
        assertEquals("Jane.Doe@Example.com", me.path("userName").asText());
        assertEquals("Jane", me.path("givenName").asText());
        assertEquals("Doe", me.path("familyName").asText());
        assertEquals("Member", me.path("role").asText());
        assertTrue(me.path("roleReason").asText().startsWith("Default role"), me.toString());
        Browser.Page html = browser.get(saml.meUrl());
        assertTrue(html.body().contains("Member") && html.body().contains("Jane Doe"), html.body());

        JsonNode users = saml.api.get("/api/v1/projects/" + saml.projectId + "/users").json();
        assertEquals(1, users.path("total").asInt());
        assertEquals("JIT", users.path("items").get(0).path("origin").asText());
        JsonNode audit = saml.api.get("/api/v1/projects/" + saml.projectId + "/audit?action=saml.sign-in").json();
        assertEquals(1, audit.path("items").size(), audit.toString());
        JsonNode sso = saml.api.get("/api/v1/projects/" + saml.projectId + "/sso").json();
        assertTrue(sso.hasNonNull("lastSignInAt"), sso.toString());
        assertEquals(version, sso.path("version").asLong(), "a sign-in is not an admin's change: the settings' ETag stays");
    }

    @Test
    void withoutJitAnUnknownPersonIsRefusedWithAPageAndNothingIsCreated() {
        Saml saml = Saml.project(Api.admin(base), false);
        Browser.Page page = saml.post(new Browser(), saml.response(Saml.person("stranger@example.com")));
        assertEquals(403, page.status());
        assertTrue(page.body().contains("You do not have access to this project"), page.body());
        assertEquals(0, saml.userCount());
        JsonNode audit = saml.api.get("/api/v1/projects/" + saml.projectId + "/audit?action=saml.sign-in-failed").json();
        assertEquals(1, audit.path("items").size(), audit.toString());
    }

    @Test
    void spInitiatedSignInSendsASignedAuthnRequestAndLandsOnTheDeepLink() throws Exception {
        Saml saml = Saml.project(Api.admin(base), true);
        Browser browser = new Browser();
        String deepLink = "/app/" + saml.projectId + "/me?tab=profile";
        Browser.Page init = browser.get(saml.signOnUrl + "?RelayState=" + URLEncoderUtf8(deepLink));
        assertEquals(302, init.status(), init.toString());
        Map<String, String> query = query(URI.create(init.location()).getRawQuery());
        assertNotNull(query.get("Signature"), "AuthnRequest is signed");
        assertTrue(query.get("SigAlg").contains("rsa-sha256"), query.get("SigAlg"));
        assertEquals(deepLink, query.get("RelayState"));
        String request = inflate(query.get("SAMLRequest"));
        Matcher id = Pattern.compile(" ID=\"([^\"]+)\"").matcher(request);
        assertTrue(id.find(), request);

        MockIdentityProvider.Options options = saml.options();
        options.inResponseTo = id.group(1);
        String xml = saml.idp.responseXml(Saml.person("sp.initiated@example.com"), options);
        Browser.Page acs = Saml.postTo(browser, saml.acsUrl, xml, query.get("RelayState"));
        assertEquals(302, acs.status(), acs.toString());
        assertEquals(saml.api.base() + deepLink, acs.location());
        assertEquals(200, browser.getJson(saml.meUrl()).status());
    }

    @Test
    void anOpenRedirectInRelayStateIsIgnored() {
        Saml saml = Saml.project(Api.admin(base), true);
        for (String evil : new String[] {"https://evil.example/", "//evil.example/app/" + saml.projectId,
                "/app/" + Fixtures.project(saml.api) + "/me", "/app/" + saml.projectId + "/../../console"}) {
            Browser.Page acs = Saml.postTo(new Browser(), saml.acsUrl, saml.response(Saml.person("r@example.com")), evil);
            assertEquals(302, acs.status(), acs.toString());
            assertEquals(saml.meUrl(), acs.location(), evil);
        }
    }

    @Test
    void theRoleComesFromTheGroupsClaimAndAGroupChangeShowsAtTheNextRequest() throws Exception {
        Api api = Api.admin(base);
        Saml saml = Saml.project(api, true);
        String editor = Fixtures.role(api, saml.projectId, "Editor");
        String editors = Fixtures.group(api, saml.projectId, "Editors", editor);
        Browser browser = new Browser();
        saml.post(browser, saml.response(Saml.person("grouped@example.com", "Editors", "Newcomers")));
        JsonNode me = Api.JSON.readTree(browser.getJson(saml.meUrl()).body());
        assertEquals("Editor", me.path("role").asText(), me.toString());
        assertTrue(me.path("roleReason").asText().contains("Editors"), me.toString());
        JsonNode groups = api.get("/api/v1/projects/" + saml.projectId + "/groups").json();
        assertTrue(groups.toString().contains("Newcomers"), "a group named in the claim is created: " + groups);

        String userId = api.get("/api/v1/projects/" + saml.projectId + "/users").json().path("items").get(0).path("id").asText();
        assertEquals(204, api.delete("/api/v1/projects/" + saml.projectId + "/groups/" + editors + "/members/" + userId).status());
        me = Api.JSON.readTree(browser.getJson(saml.meUrl()).body());
        assertEquals("Member", me.path("role").asText(), "same session, next request: " + me);
    }

    @Test
    void aDeactivatedUserLosesTheSessionAtTheNextRequestAndCannotSignInAgain() {
        Api api = Api.admin(base);
        Saml saml = Saml.project(api, true);
        Browser browser = new Browser();
        saml.post(browser, saml.response(Saml.person("leaver@example.com")));
        assertEquals(200, browser.getJson(saml.meUrl()).status());
        String userId = api.get("/api/v1/projects/" + saml.projectId + "/users").json().path("items").get(0).path("id").asText();
        assertEquals(200, api.put("/api/v1/projects/" + saml.projectId + "/users/" + userId, object("active", false)).status());

        Browser.Page me = browser.get(saml.meUrl());
        assertEquals(403, me.status());
        assertTrue(me.body().contains("Your account is deactivated"), me.body());
        assertEquals(401, browser.getJson(saml.meUrl()).status(), "the session has ended");
        Browser.Page again = saml.post(new Browser(), saml.response(Saml.person("leaver@example.com")));
        assertEquals(403, again.status());
        assertTrue(again.body().contains("Your account is deactivated"), again.body());
    }

    @Test
    void regularUsersSignInWithAPasswordAndSsoUsersAreSentToTheirIdp() throws Exception {
        Api api = Api.admin(base);
        Saml saml = Saml.project(api, true);
        Fixtures.user(api, saml.projectId, "regular@example.com");
        String login = api.base() + "/app/" + saml.projectId + "/login";
        Browser browser = new Browser();
        Browser.Page form = browser.get(login);
        Browser.Page signedIn = browser.post(login, Map.of("csrf", form.hidden("csrf"), "userName", "Regular@Example.com",
                "password", "a long enough password"));
        assertEquals(302, signedIn.status(), signedIn.toString());
        JsonNode me = Api.JSON.readTree(browser.getJson(saml.meUrl()).body());
        assertEquals("regular@example.com", me.path("userName").asText());

        Browser other = new Browser();
        Browser.Page noToken = other.post(login, Map.of("userName", "regular@example.com", "password", "a long enough password"));
        assertEquals(403, noToken.status(), "a post without the form's token (CSRF) is refused");

        saml.post(new Browser(), saml.response(Saml.person("sso.person@example.com")));
        Browser sso = new Browser();
        Browser.Page refused = sso.post(login, Map.of("csrf", sso.get(login).hidden("csrf"), "userName", "sso.person@example.com",
                "password", "anything at all"));
        assertEquals(403, refused.status());
        assertTrue(refused.body().contains("Sign in with your identity provider"), refused.body());

        assertEquals(200, api.post("/api/v1/projects/" + saml.projectId + "/sync-regular-users", null).status());
        Browser synced = new Browser();
        Browser.Page afterSync = synced.post(login, Map.of("csrf", synced.get(login).hidden("csrf"),
                "userName", "regular@example.com", "password", "a long enough password"));
        assertEquals(403, afterSync.status(), "converted by sync: password sign-in refused");
    }

    @Test
    void repeatedWrongPasswordsLockPasswordSignInForTheAccount() {
        Api api = Api.admin(base);
        String project = Fixtures.project(api);
        Fixtures.user(api, project, "target@example.com");
        long version = api.get("/api/v1/projects/" + project + "/users?userName=target@example.com").json()
                .path("items").get(0).path("version").asLong();
        String login = api.base() + "/app/" + project + "/login";
        Browser browser = new Browser();
        for (int i = 0; i < 5; i++) {
            Browser.Page wrong = browser.post(login, Map.of("csrf", browser.get(login).hidden("csrf"),
                    "userName", "target@example.com", "password", "wrong password " + i));
            assertEquals(401, wrong.status(), wrong.toString());
        }
        Browser.Page locked = browser.post(login, Map.of("csrf", browser.get(login).hidden("csrf"),
                "userName", "target@example.com", "password", "a long enough password"));
        assertEquals(429, locked.status(), "even the right password waits: " + locked);
        assertEquals(version, api.get("/api/v1/projects/" + project + "/users?userName=target@example.com").json()
                .path("items").get(0).path("version").asLong(), "throttling does not change the user's version (ETag)");
    }

    @Test
    void spMetadataIsSignedAndNamesTheAcsAndTheProjectsCertificate() {
        Saml saml = Saml.project(Api.admin(base), true);
        Browser.Page metadata = new Browser().get(saml.entityId);
        assertEquals(200, metadata.status());
        assertTrue(metadata.body().contains("entityID=\"" + saml.entityId + "\""), metadata.body());
        assertTrue(metadata.body().contains("Location=\"" + saml.acsUrl + "\""), metadata.body());
        assertTrue(metadata.body().contains("SignatureValue"), "metadata is signed");
        assertTrue(metadata.body().contains("X509Certificate"), metadata.body());
        assertTrue(metadata.body().contains("AuthnRequestsSigned=\"true\""), metadata.body());
    }

    @Test
    void aProjectWithoutIdpMetadataSaysSo() {
        Api api = Api.admin(base);
        String project = Fixtures.project(api);
        Browser.Page init = new Browser().get(api.base() + "/sso/" + project + "/saml/init");
        assertEquals(409, init.status());
        assertTrue(init.body().contains("Single sign-on is not set up"), init.body());
        assertEquals(404, new Browser().get(api.base() + "/sso/no-such-token/saml/metadata").status());
    }

    private static String URLEncoderUtf8(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new java.util.LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    static String inflate(String base64) throws Exception {
        byte[] deflated = Base64.getMimeDecoder().decode(base64);
        try (var in = new InflaterInputStream(new ByteArrayInputStream(deflated), new Inflater(true))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
