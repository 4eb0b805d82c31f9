package io.gatehouse.it.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import io.gatehouse.it.Api;
import io.gatehouse.it.Browser;
import io.gatehouse.it.Fixtures;
import io.gatehouse.it.TwoNodes;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An OpenID Connect sign-in that changes node at every step, behind the non-sticky test balancer
 * (the two-node set-up of io.gatehouse.it.ScaleOutIT; the pom's postgresql-2-nodes run): authorize on
 * A, the SAML sign-in, its ACS and the continuation on B, the code for tokens on B, userinfo and the
 * refresh on A. Everything the authorization needs is in the database; the member session is found
 * by its own cookie.
 */
class ScaleOutOidcIT extends TwoNodes {
    @Test
    void anAuthorizationStartedOnNodeAFinishesOnNodeBAndItsTokensWorkOnBoth() throws Exception {
        lb.to(nodeA);
        // the project trusts node B's development mock IdP (each node has its own key pair): the IdP steps go to B
        OidcRp rp = OidcRp.start(nodeB, false, null);
        assertTrue(rp.issuer.startsWith(lb.base()), "the issuer is the balancer's address: " + rp.issuer);
        Browser browser = new Browser();
        OidcRp.Started started = rp.authorization();
        Browser.Page toIdp = browser.get(started.request().toString());
        assertEquals(302, toIdp.status(), "node A stored the request and sent the browser to sign in: " + toIdp);

        lb.to(nodeB);
        URI callback = OidcRp.signIn(browser, URI.create(toIdp.location()), "roaming@example.com", "");
        Map<String, String> q = OidcRp.query(callback);
        assertEquals(started.state().getValue(), q.get("state"), callback.toString());
        assertTrue(q.containsKey("code"), callback.toString());
        OIDCTokenResponse tokens = (OIDCTokenResponse) OidcRp.parse(rp.exchange(q.get("code"), started.verifier())).toSuccessResponse();
        assertEquals("roaming@example.com", rp.validate(tokens.getOIDCTokens().getIDToken(), started.nonce())
                .getStringClaim("preferred_username"));

        lb.to(nodeA);
        UserInfoResponse info = UserInfoResponse.parse(new UserInfoRequest(rp.metadata.getUserInfoEndpointURI(),
                tokens.getOIDCTokens().getBearerAccessToken()).toHTTPRequest().send());
        assertTrue(info.indicatesSuccess(), "node A verifies the token node B signed");
        HTTPResponse refreshed = rp.token(new RefreshTokenGrant(tokens.getOIDCTokens().getRefreshToken()));
        assertEquals(200, refreshed.getStatusCode(), refreshed.getBody());
        Browser.Page again = browser.get(rp.authorization().request().toString());
        assertTrue(again.location().startsWith(rp.redirectUri + "?code="), "node A finds the session node B started: " + again);
    }

    @Test
    void aCodeOrRefreshTokenReplayedOnTheOtherNodeIsRefusedAndTheBackchannelLogoutIsSentOnceThoughBothNodesSend()
            throws Exception {
        try (LogoutReceiver receiver = LogoutReceiver.start()) {
            lb.to(nodeB);
            OidcRp rp = OidcRp.start(nodeB, false, receiver.uri("two-nodes"));
            Browser browser = new Browser();
            OidcRp.Started started = rp.authorization();
            String code = OidcRp.query(OidcRp.signIn(browser, started.request(), "replayer@example.com", "")).get("code");

            // the code redeemed on A, then again on B: B refuses it and revokes what A issued
            lb.to(nodeA);
            int onA = lb.served(nodeA);
            OIDCTokenResponse first = (OIDCTokenResponse) OidcRp.parse(rp.exchange(code, started.verifier())).toSuccessResponse();
            assertEquals(onA + 1, lb.served(nodeA), "node A answered the exchange");
            lb.to(nodeB);
            assertRefusedInvalidGrant(rp.exchange(code, started.verifier()));
            lb.to(nodeA);
            assertRefusedInvalidGrant(rp.token(new RefreshTokenGrant(first.getOIDCTokens().getRefreshToken())));

            // a second authorization on A, answered from the live session A finds by its cookie
            OidcRp.Started again = rp.authorization();
            Browser.Page direct = browser.get(again.request().toString());
            assertTrue(direct.location().startsWith(rp.redirectUri + "?code="), direct.toString());
            String code2 = OidcRp.query(URI.create(direct.location())).get("code");
            OIDCTokenResponse tokens = (OIDCTokenResponse) OidcRp.parse(rp.exchange(code2, again.verifier())).toSuccessResponse();
            OidcRp.SignedIn signedIn = new OidcRp.SignedIn(browser, tokens.getOIDCTokens(),
                    rp.validate(tokens.getOIDCTokens().getIDToken(), again.nonce()));
            // its refresh token rotated on B and presented again on A: the successor B issued is revoked
            lb.to(nodeB);
            OIDCTokenResponse rotated = (OIDCTokenResponse) OidcRp.parse(rp.token(new RefreshTokenGrant(
                    tokens.getOIDCTokens().getRefreshToken()))).toSuccessResponse();
            lb.to(nodeA);
            assertRefusedInvalidGrant(rp.token(new RefreshTokenGrant(tokens.getOIDCTokens().getRefreshToken())));
            lb.to(nodeB);
            assertRefusedInvalidGrant(rp.token(new RefreshTokenGrant(rotated.getOIDCTokens().getRefreshToken())));

            // the person is deactivated through node A; both nodes' senders poll the queue, one sends
            Api scim = Api.withKey(nodeA, Fixtures.scimToken(Api.admin(nodeA), rp.project));
            Api.Reply off = scim.send("PATCH", "/scim/v2/Users/" + signedIn.userId(), Api.object(
                    "schemas", java.util.List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
                    "Operations", java.util.List.of(Map.of("op", "replace", "path", "active", "value", false))),
                    Map.of("Content-Type", "application/scim+json"));
            assertEquals(200, off.status(), off.text());
            LogoutReceiver.Received got = receiver.next("two-nodes", Duration.ofSeconds(10));
            assertNotNull(got, "the back-channel logout arrives");
            BackchannelLogoutIT.validate(rp, signedIn, got);
            assertNull(receiver.next("two-nodes", Duration.ofSeconds(5)), "sent once, though both nodes run a sender");
        }
    }

    private static void assertRefusedInvalidGrant(HTTPResponse answer) throws Exception {
        assertEquals(400, answer.getStatusCode(), answer.getBody());
        assertEquals("invalid_grant", TokenErrorResponse.parse(answer).getErrorObject().getCode());
        assertFalse(answer.getBody().contains("access_token") || answer.getBody().contains("refresh_token"), answer.getBody());
    }
}
