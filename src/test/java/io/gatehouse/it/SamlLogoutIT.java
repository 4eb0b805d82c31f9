package io.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.mockidp.MockIdentityProvider;
import io.gatehouse.saml.SpKeyPair;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** SAML Single Logout: SP-initiated and IdP-initiated, HTTP-Redirect and HTTP-POST, unsigned requests refused. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SamlLogoutIT {

    @ArquillianResource
    URL base;

    private record SignedIn(Saml saml, Browser browser, String email, String sessionIndex) {
        String sloUrl() {
            return saml.acsUrl.replace("/consume", "/logout");
        }

        int me() {
            return browser.getJson(saml.meUrl()).status();
        }
    }

    private SignedIn signIn() {
        Saml saml = Saml.project(Api.admin(base), true);
        Browser browser = new Browser();
        String email = Api.unique("slo") + "@example.com";
        MockIdentityProvider.Options options = saml.options();
        String xml = saml.idp.responseXml(Saml.person(email), options);
        assertEquals(302, saml.post(browser, xml).status());
        assertEquals(200, browser.getJson(saml.meUrl()).status());
        return new SignedIn(saml, browser, email, options.sessionIndex);
    }

    @Test
    void spInitiatedLogoutEndsTheSessionAndSendsASignedLogoutRequest() throws Exception {
        SignedIn s = signIn();
        Browser.Page me = s.browser().get(s.saml().meUrl());
        Browser.Page logout = s.browser().post(s.saml().api.base() + "/app/" + s.saml().projectId + "/logout",
                Map.of("csrf", me.hidden("csrf")));
        assertEquals(302, logout.status(), logout.toString());
        assertEquals(401, s.me(), "the local session ends at once");
        Browser.Page start = s.browser().get(logout.location());
        assertEquals(302, start.status(), start.toString());
        assertTrue(start.location().startsWith(s.saml().idp.entityId().replace("/metadata", "/slo")), start.location());
        Map<String, String> query = SamlSignInIT.query(URI.create(start.location()).getRawQuery());
        assertNotNull(query.get("Signature"), "the LogoutRequest is signed");
        String request = SamlSignInIT.inflate(query.get("SAMLRequest"));
        assertTrue(request.contains(s.email()) && request.contains(s.sessionIndex()), request);

        Matcher id = Pattern.compile(" ID=\"([^\"]+)\"").matcher(request);
        assertTrue(id.find());
        String answer = s.saml().idp.logoutResponseXml(id.group(1), s.sloUrl());
        Browser.Page done = s.browser().post(s.sloUrl(), Map.of("SAMLResponse", MockIdentityProvider.base64(answer)));
        assertEquals(302, done.status(), done.toString());
        assertTrue(done.location().endsWith("/app/" + s.saml().projectId + "/signed-out"), done.location());
    }

    @Test
    void idpInitiatedLogoutByPostEndsTheSessionEvenFromAnotherBrowser() {
        SignedIn s = signIn();
        String xml = s.saml().idp.logoutRequestXml(s.email(), s.sessionIndex(), s.sloUrl(), true);
        Browser.Page page = new Browser().post(s.sloUrl(), Map.of("SAMLRequest", MockIdentityProvider.base64(xml)));
        assertTrue(page.status() == 302 || page.status() == 303 || page.status() == 200, page.toString());
        assertEquals(401, s.me(), "the session named by NameID and SessionIndex has ended");
    }

    @Test
    void idpInitiatedLogoutByRedirectEndsTheSession() {
        SignedIn s = signIn();
        String xml = s.saml().idp.logoutRequestXml(s.email(), s.sessionIndex(), s.sloUrl(), false);
        Browser.Page page = s.browser().get(s.sloUrl() + "?" + s.saml().idp.redirectQuery("SAMLRequest", xml, "r1", true));
        assertTrue(page.status() == 302 || page.status() == 303, page.toString());
        assertTrue(page.location().contains("SAMLResponse="), "answered with a LogoutResponse: " + page.location());
        assertEquals(401, s.me());
    }

    @Test
    void unsignedOrForeignLogoutRequestsAreRefusedAndTheSessionSurvives() {
        SignedIn s = signIn();
        var impostor = new MockIdentityProvider(s.saml().idp.entityId(), "https://x.test/sso", "https://x.test/slo",
                SpKeyPair.generate("Impostor"));
        String unsigned = s.saml().idp.logoutRequestXml(s.email(), s.sessionIndex(), s.sloUrl(), false);
        String foreign = impostor.logoutRequestXml(s.email(), s.sessionIndex(), s.sloUrl(), true);
        Browser attacker = new Browser();
        assertEquals(403, attacker.post(s.sloUrl(), Map.of("SAMLRequest", MockIdentityProvider.base64(unsigned))).status());
        assertEquals(403, attacker.post(s.sloUrl(), Map.of("SAMLRequest", MockIdentityProvider.base64(foreign))).status());
        assertEquals(403, attacker.get(s.sloUrl() + "?" + s.saml().idp.redirectQuery("SAMLRequest", unsigned, null, false)).status());
        assertEquals(403, attacker.get(s.sloUrl() + "?" + impostor.redirectQuery("SAMLRequest", unsigned, null, true)).status());
        String tampered = s.saml().idp.redirectQuery("SAMLRequest", unsigned, "r", true).replace("RelayState=r", "RelayState=x");
        assertEquals(403, attacker.get(s.sloUrl() + "?" + tampered).status(), "signature covers RelayState");
        assertEquals(200, s.me(), "the session survives every refused request");
    }
}
