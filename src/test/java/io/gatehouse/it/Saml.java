package io.gatehouse.it;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.mockidp.MockIdentityProvider;
import io.gatehouse.saml.SpKeyPair;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A project wired to a test identity provider, and the posts a browser makes to its ACS. */
public final class Saml {
    public final Api api;
    public final String projectId;
    public final MockIdentityProvider idp;
    public final String acsUrl;
    public final String entityId;
    public final String signOnUrl;

    private Saml(Api api, String projectId, MockIdentityProvider idp, String acsUrl, String entityId, String signOnUrl) {
        this.api = api;
        this.projectId = projectId;
        this.idp = idp;
        this.acsUrl = acsUrl;
        this.entityId = entityId;
        this.signOnUrl = signOnUrl;
    }

    public static MockIdentityProvider newIdp() {
        String id = "https://idp-" + UUID.randomUUID() + ".test";
        return new MockIdentityProvider(id + "/metadata", id + "/sso", id + "/slo", SpKeyPair.generate("Test IdP"));
    }

    /** A new project trusting a new test IdP, with just-in-time provisioning on or off. */
    public static Saml project(Api api, boolean jit) {
        return project(api, Fixtures.project(api), newIdp(), jit);
    }

    public static Saml project(Api api, String projectId, MockIdentityProvider idp, boolean jit) {
        Api.Reply reply = api.put("/api/v1/projects/" + projectId + "/sso",
                object("idpMetadataXml", idp.metadataXml(), "jitEnabled", jit));
        assertEquals(200, reply.status(), reply.text());
        return new Saml(api, projectId, idp, reply.json().path("acsUrl").asText(), reply.json().path("entityId").asText(),
                reply.json().path("signOnUrl").asText());
    }

    public MockIdentityProvider.Options options() {
        return MockIdentityProvider.Options.forSp(acsUrl, entityId);
    }

    public static MockIdentityProvider.Person person(String email, String... groups) {
        return new MockIdentityProvider.Person(email, "Jane", "Doe", groups.length == 0 ? null : List.of(groups));
    }

    public String response(MockIdentityProvider.Person person) {
        return idp.responseXml(person, options());
    }

    /** Posts a response (XML) to this project's ACS as the browser would after the IdP's auto-post form. */
    public Browser.Page post(Browser browser, String xml) {
        return postTo(browser, acsUrl, xml, null);
    }

    public static Browser.Page postTo(Browser browser, String acs, String xml, String relayState) {
        return browser.post(acs, relayState == null ? Map.of("SAMLResponse", MockIdentityProvider.base64(xml))
                : Map.of("SAMLResponse", MockIdentityProvider.base64(xml), "RelayState", relayState));
    }

    /** Starts an SP-initiated sign-in in the browser (which gets its flow cookie); returns the AuthnRequest's ID. */
    public String startSignIn(Browser browser) {
        Browser.Page init = browser.get(signOnUrl);
        assertEquals(302, init.status(), init.toString());
        try {
            String request = SamlSignInIT.inflate(SamlSignInIT.query(URI.create(init.location()).getRawQuery()).get("SAMLRequest"));
            Matcher id = Pattern.compile(" ID=\"([^\"]+)\"").matcher(request);
            assertTrue(id.find(), request);
            return id.group(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String meUrl() {
        return api.base() + "/app/" + projectId + "/me";
    }

    public int userCount() {
        return api.get("/api/v1/projects/" + projectId + "/users").json().path("total").asInt(-1);
    }
}
