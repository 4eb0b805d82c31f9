package io.gatehouse.it.oidc;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;
import io.gatehouse.it.Api;
import io.gatehouse.it.Browser;
import io.gatehouse.it.Fixtures;
import io.gatehouse.mockidp.MockIdentityProvider;
import io.gatehouse.saml.SpKeyPair;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Back-channel logout (OpenID Connect Back-Channel Logout 1.0) with a real receiver: every way a
 * member session ends makes Gatehouse POST a logout token to each application that received tokens
 * in that session, and the receiver validates it as a relying party would, with Nimbus's
 * {@link LogoutTokenValidator} against the published JWKS. A failing receiver is retried.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BackchannelLogoutIT {
    private static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    /** How long a delivery may take to arrive: the sender is woken at once and polls every second. */
    private static final Duration ARRIVAL = Duration.ofSeconds(10);

    @ArquillianResource
    URL base;

    static LogoutReceiver receiver;

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = LogoutReceiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    /** An application signed in to, with its receiver's name. */
    private record App(OidcRp rp, String name) {
    }

    private App app(OidcRp registered, String name) {
        return new App(registered, name);
    }

    private App newProjectApp() throws Exception {
        String name = Api.unique("app");
        return app(OidcRp.start(base, false, receiver.uri(name)), name);
    }

    private App anotherApp(OidcRp of) throws Exception {
        String name = Api.unique("app");
        return app(OidcRp.register(of.api, of.project, false, receiver.uri(name)), name);
    }

    @Test
    void aSignOutInTheMemberAreaReachesTheApplicationButNotOneThatGotNoTokensInThatSession() throws Exception {
        App app = newProjectApp();
        App bystander = anotherApp(app.rp()); // registered with a receiver, never signed in to
        Browser browser = new Browser();
        OidcRp.SignedIn s = app.rp().signInAndExchange(browser, Api.unique("out") + "@example.com");
        // someone else signs in to the bystander: their session is not this one
        OidcRp.SignedIn other = bystander.rp().signInAndExchange(new Browser(), Api.unique("other") + "@example.com");

        Instant ended = Instant.now();
        signOutInTheMemberArea(app.rp(), browser);
        arrives(app, s, ended, "member-area sign-out");
        assertNull(receiver.next(bystander.name(), Duration.ofSeconds(3)),
                "an application that received no tokens in the ended session is not told");
        assertTrue(bystander.rp().token(new com.nimbusds.oauth2.sdk.RefreshTokenGrant(other.tokens().getRefreshToken()))
                .indicatesSuccess(), "the other person's session goes on");
    }

    @Test
    void aScimDeactivationReachesTheApplication() throws Exception {
        App app = newProjectApp();
        OidcRp.SignedIn s = app.rp().signInAndExchange(new Browser(), Api.unique("scim-off") + "@example.com");
        Instant ended = Instant.now();
        app.rp().scimDeactivate(s.userId());
        arrives(app, s, ended, "SCIM deactivation");
    }

    @Test
    void aScimDeletionReachesTheApplication() throws Exception {
        App app = newProjectApp();
        OidcRp.SignedIn s = app.rp().signInAndExchange(new Browser(), Api.unique("scim-del") + "@example.com");
        Instant ended = Instant.now();
        app.rp().scimDelete(s.userId());
        arrives(app, s, ended, "SCIM DELETE");
    }

    @Test
    void anAdminDeactivationThroughTheManagementApiReachesTheApplication() throws Exception {
        App app = newProjectApp();
        OidcRp.SignedIn s = app.rp().signInAndExchange(new Browser(), Api.unique("admin-off") + "@example.com");
        Instant ended = Instant.now();
        Api.Reply off = app.rp().api.put("/api/v1/projects/" + app.rp().project + "/users/" + s.userId(), object("active", false));
        assertEquals(200, off.status(), off.text());
        arrives(app, s, ended, "admin deactivation");
    }

    @Test
    void anIdpInitiatedSingleLogoutReachesTheApplication() throws Exception {
        Api api = Api.admin(base);
        String project = Fixtures.project(api);
        String id = "https://idp-" + UUID.randomUUID() + ".test";
        MockIdentityProvider idp = new MockIdentityProvider(id + "/metadata", id + "/sso", id + "/slo", SpKeyPair.generate("Test IdP"));
        Api.Reply sso = api.put("/api/v1/projects/" + project + "/sso", object("idpMetadataXml", idp.metadataXml(), "jitEnabled", true));
        assertEquals(200, sso.status(), sso.text());
        String name = Api.unique("app");
        App app = app(OidcRp.register(api, project, false, receiver.uri(name)), name);

        // the SP-initiated sign-in the authorization starts, answered by the test's IdP
        Browser browser = new Browser();
        OidcRp.Started started = app.rp().authorization();
        Browser.Page init = browser.get(started.request().toString());
        assertEquals(302, init.status(), init.toString());
        Browser.Page toIdp = browser.get(init.location());
        assertEquals(302, toIdp.status(), toIdp.toString());
        assertTrue(toIdp.location().startsWith(id + "/sso?"), toIdp.location());
        Map<String, String> query = OidcRp.query(URI.create(toIdp.location()));
        Matcher requestId = Pattern.compile(" ID=\"([^\"]+)\"").matcher(inflate(query.get("SAMLRequest")));
        assertTrue(requestId.find());
        MockIdentityProvider.Options options = MockIdentityProvider.Options.forSp(sso.json().path("acsUrl").asText(),
                sso.json().path("entityId").asText());
        options.inResponseTo = requestId.group(1);
        String email = Api.unique("slo") + "@example.com";
        String xml = idp.responseXml(new MockIdentityProvider.Person(email, "Jane", "Doe", null), options);
        Browser.Page acs = browser.post(sso.json().path("acsUrl").asText(),
                Map.of("SAMLResponse", MockIdentityProvider.base64(xml), "RelayState", query.get("RelayState")));
        assertEquals(302, acs.status(), acs.toString());
        Browser.Page answered = browser.get(acs.location());
        assertEquals(302, answered.status(), answered.toString());
        Map<String, String> callback = OidcRp.query(URI.create(answered.location()));
        assertEquals(started.state().getValue(), callback.get("state"));
        OIDCTokens tokens = tokens(app.rp().exchange(callback.get("code"), started.verifier()));
        OidcRp.SignedIn s = new OidcRp.SignedIn(browser, tokens, app.rp().validate(tokens.getIDToken(), started.nonce()));

        // the IdP's LogoutRequest, from another browser (a front-channel hop through the IdP's other sessions)
        String sloUrl = sso.json().path("singleLogoutUrl").asText();
        String logoutRequest = idp.logoutRequestXml(email, options.sessionIndex, sloUrl, true);
        Instant ended = Instant.now();
        Browser.Page slo = new Browser().post(sloUrl, Map.of("SAMLRequest", MockIdentityProvider.base64(logoutRequest)));
        assertTrue(slo.status() == 200 || slo.status() == 302 || slo.status() == 303, slo.toString());
        arrives(app, s, ended, "IdP-initiated Single Logout");
    }

    @Test
    void aReceiverAnswering500IsRetriedTenSecondsLaterAndThenDelivered() throws Exception {
        App app = newProjectApp();
        receiver.answer(app.name(), 500);
        OidcRp.SignedIn s = app.rp().signInAndExchange(new Browser(), Api.unique("retry") + "@example.com");
        Instant ended = Instant.now();
        app.rp().scimDeactivate(s.userId());
        LogoutReceiver.Received first = arrives(app, s, ended, "the attempt answered 500");
        LogoutReceiver.Received second = receiver.next(app.name(), Duration.ofSeconds(30));
        assertNotNull(second, "retried");
        Duration gap = Duration.between(first.at(), second.at());
        System.out.println("BackchannelLogoutIT: first retry " + gap.toMillis() + " ms after the failed attempt");
        assertTrue(gap.compareTo(Duration.ofSeconds(9)) >= 0 && gap.compareTo(Duration.ofSeconds(20)) < 0,
                "the first retry comes about 10 s later (LogoutDelivery.FIRST_RETRY): " + gap);
        validate(app.rp(), s, second);
        assertTrue(receiver.drain(app.name()).isEmpty(), "one retry, as it succeeded");

        // the audit log says what happened: failed, retrying; then delivered
        String audit = "/api/v1/projects/" + app.rp().project + "/audit?action=oidc.backchannel-logout&targetId="
                + app.rp().applicationId;
        JsonNode items = null;
        for (Instant until = Instant.now().plusSeconds(10); Instant.now().isBefore(until); Thread.sleep(200)) {
            items = app.rp().api.get(audit).json().path("items");
            if (items.size() == 2) {
                break;
            }
        }
        assertNotNull(items);
        assertEquals(2, items.size(), items.toString());
        List<String> summaries = new ArrayList<>();
        items.forEach(item -> summaries.add(item.path("summary").asText()));
        assertTrue(summaries.stream().anyMatch(t -> t.contains("delivered") && t.contains("(200,")), summaries.toString());
        assertTrue(summaries.stream().anyMatch(t -> t.contains("failed, retrying")), summaries.toString());
        assertTrue(items.toString().contains("answered 500"), items.toString());
    }

    @Test
    void fiveApplicationsSignedInToInOneSessionAreAllTold() throws Exception {
        App first = newProjectApp();
        List<App> apps = new ArrayList<>(List.of(first));
        for (int i = 1; i < 5; i++) {
            apps.add(anotherApp(first.rp()));
        }
        Browser browser = new Browser();
        List<OidcRp.SignedIn> signedIn = new ArrayList<>();
        signedIn.add(first.rp().signInAndExchange(browser, Api.unique("fan") + "@example.com"));
        for (App app : apps.subList(1, apps.size())) {
            signedIn.add(fromTheLiveSession(app.rp(), browser)); // no IdP round trip: the session answers
        }
        String sid = signedIn.get(0).id().getStringClaim("sid");
        for (OidcRp.SignedIn s : signedIn) {
            assertEquals(sid, s.id().getStringClaim("sid"), "one session");
        }

        Instant ended = Instant.now();
        signOutInTheMemberArea(first.rp(), browser);
        Duration last = Duration.ZERO;
        List<Long> each = new ArrayList<>();
        for (int i = 0; i < apps.size(); i++) {
            LogoutReceiver.Received got = arrives(apps.get(i), signedIn.get(i), ended, "fan-out " + (i + 1));
            Duration took = Duration.between(ended, got.at());
            each.add(took.toMillis());
            last = took.compareTo(last) > 0 ? took : last;
        }
        System.out.println("BackchannelLogoutIT: fan-out to 5 applications after a member-area sign-out: arrivals "
                + each + " ms after the sign-out request, all within " + last.toMillis() + " ms");
        for (App app : apps) {
            assertTrue(receiver.drain(app.name()).isEmpty(), "each application is told once");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The member area's sign-out button: GET the page for its CSRF token, POST the form. */
    private static void signOutInTheMemberArea(OidcRp rp, Browser browser) {
        String area = rp.api.base() + "/app/" + rp.project;
        Browser.Page me = browser.get(area + "/me");
        assertEquals(200, me.status(), me.toString());
        Browser.Page out = browser.post(area + "/logout", Map.of("csrf", me.hidden("csrf")));
        assertEquals(302, out.status(), out.toString());
        assertEquals(401, browser.getJson(area + "/me").status(), "signed out");
    }

    /** A second application of the project authorized from the browser's live session, its code exchanged. */
    private static OidcRp.SignedIn fromTheLiveSession(OidcRp rp, Browser browser) throws Exception {
        OidcRp.Started started = rp.authorization();
        Browser.Page page = browser.get(started.request().toString());
        assertEquals(302, page.status(), page.toString());
        assertTrue(page.location().startsWith(rp.redirectUri + "?code="), page.location());
        String code = OidcRp.query(URI.create(page.location())).get("code");
        OIDCTokens tokens = tokens(rp.exchange(code, started.verifier()));
        return new OidcRp.SignedIn(browser, tokens, rp.validate(tokens.getIDToken(), started.nonce()));
    }

    /** The logout token the application's receiver gets within {@link #ARRIVAL}, validated. */
    private static LogoutReceiver.Received arrives(App app, OidcRp.SignedIn s, Instant ended, String what) throws Exception {
        LogoutReceiver.Received got = receiver.next(app.name(), ARRIVAL);
        assertNotNull(got, what + ": the application received no back-channel logout within " + ARRIVAL.toSeconds() + " s");
        System.out.println("BackchannelLogoutIT: " + what + " -> logout token after " + Duration.between(ended, got.at()).toMillis()
                + " ms");
        validate(app.rp(), s, got);
        return got;
    }

    /** As a relying party validates it (Back-Channel Logout 1.0 section 2.6), and the claims the ID token agreed on. */
    static LogoutTokenClaimsSet validate(OidcRp rp, OidcRp.SignedIn s, LogoutReceiver.Received got) throws Exception {
        assertEquals("POST", got.method());
        assertTrue(got.contentType() != null && got.contentType().startsWith("application/x-www-form-urlencoded"), got.contentType());
        assertNotNull(got.logoutToken(), "a logout_token parameter: " + got.body());
        SignedJWT jwt = SignedJWT.parse(got.logoutToken());
        assertEquals(new JOSEObjectType("logout+jwt"), jwt.getHeader().getType());
        assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());

        JWKSet keys = JWKSet.load(rp.metadata.getJWKSetURI().toURL());
        LogoutTokenValidator validator = new LogoutTokenValidator(new Issuer(rp.issuer), new ClientID(rp.clientId), true,
                new JWSVerificationKeySelector<SecurityContext>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(keys)), null);
        LogoutTokenClaimsSet claims = validator.validate(jwt);
        IDTokenClaimsSet id = s.id();
        assertEquals(rp.issuer, claims.getIssuer().getValue());
        assertEquals(List.of(new Audience(rp.clientId)), claims.getAudience());
        assertEquals(id.getSubject(), claims.getSubject());
        assertNotNull(claims.getSessionID(), "sid: backchannel_logout_session_supported");
        assertEquals(id.getStringClaim("sid"), claims.getSessionID().getValue());

        JWTClaimsSet raw = jwt.getJWTClaimsSet();
        assertNull(raw.getClaim("nonce"), "a logout token has no nonce");
        Map<String, Object> events = raw.getJSONObjectClaim("events");
        assertEquals(java.util.Set.of(EVENT), events.keySet(), raw.toString());
        assertEquals(Map.of(), events.get(EVENT), raw.toString());
        assertNotNull(raw.getJWTID());
        assertNotNull(raw.getIssueTime());
        assertTrue(raw.getExpirationTime() != null && raw.getExpirationTime().after(raw.getIssueTime()), raw.toString());
        return claims;
    }

    private static OIDCTokens tokens(com.nimbusds.oauth2.sdk.http.HTTPResponse answer) throws Exception {
        var parsed = OidcRp.parse(answer);
        assertTrue(parsed.indicatesSuccess(), () -> answer.getStatusCode() + " " + answer.getBody());
        return ((OIDCTokenResponse) parsed.toSuccessResponse()).getOIDCTokens();
    }

    private static String inflate(String base64) throws Exception {
        byte[] deflated = Base64.getMimeDecoder().decode(base64);
        try (var in = new InflaterInputStream(new ByteArrayInputStream(deflated), new Inflater(true))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
