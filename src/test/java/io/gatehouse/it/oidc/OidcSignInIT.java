package io.gatehouse.it.oidc;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import io.gatehouse.it.Api;
import io.gatehouse.it.Browser;
import io.gatehouse.it.Fixtures;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OpenID Connect provider end to end with a Nimbus-based relying party: discovery, sign-in
 * through the mock IdP, the code for tokens, the ID token as a client library validates it (with
 * the role from the group mapping), userinfo, refresh rotation, a second authorization answered at
 * once from the live session, and RP-initiated logout.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OidcSignInIT {
    @ArquillianResource
    URL base;

    @Test
    void aPersonSignsInToAnApplicationWithTheirRoleFromTheGroupMapping() throws Exception {
        OidcRp rp = OidcRp.start(base, false, null);
        assertEquals(rp.issuer, rp.metadata.getIssuer().getValue());
        assertTrue(rp.metadata.supportsAuthorizationResponseIssuerParam());
        String editor = Fixtures.role(rp.api, rp.project, "Editor");
        String group = Fixtures.group(rp.api, rp.project, "Writers", editor);

        Browser browser = new Browser();
        OidcRp.Started started = rp.authorization();
        URI callback = OidcRp.signIn(browser, started.request(), "writer@example.com", "Writers");
        Map<String, String> q = OidcRp.query(callback);
        assertEquals(started.state().getValue(), q.get("state"));
        assertEquals(rp.issuer, q.get("iss"), "RFC 9207");

        OIDCTokenResponse tokens = OidcRp.parse(rp.exchange(q.get("code"), started.verifier())).toSuccessResponse() instanceof OIDCTokenResponse t ? t : null;
        IDTokenClaimsSet id = rp.validate(tokens.getOIDCTokens().getIDToken(), started.nonce());
        assertEquals("writer@example.com", id.getStringClaim("preferred_username"));
        assertEquals("Editor", id.getStringClaim("role"));
        assertEquals(List.of("Editor"), OidcRp.strings(id.getClaim("roles")));
        assertEquals(List.of("Writers"), OidcRp.strings(id.getClaim("groups")));
        assertEquals("Given", id.getStringClaim("given_name"));
        assertTrue(id.getStringClaim("sid") != null && id.getClaim("auth_time") != null);
        JsonNode users = rp.api.get("/api/v1/projects/" + rp.project + "/users?userName=writer@example.com").json();
        assertEquals(users.path("items").path(0).path("id").asText(users.path(0).path("id").asText()), id.getSubject().getValue());

        BearerAccessToken access = tokens.getOIDCTokens().getBearerAccessToken();
        UserInfoResponse info = UserInfoResponse.parse(new UserInfoRequest(rp.metadata.getUserInfoEndpointURI(), access)
                .toHTTPRequest().send());
        assertTrue(info.indicatesSuccess(), info.toString());
        assertEquals("Editor", info.toSuccessResponse().getUserInfo().getStringClaim("role"));

        // the role changes: the next tokens say so
        rp.api.put("/api/v1/projects/" + rp.project + "/groups/" + group, object("displayName", "Writers", "roleId", null));
        HTTPResponse refreshed = rp.token(new RefreshTokenGrant(tokens.getOIDCTokens().getRefreshToken()));
        OIDCTokenResponse second = (OIDCTokenResponse) OidcRp.parse(refreshed).toSuccessResponse();
        assertNotEquals(tokens.getOIDCTokens().getRefreshToken(), second.getOIDCTokens().getRefreshToken(), "rotated");
        IDTokenClaimsSet after = rp.validate(second.getOIDCTokens().getIDToken(), null);
        assertEquals("Member", after.getStringClaim("role"), "the default role once the group has none");

        // a second application, same browser: answered at once from the live session, no IdP round trip
        OidcRp other = OidcRp.register(rp.api, rp.project, true, null);
        OidcRp.Started again = other.authorization();
        Browser.Page direct = browser.get(again.request().toString());
        assertEquals(302, direct.status(), direct.toString());
        assertTrue(direct.location().startsWith(other.redirectUri + "?code="), direct.location());
        var publicTokens = OidcRp.parse(other.exchange(OidcRp.query(URI.create(direct.location())).get("code"), again.verifier()));
        assertTrue(publicTokens.indicatesSuccess(), () -> "a public client with PKCE: " + publicTokens.toErrorResponse().getErrorObject().toJSONObject());

        // RP-initiated logout ends the session; the next authorization goes to the IdP again
        Browser.Page logout = browser.get(rp.metadata.getEndSessionEndpointURI() + "?id_token_hint="
                + second.getOIDCTokens().getIDTokenString() + "&post_logout_redirect_uri=" + rp.redirectUri + "/signed-out&state=bye");
        assertEquals(302, logout.status(), logout.toString());
        Browser.Page next = followUntilApplication(browser, logout.location());
        assertEquals(rp.redirectUri + "/signed-out?state=bye", next.location());
        Browser.Page fresh = browser.get(rp.authorization().request().toString());
        assertTrue(fresh.location().contains("/saml/init"), "signed out: " + fresh);
        HTTPResponse afterLogout = rp.token(new RefreshTokenGrant(second.getOIDCTokens().getRefreshToken()));
        assertEquals(400, afterLogout.getStatusCode(), "the session's refresh tokens end with it");
        assertFalse(OidcRp.parse(afterLogout).indicatesSuccess());
    }

    /** Through the SAML Single Logout round trip with the mock IdP, up to the redirect to the application. */
    static Browser.Page followUntilApplication(Browser browser, String location) {
        Browser.Page page = new Browser.Page(302, "", location);
        for (int hops = 0; hops < 10 && !page.location().startsWith("http://localhost:1/"); hops++) {
            if (page.location().contains("/dev/idp/slo?")) {
                Browser.Page idp = browser.get(page.location());
                page = browser.post(idp.formAction(), Map.of("SAMLResponse", idp.hidden("SAMLResponse"),
                        "RelayState", idp.body().contains("name=\"RelayState\"") ? idp.hidden("RelayState") : ""));
            } else {
                page = browser.get(page.location());
            }
            assertEquals(302, page.status(), page.toString());
        }
        return page;
    }
}
