package io.gatehouse.it.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.gatehouse.it.Api;
import io.gatehouse.it.Browser;
import io.gatehouse.it.Fixtures;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The provider attacked: every request it must refuse, each checked for the exact OAuth error and
 * status, and for what matters most, that nothing was issued (no code in the redirect, no token in
 * the answer, no redirect at all where the address is not trusted) and that tokens issued before stop
 * working where the refusal says so. The relying party is Nimbus's client classes ({@link OidcRp});
 * forged tokens are made with nimbus-jose-jwt.
 *
 * The expired code is real time, not a changed row: the first test keeps one code unredeemed and the
 * last redeems it once its 60 s are over, waiting only for what the tests in between did not take.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OidcRefusalsIT {
    private static final Duration CODE_LIFETIME = Duration.ofSeconds(60);

    @ArquillianResource
    URL base;

    /** A code of the first test, left unredeemed for the last one. */
    private record Kept(OidcRp rp, String code, CodeVerifier verifier, Instant issuedBy) {
    }

    private static Kept kept;

    // ---------------------------------------------------------------- codes: client, project, expiry

    @Test
    @Order(1)
    void aCodeIsRedeemedOnlyByItsClientAtItsProjectsTokenEndpoint() throws Exception {
        OidcRp a = OidcRp.start(base, false, null);
        OidcRp b = OidcRp.start(base, false, null);
        OidcRp otherOfA = OidcRp.register(a.api, a.project, false, null);
        OidcRp.Started started = a.authorization();
        String code = code(OidcRp.signIn(new Browser(), started.request(), "kept@example.com", ""));
        Instant issuedBy = Instant.now(); // the code was made before its redirect came back
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(a.redirectUri),
                started.verifier());

        // A's client and A's code at B's token endpoint: B does not know the client
        assertInvalidClient(send(new TokenRequest(b.metadata.getTokenEndpointURI(), a.basic(), grant)), b.issuer);
        // B's own client with A's code at B's token endpoint
        assertRefused(send(new TokenRequest(b.metadata.getTokenEndpointURI(), b.basic(), grant)), 400, "invalid_grant");
        // another client of A, authenticated, with A's code (its own redirect URI or the code's)
        assertRefused(otherOfA.token(grant), 400, "invalid_grant");
        assertRefused(otherOfA.exchange(code, started.verifier()), 400, "invalid_grant");

        // A's client at B's authorization endpoint: an unknown application there, a page and no redirect
        OidcRp.Started atB = a.authorization();
        Browser.Page page = new Browser().get(atB.request().toString().replace(a.issuer, b.issuer));
        assertPage(page, "Unknown application");

        kept = new Kept(a, code, started.verifier(), issuedBy);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aCodeRedeemedAfterItsSixtySecondsIsRefusedEvenToItsOwnClient() throws Exception {
        assertNotNull(kept, "the first test keeps the code this one redeems");
        Duration wait = Duration.between(Instant.now(), kept.issuedBy().plus(CODE_LIFETIME).plusSeconds(2));
        System.out.println("OidcRefusalsIT: the kept code is " + Duration.between(kept.issuedBy(), Instant.now()).toSeconds()
                + " s old; waiting " + Math.max(0, wait.toMillis()) + " ms more for it to expire");
        if (!wait.isNegative()) {
            Thread.sleep(wait.toMillis());
        }
        // the right client, secret, redirect URI and verifier: only the time is wrong
        assertRefused(kept.rp().exchange(kept.code(), kept.verifier()), 400, "invalid_grant");
    }

    // ---------------------------------------------------------------- redirect URIs and clients

    @Test
    void anUnregisteredOrLookAlikeRedirectUriGetsAPageAndNoRedirect() throws Exception {
        OidcRp rp = OidcRp.start(base, false, null);
        String registered = rp.redirectUri; // http://localhost:1/callback/app-...
        String path = URI.create(registered).getPath();
        List<String> lookAlikes = List.of(
                "http://localhost:1/callback/other",                      // another path
                registered + "x",                                          // a suffix
                registered + "/evil",                                      // a deeper path
                "http://localhost:2" + path,                               // a different port
                "http://localhost" + path,                                 // the default port
                registered + "/",                                          // trailing slash
                "http://LOCALHOST:1" + path,                               // case change of the host
                "http://localhost:1" + path.toUpperCase(),                 // case change of the path
                "HTTP://localhost:1" + path,                               // case change of the scheme
                "https://localhost:1" + path,                              // another scheme
                "http://localhost:1@evil.example" + path,                  // userinfo@host: the host is evil.example
                "http://evil.example@localhost:1" + path,                  // userinfo before the registered host
                registered + "?next=https://evil.example/",                // an added query
                registered + "#fragment",                                  // a fragment
                "http://localhost:1" + path.replace("/callback/", "/callback%2F"), // an encoded slash
                "http://localhost:1/callback/../callback/" + path.substring("/callback/".length()), // dot segments
                "http://127.0.0.1:1" + path,                               // the same host by address
                "https://evil.example/",
                "javascript:alert(document.cookie)//" + registered,
                "\"><script>alert(1)</script>");
        for (String uri : lookAlikes) {
            Browser.Page page = new Browser().get(authorize(rp, Map.of("redirect_uri", uri)));
            assertPage(page, "Unregistered redirect URI");
            assertFalse(page.body().contains("<script>alert"), "the URI is shown escaped: " + uri);
        }
        // not exactly one redirect_uri
        Browser.Page none = new Browser().get(authorize(rp, without("redirect_uri")));
        assertPage(none, "Invalid sign-in request");
        Browser.Page two = new Browser().get(authorize(rp, Map.of()) + "&redirect_uri="
                + URLEncoder.encode("https://evil.example/", StandardCharsets.UTF_8));
        assertPage(two, "Invalid sign-in request");

        // the control: the registered URI itself is accepted (the request goes on to the IdP)
        Browser.Page accepted = new Browser().get(authorize(rp, Map.of()));
        assertEquals(302, accepted.status(), accepted.toString());
        assertTrue(accepted.location().contains("/sso/" + rp.project + "/saml/init"), accepted.location());
    }

    @Test
    void anUnknownClientIdGetsAPageAtAuthorizeAndInvalidClientAtTheTokenEndpoint() throws Exception {
        OidcRp rp = OidcRp.start(base, false, null);
        for (String clientId : new String[] {"unknown-client", rp.clientId.toUpperCase(), rp.clientId + "x", rp.applicationId}) {
            assertPage(new Browser().get(authorize(rp, Map.of("client_id", clientId))), "Unknown application");
        }
        Browser.Page repeated = new Browser().get(authorize(rp, Map.of()) + "&client_id=unknown-client");
        assertPage(repeated, "Invalid sign-in request");

        AuthorizationGrant grant = new AuthorizationCodeGrant(new AuthorizationCode("no-such-code"), URI.create(rp.redirectUri),
                new CodeVerifier());
        assertInvalidClient(send(new TokenRequest(rp.metadata.getTokenEndpointURI(),
                new ClientSecretBasic(new ClientID("unknown-client"), new Secret(rp.clientSecret)), grant)), rp.issuer);
        assertInvalidClient(send(new TokenRequest(rp.metadata.getTokenEndpointURI(), new ClientID("unknown-client"), grant)),
                rp.issuer);
    }

    @Test
    void aWrongOrRevokedSecretIsInvalidClientAndARotatedAwaySecretWorksUntilRevoked() throws Exception {
        OidcRp rp = OidcRp.start(base, false, null);
        OidcRp.Started started = rp.authorization();
        String code = code(OidcRp.signIn(new Browser(), started.request(), "secrets@example.com", ""));
        AuthorizationGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(rp.redirectUri),
                started.verifier());
        String original = rp.clientSecret;
        String wrong = original.substring(0, original.length() - 2) + (original.endsWith("AA") ? "BB" : "AA");
        String endpoint = rp.metadata.getTokenEndpointURI().toString();

        assertInvalidClient(send(new TokenRequest(URI.create(endpoint), basic(rp, wrong), grant)), rp.issuer);
        assertInvalidClient(send(new TokenRequest(URI.create(endpoint), post(rp, wrong), grant)), rp.issuer);
        assertInvalidClient(send(new TokenRequest(URI.create(endpoint), basic(rp, "not-a-secret"), grant)), rp.issuer);
        assertInvalidClient(send(new TokenRequest(URI.create(endpoint), new ClientID(rp.clientId), grant)), rp.issuer);
        // the failed attempts did not spend the code: the right secret gets the tokens
        OIDCTokens tokens = tokens(send(new TokenRequest(URI.create(endpoint), basic(rp, original), grant)));

        String secrets = "/api/v1/projects/" + rp.project + "/applications/" + rp.applicationId + "/secrets";
        String originalId = rp.api.get(secrets).json().path(0).path("id").asText();
        Api.Reply rotated = rp.api.post(secrets, null);
        assertEquals(201, rotated.status(), rotated.text());
        String next = rotated.json().path("clientSecret").asText();
        assertNotEquals(original, next);

        // both are valid until the old one is revoked
        tokens = tokens(send(new TokenRequest(URI.create(endpoint), basic(rp, original), new RefreshTokenGrant(tokens.getRefreshToken()))));
        tokens = tokens(send(new TokenRequest(URI.create(endpoint), post(rp, next), new RefreshTokenGrant(tokens.getRefreshToken()))));
        assertEquals(204, rp.api.delete(secrets + "/" + originalId).status());
        RefreshTokenGrant refresh = new RefreshTokenGrant(tokens.getRefreshToken());
        assertInvalidClient(send(new TokenRequest(URI.create(endpoint), basic(rp, original), refresh)), rp.issuer);
        assertInvalidClient(send(new TokenRequest(URI.create(endpoint), post(rp, original), refresh)), rp.issuer);
        // the refused client did not spend the refresh token; the new secret still works
        tokens = tokens(send(new TokenRequest(URI.create(endpoint), basic(rp, next), refresh)));

        // every secret revoked: the application cannot authenticate at all
        assertEquals(204, rp.api.delete(secrets + "/" + rotated.json().path("id").asText()).status());
        assertInvalidClient(send(new TokenRequest(URI.create(endpoint), basic(rp, next),
                new RefreshTokenGrant(tokens.getRefreshToken()))), rp.issuer);
    }

    // ---------------------------------------------------------------- codes and refresh tokens replayed

    @Test
    void aCodeUsedTwiceIsRefusedAndTheTokensOfTheFirstExchangeAreRevoked() throws Exception {
        OidcRp rp = OidcRp.start(base, false, null);
        OidcRp.Started started = rp.authorization();
        String code = code(OidcRp.signIn(new Browser(), started.request(), "twice@example.com", ""));
        OIDCTokens first = tokens(rp.exchange(code, started.verifier()));
        String access = first.getBearerAccessToken().getValue();
        assertEquals(200, userinfo(rp, access).getStatusCode(), "the control: userinfo answers before the replay");

        assertRefused(rp.exchange(code, started.verifier()), 400, "invalid_grant");
        assertRefused(rp.token(new RefreshTokenGrant(first.getRefreshToken())), 400, "invalid_grant");
        assertUserinfoRefused(userinfo(rp, access), "the first exchange's access token, after the code was replayed");
        assertRefused(rp.exchange(code, started.verifier()), 400, "invalid_grant");
    }

    @Test
    void aCodeRedeemedFiveTimesAtOnceGivesTokensOnceAndThoseAreRevoked() throws Exception {
        OidcRp rp = OidcRp.start(base, false, null);
        OidcRp.Started started = rp.authorization();
        String code = code(OidcRp.signIn(new Browser(), started.request(), "racer@example.com", ""));
        List<HTTPResponse> answers = atOnce(5, () -> rp.exchange(code, started.verifier()));
        List<HTTPResponse> issued = answers.stream().filter(HTTPResponse::indicatesSuccess).toList();
        assertEquals(1, issued.size(), "exactly one exchange wins: " + answers.stream().map(HTTPResponse::getStatusCode).toList());
        for (HTTPResponse answer : answers) {
            if (!answer.indicatesSuccess()) {
                assertRefused(answer, 400, "invalid_grant");
            }
        }
        // the losers presented a used code: the winner's tokens are revoked with it
        assertRefused(rp.token(new RefreshTokenGrant(tokens(issued.get(0)).getRefreshToken())), 400, "invalid_grant");
    }

    @Test
    void aRefreshTokenPresentedFiveTimesAtOnceRotatesOnceAndTheReuseRevokesTheSuccessor() throws Exception {
        OidcRp rp = OidcRp.start(base, false, null);
        OidcRp.SignedIn s = rp.signInAndExchange(new Browser(), "refresh.racer@example.com");
        RefreshTokenGrant grant = new RefreshTokenGrant(s.tokens().getRefreshToken());
        List<HTTPResponse> answers = atOnce(5, () -> rp.token(grant));
        List<HTTPResponse> issued = answers.stream().filter(HTTPResponse::indicatesSuccess).toList();
        assertEquals(1, issued.size(), "exactly one refresh wins: " + answers.stream().map(HTTPResponse::getStatusCode).toList());
        for (HTTPResponse answer : answers) {
            if (!answer.indicatesSuccess()) {
                assertRefused(answer, 400, "invalid_grant");
            }
        }
        assertRefused(rp.token(new RefreshTokenGrant(tokens(issued.get(0)).getRefreshToken())), 400, "invalid_grant");
    }

    @Test
    void aCodeRedeemedWithAnotherOrNoRedirectUriIsRefusedAndSpent() throws Exception {
        OidcRp rp = OidcRp.start(base, false, null);
        OidcRp other = OidcRp.register(rp.api, rp.project, false, null);
        Browser browser = new Browser();
        OidcRp.Started started = rp.authorization();
        String code = code(OidcRp.signIn(browser, started.request(), "redirects@example.com", ""));
        assertRefused(rp.token(new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(other.redirectUri),
                started.verifier())), 400, "invalid_grant");
        assertRefused(rp.exchange(code, started.verifier()), 400, "invalid_grant");

        OidcRp.Started again = rp.authorization();
        String second = code(direct(browser, again.request().toString()));
        assertRefused(rp.token(new AuthorizationCodeGrant(new AuthorizationCode(second), null, again.verifier())), 400,
                "invalid_grant");
    }

    @Test
    void aRefreshTokenUsedTwiceIsRefusedAndItsRotatedSuccessorIsRevokedToo() throws Exception {
        OidcRp rp = OidcRp.start(base, false, null);
        OidcRp.SignedIn s = rp.signInAndExchange(new Browser(), "refresh.reuse@example.com");
        RefreshToken first = s.tokens().getRefreshToken();
        OIDCTokens second = tokens(rp.token(new RefreshTokenGrant(first)));
        assertNotEquals(first, second.getRefreshToken(), "rotated");
        assertEquals(200, userinfo(rp, second.getBearerAccessToken().getValue()).getStatusCode(), "the control");

        assertRefused(rp.token(new RefreshTokenGrant(first)), 400, "invalid_grant");
        assertRefused(rp.token(new RefreshTokenGrant(second.getRefreshToken())), 400, "invalid_grant");
        assertUserinfoRefused(userinfo(rp, second.getBearerAccessToken().getValue()), "the successor's access token");
        assertUserinfoRefused(userinfo(rp, s.tokens().getBearerAccessToken().getValue()), "the first access token");
        assertRefused(rp.token(new RefreshTokenGrant(new RefreshToken("made-up-refresh-token"))), 400, "invalid_grant");
    }

    // ---------------------------------------------------------------- PKCE

    @Test
    void aWrongOrMissingPkceVerifierIsInvalidGrantAndSpendsTheCode() throws Exception {
        OidcRp rp = OidcRp.start(base, false, null);
        Browser browser = new Browser();
        OidcRp.Started started = rp.authorization();
        String code = code(OidcRp.signIn(browser, started.request(), "pkce@example.com", ""));
        assertRefused(rp.exchange(code, new CodeVerifier()), 400, "invalid_grant");
        // no second guess: the right verifier after a wrong one finds the code spent
        assertRefused(rp.exchange(code, started.verifier()), 400, "invalid_grant");

        // a challenge was sent, the verifier is not
        OidcRp.Started again = rp.authorization();
        String second = code(direct(browser, again.request().toString()));
        assertRefused(rp.exchange(second, null), 400, "invalid_grant");

        // no challenge was sent, a verifier is (a client trying to look as if it had used PKCE)
        String third = code(direct(browser, authorize(rp, without("code_challenge", "code_challenge_method"))));
        assertRefused(rp.exchange(third, new CodeVerifier()), 400, "invalid_grant");
    }

    @Test
    void aPublicClientWithoutPkceGetsInvalidRequestAtAuthorizeAndInvalidGrantWithoutTheVerifier() throws Exception {
        OidcRp confidential = OidcRp.start(base, false, null);
        OidcRp rp = OidcRp.register(confidential.api, confidential.project, true, null);
        assertNull(rp.clientSecret);
        Browser browser = new Browser();
        assertErrorRedirect(browser.get(authorize(rp, without("code_challenge", "code_challenge_method"))), rp, "invalid_request");

        OidcRp.Started started = rp.authorization();
        String code = code(OidcRp.signIn(browser, started.request(), "spa@example.com", ""));
        assertRefused(rp.exchange(code, null), 400, "invalid_grant");
        assertRefused(rp.exchange(code, started.verifier()), 400, "invalid_grant"); // spent by the attempt without

        // a public client presenting a secret is not taken for a confidential one
        OidcRp.Started again = rp.authorization();
        String second = code(direct(browser, again.request().toString()));
        assertInvalidClient(send(new TokenRequest(rp.metadata.getTokenEndpointURI(), basic(rp, confidential.clientSecret),
                new AuthorizationCodeGrant(new AuthorizationCode(second), URI.create(rp.redirectUri), again.verifier()))), rp.issuer);
    }

    @Test
    void thePlainCodeChallengeMethodIsRefused() throws Exception {
        OidcRp rp = OidcRp.start(base, false, null);
        CodeVerifier verifier = new CodeVerifier();
        assertErrorRedirect(new Browser().get(authorize(rp, Map.of("code_challenge", verifier.getValue(),
                "code_challenge_method", "plain"))), rp, "invalid_request");
        // without a method RFC 7636 means plain
        assertErrorRedirect(new Browser().get(authorize(rp, Map.of("code_challenge", verifier.getValue(),
                "code_challenge_method", ""))), rp, "invalid_request");
    }

    // ---------------------------------------------------------------- what the authorization endpoint offers

    @Test
    void onlyTheAuthorizationCodeFlowIsOffered() throws Exception {
        OidcRp rp = OidcRp.start(base, false, null);
        for (String type : new String[] {"token", "id_token", "id_token token", "code token", "code id_token"}) {
            assertErrorRedirect(new Browser().get(authorize(rp, Map.of("response_type", type))), rp, "unsupported_response_type");
        }
        assertErrorRedirect(new Browser().get(authorize(rp, Map.of("response_mode", "fragment"))), rp, "invalid_request");
        assertErrorRedirect(new Browser().get(authorize(rp, Map.of("scope", "profile email"))), rp, "invalid_request");
    }

    @Test
    void promptNoneWithoutASessionIsLoginRequired() throws Exception {
        OidcRp rp = OidcRp.start(base, false, null);
        assertErrorRedirect(new Browser().get(authorize(rp, Map.of("prompt", "none"))), rp, "login_required");
    }

    @Test
    void aProjectWithoutIdentityProviderMetadataIsAccessDenied() throws Exception {
        Api api = Api.admin(base);
        String project = Fixtures.project(api);
        OidcRp rp = OidcRp.register(api, project, false, null);
        assertErrorRedirect(new Browser().get(authorize(rp, Map.of())), rp, "access_denied");
    }

    @Test
    void promptLoginSendsTheBrowserToTheIdpAgainWithForceAuthnDespiteALiveSession() throws Exception {
        OidcRp rp = OidcRp.start(base, false, null);
        Browser browser = new Browser();
        OidcRp.SignedIn first = rp.signInAndExchange(browser, "again@example.com");
        // the control: without prompt=login the live session answers at once
        assertNotNull(code(direct(browser, rp.authorization().request().toString())));

        OidcRp.Started forced = rp.authorization("login");
        Browser.Page init = browser.get(forced.request().toString());
        assertEquals(302, init.status(), init.toString());
        assertTrue(init.location().contains("/sso/" + rp.project + "/saml/init") && init.location().contains("ForceAuthn=true"),
                init.location());
        Browser.Page toIdp = browser.get(init.location());
        assertEquals(302, toIdp.status(), toIdp.toString());
        assertTrue(toIdp.location().contains("/dev/idp/sso?"), toIdp.location());
        String authnRequest = inflate(OidcRp.query(URI.create(toIdp.location())).get("SAMLRequest"));
        assertTrue(Pattern.compile("<(\\w+:)?AuthnRequest[^>]*\\sForceAuthn=\"true\"").matcher(authnRequest).find(), authnRequest);

        // the person signs in again: a new session, whose sid the new ID token carries
        Map<String, String> q = OidcRp.query(OidcRp.signIn(browser, forced.request(), "again@example.com", ""));
        assertEquals(forced.state().getValue(), q.get("state"));
        OIDCTokens tokens = tokens(rp.exchange(q.get("code"), forced.verifier()));
        var id = rp.validate(tokens.getIDToken(), forced.nonce());
        assertEquals(first.userId(), id.getSubject().getValue());
        assertNotEquals(first.id().getStringClaim("sid"), id.getStringClaim("sid"), "a fresh sign-in, a new session");
    }

    // ---------------------------------------------------------------- deactivated users

    @Test
    void aDeactivatedUserGetsNoNewTokensNoUserinfoAndNoNewCode() throws Exception {
        OidcRp rp = OidcRp.start(base, false, null);
        Browser browser = new Browser();
        OidcRp.SignedIn s = rp.signInAndExchange(browser, "leaver@example.com");
        BearerAccessToken access = s.tokens().getBearerAccessToken();
        assertEquals(200, userinfo(rp, access.getValue()).getStatusCode(), "the control: userinfo answers before");

        rp.scimDeactivate(s.userId());

        assertRefused(rp.token(new RefreshTokenGrant(s.tokens().getRefreshToken())), 400, "invalid_grant");
        assertUserinfoRefused(userinfo(rp, access.getValue()));
        // the same browser, whose session the deactivation ended
        assertErrorRedirect(browser.get(rp.authorization().request().toString()), rp, "access_denied");
        // a new browser: the IdP signs them in, Gatehouse refuses the deactivated user
        URI again = OidcRp.signIn(new Browser(), rp.authorization().request(), "leaver@example.com", "");
        OidcRp.assertRedirectError(again, "access_denied");

        // reactivated: the tokens from before stay dead (the session they belong to has ended)
        rp.scimSetActive(s.userId(), true);
        assertRefused(rp.token(new RefreshTokenGrant(s.tokens().getRefreshToken())), 400, "invalid_grant");
        assertUserinfoRefused(userinfo(rp, access.getValue()), "an access token from before the deactivation");
    }

    @Test
    void aDeactivatedUserWithALiveSessionIsAccessDeniedAtAuthorize() throws Exception {
        OidcRp rp = OidcRp.start(base, false, null);
        Browser browser = new Browser();
        OidcRp.SignedIn s = rp.signInAndExchange(browser, "live.leaver@example.com");
        Api.Reply off = rp.api.put("/api/v1/projects/" + rp.project + "/users/" + s.userId(), Api.object("active", false));
        assertEquals(200, off.status(), off.text());
        assertErrorRedirect(browser.get(rp.authorization().request().toString()), rp, "access_denied");
        // the deactivation ended the session: told once, after that there is no session, and prompt=none says so
        assertErrorRedirect(browser.get(rp.authorization("none").request().toString()), rp, "login_required");
    }

    @Test
    void aRemovedApplicationsTokensStopWorking() throws Exception {
        OidcRp rp = OidcRp.start(base, false, null);
        OidcRp.SignedIn s = rp.signInAndExchange(new Browser(), "removed.app@example.com");
        String access = s.tokens().getBearerAccessToken().getValue();
        assertEquals(200, userinfo(rp, access).getStatusCode(), "the control: userinfo answers before");
        assertEquals(204, rp.api.delete("/api/v1/projects/" + rp.project + "/applications/" + rp.applicationId).status());

        assertUserinfoRefused(userinfo(rp, access), "an access token of a removed application");
        assertInvalidClient(rp.token(new RefreshTokenGrant(s.tokens().getRefreshToken())), rp.issuer);
        assertPage(new Browser().get(rp.authorization().request().toString()), "Unknown application");
    }

    @Test
    void aCodeWhoseSessionEndedBeforeTheExchangeGivesNothingAndTheSessionsTokensStop() throws Exception {
        OidcRp rp = OidcRp.start(base, false, null);
        Browser browser = new Browser();
        OidcRp.SignedIn s = rp.signInAndExchange(browser, "signs.out@example.com");
        OidcRp.Started started = rp.authorization();
        String code = code(direct(browser, started.request().toString()));
        String area = rp.api.base() + "/app/" + rp.project;
        Browser.Page me = browser.get(area + "/me");
        assertEquals(302, browser.post(area + "/logout", Map.of("csrf", me.hidden("csrf"))).status());

        assertRefused(rp.exchange(code, started.verifier()), 400, "invalid_grant");
        assertRefused(rp.token(new RefreshTokenGrant(s.tokens().getRefreshToken())), 400, "invalid_grant");
        assertUserinfoRefused(userinfo(rp, s.tokens().getBearerAccessToken().getValue()), "the ended session's access token");
    }

    // ---------------------------------------------------------------- forged access tokens at userinfo

    @Test
    void forgedAccessTokensAreRefusedAtUserinfo() throws Exception {
        OidcRp rp = OidcRp.start(base, false, null);
        OidcRp.SignedIn s = rp.signInAndExchange(new Browser(), "forger@example.com");
        String real = s.tokens().getBearerAccessToken().getValue();
        assertEquals(200, userinfo(rp, real).getStatusCode(), "the control: the real token is accepted");
        SignedJWT parsed = SignedJWT.parse(real);
        JWTClaimsSet claims = parsed.getJWTClaimsSet();
        String kid = parsed.getHeader().getKeyID();
        RSAKey published = (RSAKey) JWKSet.load(rp.metadata.getJWKSetURI().toURL()).getKeyByKeyId(kid);
        assertNotNull(published, "the access token's key is published");
        JOSEObjectType at = new JOSEObjectType("at+jwt");

        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("alg none (PlainJWT)", new PlainJWT(new PlainHeader.Builder().type(at).build(), claims).serialize());
        forged.put("alg none with the real signature kept", Base64URL.encode("{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}")
                + "." + parsed.getParsedParts()[1] + "." + parsed.getParsedParts()[2]);
        forged.put("HS256 keyed with the public JWK's JSON", hmac(claims, kid, at, published.toPublicJWK().toJSONString()
                .getBytes(StandardCharsets.UTF_8)));
        forged.put("HS256 keyed with the public key's X.509 bytes", hmac(claims, kid, at, published.toRSAPublicKey().getEncoded()));
        forged.put("HS256 keyed with the modulus", hmac(claims, kid, at, published.getModulus().decode()));
        RSAKey attacker = new RSAKeyGenerator(2048).keyID(kid).generate();
        forged.put("RS256 by another key under the project's kid", rs256(claims, kid, at, attacker));
        JWTClaimsSet longer = new JWTClaimsSet.Builder(claims).expirationTime(java.util.Date.from(Instant.now().plusSeconds(86400)))
                .build();
        forged.put("claims changed, the real signature kept", parsed.getParsedParts()[0] + "." + Base64URL.encode(longer.toString())
                + "." + parsed.getParsedParts()[2]);
        forged.put("the ID token (not an access token)", s.tokens().getIDTokenString());
        forged.put("the refresh token", s.tokens().getRefreshToken().getValue());
        forged.put("the real token, a byte of its signature flipped", flip(real, 2));
        OidcRp other = OidcRp.start(base, false, null);
        forged.put("a real access token of another project", other.signInAndExchange(new Browser(), "forger@example.com")
                .tokens().getBearerAccessToken().getValue());

        for (Map.Entry<String, String> token : forged.entrySet()) {
            HTTPResponse answer = userinfo(rp, token.getValue());
            assertUserinfoRefused(answer, token.getKey());
        }
        assertEquals(200, userinfo(rp, real).getStatusCode(), "the real token still works");
    }

    // ---------------------------------------------------------------- RP-initiated logout

    @Test
    void aTamperedOrForeignIdTokenHintIsRefusedWithAPageAndTheSessionLives() throws Exception {
        OidcRp rp = OidcRp.start(base, false, null);
        Browser browser = new Browser();
        OidcRp.SignedIn s = rp.signInAndExchange(browser, "hint@example.com");
        String hint = s.tokens().getIDTokenString();
        SignedJWT parsed = SignedJWT.parse(hint);
        OidcRp other = OidcRp.start(base, false, null);
        OidcRp.SignedIn foreign = other.signInAndExchange(new Browser(), "hint@example.com");
        JWTClaimsSet claims = parsed.getJWTClaimsSet();

        Map<String, String> hints = new LinkedHashMap<>();
        hints.put("a byte of the payload flipped", flip(hint, 1));
        hints.put("a byte of the signature flipped", flip(hint, 2));
        hints.put("the sid changed, the signature kept", parsed.getParsedParts()[0] + "." + Base64URL.encode(
                new JWTClaimsSet.Builder(claims).claim("sid", foreign.id().getStringClaim("sid")).build().toString())
                + "." + parsed.getParsedParts()[2]);
        hints.put("unsigned (alg none)", new PlainJWT(claims).serialize());
        hints.put("signed by another project", foreign.tokens().getIDTokenString());
        hints.put("the same claims signed by a key not the project's, under its kid", rs256(claims, parsed.getHeader().getKeyID(), null,
                new RSAKeyGenerator(2048).keyID(parsed.getHeader().getKeyID()).generate()));
        hints.put("an access token", s.tokens().getBearerAccessToken().getValue());
        hints.put("not a JWT", "not-a-jwt");
        String postLogout = rp.redirectUri + "/signed-out";
        for (Map.Entry<String, String> bad : hints.entrySet()) {
            Browser.Page page = browser.get(logout(rp, bad.getValue(), postLogout));
            assertPage(page, "Sign-out request refused", bad.getKey());
            assertSessionLives(rp, browser, bad.getKey());
        }
        // the foreign project's session is untouched too (its sid was named in a tampered hint)
        assertTrue(other.token(new RefreshTokenGrant(foreign.tokens().getRefreshToken())).indicatesSuccess());

        // a post-logout redirect URI not registered for the hint's application
        OidcRp sibling = OidcRp.register(rp.api, rp.project, false, null);
        for (String uri : new String[] {"https://evil.example/", postLogout + "x", postLogout + "/", rp.redirectUri,
                sibling.redirectUri + "/signed-out", postLogout + "?next=https://evil.example/"}) {
            Browser.Page page = browser.get(logout(rp, hint, uri));
            assertPage(page, "Sign-out request refused", uri);
            assertSessionLives(rp, browser, uri);
        }
        // without a hint, a client_id naming the application is needed to trust a post-logout URI
        assertPage(browser.get(rp.metadata.getEndSessionEndpointURI() + "?post_logout_redirect_uri="
                + URLEncoder.encode(postLogout, StandardCharsets.UTF_8)), "Sign-out request refused");
        assertSessionLives(rp, browser, "no hint");

        // the control: the genuine hint with the registered URI signs out
        Browser.Page signedOut = browser.get(logout(rp, hint, postLogout));
        assertEquals(302, signedOut.status(), signedOut.toString());
        assertEquals(401, browser.getJson(rp.api.base() + "/app/" + rp.project + "/me").status());
    }

    // ---------------------------------------------------------------- helpers

    private static String code(URI callback) {
        Map<String, String> q = OidcRp.query(callback);
        assertNull(q.get("error"), callback.toString());
        assertNotNull(q.get("code"), callback.toString());
        return q.get("code");
    }

    /** An authorization answered at once from the browser's live session. */
    private static URI direct(Browser browser, String request) {
        Browser.Page page = browser.get(request);
        assertEquals(302, page.status(), page.toString());
        assertTrue(page.location().startsWith("http://localhost:1/"), "answered from the live session: " + page.location());
        return URI.create(page.location());
    }

    /** An authorization request of this application, its parameters changed ("" removes one). */
    private static String authorize(OidcRp rp, Map<String, String> changes) throws Exception {
        Map<String, String> params = new LinkedHashMap<>(OidcRp.query(rp.authorization().request()));
        changes.forEach((name, value) -> {
            if (value.isEmpty()) {
                params.remove(name);
            } else {
                params.put(name, value);
            }
        });
        List<String> pairs = new ArrayList<>();
        params.forEach((k, v) -> pairs.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return rp.metadata.getAuthorizationEndpointURI() + "?" + String.join("&", pairs);
    }

    private static Map<String, String> without(String... names) {
        Map<String, String> removed = new LinkedHashMap<>();
        for (String name : names) {
            removed.put(name, "");
        }
        return removed;
    }

    private static String logout(OidcRp rp, String hint, String postLogout) {
        return rp.metadata.getEndSessionEndpointURI() + "?id_token_hint=" + URLEncoder.encode(hint, StandardCharsets.UTF_8)
                + "&post_logout_redirect_uri=" + URLEncoder.encode(postLogout, StandardCharsets.UTF_8) + "&state=bye";
    }

    private static void assertSessionLives(OidcRp rp, Browser browser, String after) {
        assertEquals(200, browser.getJson(rp.api.base() + "/app/" + rp.project + "/me").status(), "the session lives after: " + after);
    }

    /** A refusal page: the status, no redirect of any kind, nothing issued. */
    private static void assertPage(Browser.Page page, String title, String... what) {
        String context = (what.length > 0 ? what[0] + ": " : "") + page;
        assertEquals(400, page.status(), context);
        assertNull(page.location(), "no Location header: " + context);
        assertTrue(page.body().contains(title), context);
        assertFalse(page.body().toLowerCase().contains("http-equiv=\"refresh\""), "no meta refresh: " + context);
        assertFalse(page.body().contains("code="), "no code: " + context);
    }

    /** The standard error redirect to the registered URI: the error, state and iss, and no code. */
    private static void assertErrorRedirect(Browser.Page page, OidcRp rp, String error) {
        assertEquals(302, page.status(), page.toString());
        assertTrue(page.location().startsWith(rp.redirectUri + "?"), "to the registered redirect URI: " + page.location());
        URI redirect = URI.create(page.location());
        OidcRp.assertRedirectError(redirect, error);
        Map<String, String> q = OidcRp.query(redirect);
        assertEquals(rp.issuer, q.get("iss"), "RFC 9207: " + redirect);
        assertNotNull(q.get("state"), "the state comes back: " + redirect);
        assertFalse(q.containsKey("id_token") || q.containsKey("access_token"), redirect.toString());
        assertFalse(redirect.toString().contains("#"), "no fragment: " + redirect);
    }

    /** A token endpoint refusal: status, error, no-store, and no token of any kind in the answer. */
    private static void assertRefused(HTTPResponse answer, int status, String error) throws Exception {
        String body = answer.getBody();
        assertEquals(status, answer.getStatusCode(), body);
        assertEquals(error, TokenErrorResponse.parse(answer).getErrorObject().getCode(), body);
        assertEquals("no-store", answer.getCacheControl(), body);
        for (String field : new String[] {"access_token", "id_token", "refresh_token"}) {
            assertFalse(body.contains(field), "nothing issued: " + body);
        }
    }

    private static void assertInvalidClient(HTTPResponse answer, String issuer) throws Exception {
        assertRefused(answer, 401, "invalid_client");
        String challenge = answer.getHeaderValue("WWW-Authenticate");
        assertNotNull(challenge, "RFC 6749 5.2: a 401 carries WWW-Authenticate");
        assertTrue(challenge.startsWith("Basic"), challenge);
    }

    private static void assertUserinfoRefused(HTTPResponse answer, String... what) throws Exception {
        String context = (what.length > 0 ? what[0] + ": " : "") + answer.getStatusCode() + " " + answer.getBody();
        assertEquals(401, answer.getStatusCode(), context);
        String challenge = answer.getHeaderValue("WWW-Authenticate");
        assertNotNull(challenge, context);
        assertTrue(challenge.startsWith("Bearer") && challenge.contains("invalid_token"), challenge);
        assertFalse(UserInfoResponse.parse(answer).indicatesSuccess(), context);
        String body = answer.getBody() == null ? "" : answer.getBody();
        assertFalse(body.contains("preferred_username") || body.contains("\"sub\""), "no claims: " + context);
    }

    private static OIDCTokens tokens(HTTPResponse answer) throws Exception {
        var parsed = OidcRp.parse(answer);
        assertTrue(parsed.indicatesSuccess(), () -> answer.getStatusCode() + " " + answer.getBody());
        return ((OIDCTokenResponse) parsed.toSuccessResponse()).getOIDCTokens();
    }

    private interface Call {
        HTTPResponse send() throws Exception;
    }

    /** The same request sent n times at the same moment (threads released together). */
    private static List<HTTPResponse> atOnce(int n, Call call) throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            var gate = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<HTTPResponse>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    gate.await();
                    return call.send();
                }));
            }
            gate.countDown();
            List<HTTPResponse> answers = new ArrayList<>();
            for (var future : futures) {
                answers.add(future.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static HTTPResponse send(TokenRequest request) throws Exception {
        return request.toHTTPRequest().send();
    }

    private static HTTPResponse userinfo(OidcRp rp, String token) throws Exception {
        return new UserInfoRequest(rp.metadata.getUserInfoEndpointURI(), new BearerAccessToken(token)).toHTTPRequest().send();
    }

    private static ClientAuthentication basic(OidcRp rp, String secret) {
        return new ClientSecretBasic(new ClientID(rp.clientId), new Secret(secret));
    }

    private static ClientAuthentication post(OidcRp rp, String secret) {
        return new ClientSecretPost(new ClientID(rp.clientId), new Secret(secret));
    }

    private static String hmac(JWTClaimsSet claims, String kid, JOSEObjectType type, byte[] secret) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).type(type).build(), claims);
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    private static String rs256(JWTClaimsSet claims, String kid, JOSEObjectType type, RSAKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(type).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** The JWT with one character in the middle of a part (1 payload, 2 signature) changed, still base64url. */
    private static String flip(String jwt, int part) {
        String[] parts = jwt.split("\\.");
        char[] chars = parts[part].toCharArray();
        int i = chars.length / 2;
        chars[i] = chars[i] == 'A' ? 'B' : 'A';
        parts[part] = new String(chars);
        return String.join(".", parts);
    }

    private static String inflate(String base64) throws Exception {
        byte[] deflated = Base64.getMimeDecoder().decode(base64);
        try (var in = new InflaterInputStream(new ByteArrayInputStream(deflated), new Inflater(true))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
