package io.gatehouse.it;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The newcomer's path with the development mock IdP (the suite runs with GATEHOUSE_DEV_MODE=true):
 * IdP metadata by URL, fetched and cached; SP-initiated sign-in through the mock IdP's page and a
 * real signed response; Single Logout back through the mock IdP. Also the metadata URL's failures.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SamlMockIdpIT {

    @ArquillianResource
    URL base;

    @Test
    void aNewcomerSignsInThroughTheMockIdpConfiguredByItsMetadataUrl() throws Exception {
        Api api = Api.admin(base);
        String project = Fixtures.project(api);
        Api.Reply sso = api.put("/api/v1/projects/" + project + "/sso",
                object("idpMetadataUrl", api.base() + "/dev/idp/metadata", "jitEnabled", true));
        assertEquals(200, sso.status(), sso.text());
        assertTrue(sso.json().hasNonNull("idpMetadataFetchedAt"), "fetched at once: " + sso.text());
        assertFalse(sso.json().hasNonNull("idpMetadataError"), sso.text());

        Browser browser = new Browser();
        Browser.Page init = browser.get(sso.json().path("signOnUrl").asText());
        assertEquals(302, init.status(), init.toString());
        assertTrue(init.location().startsWith(api.base() + "/dev/idp/sso?SAMLRequest="), init.location());
        Browser.Page form = browser.get(init.location());
        assertEquals(200, form.status(), form.toString());
        Browser.Page post = browser.post(api.base() + "/dev/idp/sso", Map.of("acs", form.hidden("acs"),
                "audience", form.hidden("audience"), "inResponseTo", form.hidden("inResponseTo"), "relayState", form.hidden("relayState"),
                "email", "newcomer@example.com", "givenName", "New", "familyName", "Comer", "groups", "Staff"));
        assertEquals(200, post.status(), post.toString());
        Browser.Page acs = browser.post(sso.json().path("acsUrl").asText(),
                Map.of("SAMLResponse", post.hidden("SAMLResponse"), "RelayState", post.hidden("RelayState")));
        assertEquals(302, acs.status(), acs.toString());
        JsonNode me = Api.JSON.readTree(browser.getJson(api.base() + "/app/" + project + "/me").body());
        assertEquals("newcomer@example.com", me.path("userName").asText(), me.toString());

        Browser.Page page = browser.get(api.base() + "/app/" + project + "/me");
        Browser.Page logout = browser.post(api.base() + "/app/" + project + "/logout", Map.of("csrf", page.hidden("csrf")));
        Browser.Page toIdp = browser.get(logout.location());
        assertTrue(toIdp.location().startsWith(api.base() + "/dev/idp/slo?SAMLRequest="), toIdp.toString());
        Browser.Page idpAnswer = browser.get(toIdp.location());
        Browser.Page back = browser.post(sso.json().path("singleLogoutUrl").asText(),
                Map.of("SAMLResponse", idpAnswer.hidden("SAMLResponse")));
        assertEquals(302, back.status(), back.toString());
        assertTrue(back.location().endsWith("/signed-out"), back.location());
    }

    @Test
    void anIdpInitiatedSignInFromTheMockIdpIsAcceptedUnlessTheProjectRefusesThem() throws Exception {
        Api api = Api.admin(base);
        String project = Fixtures.project(api);
        Api.Reply sso = api.put("/api/v1/projects/" + project + "/sso",
                object("idpMetadataUrl", api.base() + "/dev/idp/metadata", "jitEnabled", true));
        assertEquals(200, sso.status(), sso.text());
        assertTrue(sso.json().path("idpInitiatedAllowed").asBoolean(false), sso.text());

        Browser browser = new Browser();
        Browser.Page acs = idpInitiated(api, browser, project, sso.json().path("acsUrl").asText(), "tile.user@example.com");
        assertEquals(302, acs.status(), acs.toString());
        JsonNode me = Api.JSON.readTree(browser.getJson(api.base() + "/app/" + project + "/me").body());
        assertEquals("tile.user@example.com", me.path("userName").asText(), me.toString());

        assertEquals(200, api.put("/api/v1/projects/" + project + "/sso", object("idpInitiatedAllowed", false)).status());
        Browser other = new Browser();
        Browser.Page refused = idpInitiated(api, other, project, sso.json().path("acsUrl").asText(), "tile.two@example.com");
        assertEquals(403, refused.status(), refused.toString());
        assertTrue(refused.body().contains("<code>IDP_INITIATED_OFF</code>"), refused.body());
        assertEquals(401, other.getJson(api.base() + "/app/" + project + "/me").status());
        assertEquals(1, api.get("/api/v1/projects/" + project + "/users").json().path("total").asInt());
    }

    /** The mock IdP's IdP-initiated start page, its form submitted, and its auto-posted response at the ACS. */
    private static Browser.Page idpInitiated(Api api, Browser browser, String project, String acsUrl, String email) {
        Browser.Page form = browser.get(api.base() + "/dev/idp/start/" + project);
        assertEquals(200, form.status(), form.toString());
        Browser.Page post = browser.post(api.base() + "/dev/idp/sso", Map.of("acs", form.hidden("acs"),
                "audience", form.hidden("audience"), "email", email, "givenName", "Tile", "familyName", "User"));
        assertEquals(200, post.status(), post.toString());
        return browser.post(acsUrl, Map.of("SAMLResponse", post.hidden("SAMLResponse")));
    }

    @Test
    void aMetadataUrlThatDoesNotServeMetadataShowsItsError() {
        Api api = Api.admin(base);
        String project = Fixtures.project(api);
        Api.Reply notFound = api.put("/api/v1/projects/" + project + "/sso", object("idpMetadataUrl", api.base() + "/no/such/metadata"));
        assertEquals(200, notFound.status(), notFound.text());
        assertTrue(notFound.json().path("idpMetadataError").asText().contains("404"), notFound.text());
        Api.Reply notMetadata = api.put("/api/v1/projects/" + project + "/sso", object("idpMetadataUrl", api.base() + "/health/live"));
        assertTrue(notMetadata.json().hasNonNull("idpMetadataError"), notMetadata.text());
        Api.Reply unreachable = api.put("/api/v1/projects/" + project + "/sso", object("idpMetadataUrl", "http://127.0.0.1:1/metadata"));
        assertTrue(unreachable.json().path("idpMetadataError").asText().contains("Could not fetch"), unreachable.text());
        Browser.Page init = new Browser().get(api.base() + "/sso/" + project + "/saml/init");
        assertEquals(409, init.status(), "no metadata yet: not set up");

        Api.Reply refreshed = api.post("/api/v1/projects/" + project + "/sso/idp-metadata/refresh", null);
        assertEquals(200, refreshed.status(), refreshed.text());
        assertTrue(refreshed.json().hasNonNull("idpMetadataError"), refreshed.text());
    }

    @Test
    void theSpKeyPairRollsOver() {
        Api api = Api.admin(base);
        String project = Fixtures.project(api);
        String before = api.get("/api/v1/projects/" + project + "/sso").json().path("spCertificate").asText();
        assertTrue(before.startsWith("-----BEGIN CERTIFICATE-----"), before);
        Api.Reply rolled = api.post("/api/v1/projects/" + project + "/sso/sp-key/rollover", null);
        assertEquals(200, rolled.status(), rolled.text());
        String after = rolled.json().path("spCertificate").asText();
        assertTrue(after.startsWith("-----BEGIN CERTIFICATE-----") && !after.equals(before));
        String metadata = new Browser().get(rolled.json().path("entityId").asText()).body();
        String body = after.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        assertTrue(metadata.replaceAll("\\s", "").contains(body), "the SP metadata carries the new certificate");
    }
}
