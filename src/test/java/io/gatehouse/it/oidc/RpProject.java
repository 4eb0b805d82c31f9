package io.gatehouse.it.oidc;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.it.Api;
import io.gatehouse.it.Browser;
import io.gatehouse.it.Fixtures;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Gatehouse project a relying party signs in at: the role Editor, given by the group "Editors"
 * (everyone else has the project's default role Member), an identity provider, and one OIDC
 * application registered for the relying party, made through the management API as an operator would.
 */
final class RpProject {
    final Api api;
    final String id;
    final String issuer;
    final String clientId;
    final String clientSecret;

    private RpProject(Api api, String id, Api.Reply application) {
        this.api = api;
        this.id = id;
        this.issuer = application.json().path("issuer").asText();
        this.clientId = application.json().path("clientId").asText();
        this.clientSecret = application.json().path("clientSecret").asText();
        assertTrue(issuer.equals(api.base() + "/oidc/" + id), application.text());
        assertTrue(!clientId.isEmpty() && !clientSecret.isEmpty(), application.text());
    }

    /**
     * @param idp the SAML IdP's metadata URL for the new project id (the development mock IdP's, or a
     *     Keycloak realm made for the project's SP), JIT on
     * @param rp the relying party's base URL (ending in /): its redirect URI is rp + "callback"
     * @param backchannelLogout whether Gatehouse posts logout tokens to rp + "callback" (pac4j's endpoint for them)
     * @param accessTokenSeconds the application's access-token lifetime
     */
    static RpProject create(Api api, IdentityProvider idp, String rp, boolean backchannelLogout, int accessTokenSeconds)
            throws Exception {
        String project = Fixtures.project(api);
        String editor = Fixtures.role(api, project, "Editor");
        Fixtures.group(api, project, "Editors", editor);
        Api.Reply sso = api.put("/api/v1/projects/" + project + "/sso", object("idpMetadataUrl", idp.metadataUrl(project), "jitEnabled", true));
        assertEquals(200, sso.status(), sso.text());
        assertTrue(sso.json().hasNonNull("idpMetadataFetchedAt"), "IdP metadata fetched: " + sso.text());
        Map<String, Object> app = new HashMap<>();
        app.put("name", Api.unique("RP"));
        app.put("redirectUris", List.of(rp + "callback"));
        app.put("postLogoutRedirectUris", List.of());
        app.put("backchannelLogoutUri", backchannelLogout ? rp + "callback" : null);
        app.put("public", false);
        app.put("accessTokenSeconds", accessTokenSeconds);
        Api.Reply application = api.post("/api/v1/projects/" + project + "/applications", app);
        assertEquals(201, application.status(), application.text());
        return new RpProject(api, project, application);
    }

    /** The project's SAML identity provider, set up for the new project. */
    interface IdentityProvider {
        String metadataUrl(String projectId) throws Exception;

        /** The development mock IdP of the Gatehouse under test. */
        static IdentityProvider mock(Api api) {
            return project -> api.base() + "/dev/idp/metadata";
        }
    }

    /** Gives the relying party at rp this project's issuer and the application's client (its test-only /config). */
    void configure(String rp) {
        Browser.Page config = new Browser().post(rp + "config",
                Map.of("issuer", issuer, "client_id", clientId, "client_secret", clientSecret));
        assertEquals(204, config.status(), config.toString());
    }

    /**
     * A sign-in at the relying party's page through the mock IdP: page -> Gatehouse's authorization
     * endpoint -> SAML sign-in -> the mock IdP's form, filled in with this person -> ACS -> Gatehouse
     * answers the authorization -> the RP's callback -> the page. Returns the journey where it stopped.
     */
    Journey signInThroughMockIdp(Browser browser, String page, String email, String groups) {
        Journey journey = Journey.start(browser, page);
        journey.visited(issuer + "/authorize?");
        journey.visited(api.base() + "/sso/" + id + "/saml/init");
        journey.assertEnded(200, api.base() + "/dev/idp/sso?SAMLRequest=");
        Browser.Page form = journey.page;
        journey.submit(browser, Map.of("acs", form.hidden("acs"), "audience", form.hidden("audience"),
                "inResponseTo", form.hidden("inResponseTo"), "relayState", form.hidden("relayState"),
                "email", email, "givenName", "Oidc", "familyName", "Tester", "groups", groups));
        assertEquals(200, journey.page.status(), "the mock IdP's signed response: " + journey);
        Browser.Page response = journey.page;
        return journey.submit(browser, Map.of("SAMLResponse", response.hidden("SAMLResponse"),
                "RelayState", response.hidden("RelayState")));
    }

    /** Asserts the journey came back to the RP's callback with a code, the state and Gatehouse as iss (RFC 9207). */
    void assertAuthorizedAt(Journey journey, String rp) {
        String callback = journey.visited(rp + "callback?");
        assertTrue(callback.contains("code="), callback);
        assertTrue(callback.contains("state="), callback);
        assertTrue(callback.contains("iss=" + URLEncoder.encode(issuer, StandardCharsets.UTF_8)), callback);
    }

    /**
     * Deactivates the user as an identity provider does: SCIM PATCH active=false with a SCIM token of
     * the project (Okta's request). Gatehouse ends the user's sessions in the same transaction.
     */
    void deactivateThroughScim(String userName) {
        Api scim;
        try {
            scim = Api.withKey(URI.create(api.base() + "/").toURL(), Fixtures.scimToken(api, id));
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        String patch = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}";
        Api.Reply off = scim.send("PATCH", "/scim/v2/Users/" + userId(userName), patch,
                Map.of("Content-Type", "application/scim+json", "Accept", "application/scim+json"));
        assertEquals(200, off.status(), off.text());
        assertEquals(false, off.json().path("active").asBoolean(true), off.text());
    }

    /** The user's id, found by userName through the management API. */
    String userId(String userName) {
        Api.Reply found = api.get("/api/v1/projects/" + id + "/users?userName=" + URLEncoder.encode(userName, StandardCharsets.UTF_8));
        assertEquals(200, found.status(), found.text());
        assertEquals(1, found.json().path("items").size(), found.text());
        return found.json().path("items").get(0).path("id").asText();
    }
}
