package io.gatehouse.it.oidc;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.gatehouse.it.Api;
import io.gatehouse.it.Browser;
import io.gatehouse.it.Fixtures;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;

/**
 * The relying party side of the provider tests, built on Nimbus's client classes (request building,
 * token response parsing, ID token validation against the published JWKS): what an application
 * using that library does. The browser side goes through the development mock IdP.
 */
public final class OidcRp {
    public final Api api;
    public final String project;
    public final String issuer;
    public final OIDCProviderMetadata metadata;
    final String clientId;
    final String clientSecret;
    final String applicationId;
    final String redirectUri;

    private OidcRp(Api api, String project, JsonNode app, String redirectUri) throws Exception {
        this.api = api;
        this.project = project;
        this.issuer = app.path("issuer").asText();
        this.clientId = app.path("clientId").asText();
        this.clientSecret = app.hasNonNull("clientSecret") ? app.path("clientSecret").asText() : null;
        this.applicationId = app.path("id").asText();
        this.redirectUri = redirectUri;
        this.metadata = OIDCProviderMetadata.resolve(new Issuer(issuer));
    }

    /** A project signing in through the mock IdP (JIT on), with one application registered. */
    public static OidcRp start(URL base, boolean publicClient, String backchannelUri) throws Exception {
        Api api = Api.admin(base);
        String project = Fixtures.project(api);
        // the mock IdP makes its key on first use; on a loaded machine that once outlasted the metadata fetch's timeout
        assertEquals(200, api.get("/dev/idp/metadata").status(), "the mock IdP answers");
        Api.Reply sso = api.put("/api/v1/projects/" + project + "/sso",
                object("idpMetadataUrl", api.base() + "/dev/idp/metadata", "jitEnabled", true));
        assertEquals(200, sso.status(), sso.text());
        assertTrue(sso.json().hasNonNull("idpMetadataFetchedAt") && !sso.json().hasNonNull("idpMetadataError"),
                "the IdP metadata was fetched: " + sso.text());
        return register(api, project, publicClient, backchannelUri);
    }

    static OidcRp register(Api api, String project, boolean publicClient, String backchannelUri) throws Exception {
        String redirect = "http://localhost:1/callback/" + Api.unique("app");
        var body = object("name", Api.unique("App"), "public", publicClient, "backchannelLogoutUri", backchannelUri);
        body.putArray("redirectUris").add(redirect);
        body.putArray("postLogoutRedirectUris").add(redirect + "/signed-out");
        Api.Reply app = api.post("/api/v1/projects/" + project + "/applications", body);
        assertEquals(201, app.status(), app.text());
        return new OidcRp(api, project, app.json(), redirect);
    }

    record Started(URI request, State state, Nonce nonce, CodeVerifier verifier) {
    }

    Started authorization(String... prompt) throws Exception {
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        AuthenticationRequest.Builder request = new AuthenticationRequest.Builder(ResponseType.CODE,
                new Scope("openid", "profile", "email"), new ClientID(clientId), URI.create(redirectUri))
                .endpointURI(metadata.getAuthorizationEndpointURI()).state(state).nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256);
        if (prompt.length > 0) {
            request.prompt(com.nimbusds.openid.connect.sdk.Prompt.parse(prompt[0]));
        }
        return new Started(request.build().toURI(), state, nonce, verifier);
    }

    /**
     * Follows the browser from the authorization request through the mock IdP's form until Gatehouse
     * redirects to the application; returns that redirect (with code, or error).
     */
    static URI signIn(Browser browser, URI authorization, String email, String groups) {
        Browser.Page page = browser.get(authorization.toString());
        for (int hops = 0; hops < 10; hops++) {
            assertEquals(302, page.status(), page.toString());
            String location = page.location();
            if (location.startsWith("http://localhost:1/")) {
                return URI.create(location);
            }
            if (location.contains("/dev/idp/sso?")) {
                Browser.Page form = browser.get(location);
                Browser.Page post = browser.post(location.substring(0, location.indexOf('?')), Map.of("acs", form.hidden("acs"),
                        "audience", form.hidden("audience"), "inResponseTo", form.hidden("inResponseTo"),
                        "relayState", form.hidden("relayState"), "email", email, "givenName", "Given", "familyName", "Family",
                        "groups", groups));
                assertEquals(200, post.status(), post.toString());
                page = browser.post(post.formAction(), Map.of("SAMLResponse", post.hidden("SAMLResponse"),
                        "RelayState", post.hidden("RelayState")));
            } else {
                page = browser.get(location);
            }
        }
        throw new AssertionError("no redirect to the application after 10 hops");
    }

    /** A person signed in to this application through the mock IdP, with the tokens of the code exchange. */
    public record SignedIn(Browser browser, OIDCTokens tokens, IDTokenClaimsSet id) {
        String userId() {
            return id.getSubject().getValue();
        }
    }

    /** Authorization through the mock IdP as {@code email}, the code exchanged, the ID token validated. */
    public SignedIn signInAndExchange(Browser browser, String email) throws Exception {
        Started started = authorization();
        Map<String, String> q = query(signIn(browser, started.request(), email, ""));
        assertEquals(started.state().getValue(), q.get("state"));
        TokenResponse answer = parse(exchange(q.get("code"), started.verifier()));
        assertTrue(answer.indicatesSuccess(), () -> "tokens: " + answer.toErrorResponse().getErrorObject().toJSONObject());
        OIDCTokens tokens = ((OIDCTokenResponse) answer.toSuccessResponse()).getOIDCTokens();
        return new SignedIn(browser, tokens, validate(tokens.getIDToken(), started.nonce()));
    }

    /** SCIM as the identity provider sends it, with a new SCIM token of the project: PATCH active=false. */
    void scimDeactivate(String userId) throws Exception {
        scimSetActive(userId, false);
    }

    /** SCIM PATCH of active, as the identity provider sends it. */
    void scimSetActive(String userId, boolean active) throws Exception {
        var patch = object("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
                "Operations", List.of(Map.of("op", "replace", "path", "active", "value", active)));
        Api.Reply reply = scim().send("PATCH", "/scim/v2/Users/" + userId, patch, Map.of("Content-Type", "application/scim+json"));
        assertEquals(200, reply.status(), reply.text());
    }

    /** SCIM DELETE of the user, as the identity provider sends it. */
    void scimDelete(String userId) throws Exception {
        Api.Reply reply = scim().delete("/scim/v2/Users/" + userId);
        assertEquals(204, reply.status(), reply.text());
    }

    private Api scim() throws Exception {
        return Api.withKey(new URL(api.base() + "/"), Fixtures.scimToken(api, project));
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> params = new java.util.HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
                    kv.length < 2 ? "" : java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        return params;
    }

    ClientAuthentication basic() {
        return new ClientSecretBasic(new ClientID(clientId), new Secret(clientSecret));
    }

    HTTPResponse exchange(String code, CodeVerifier verifier) throws Exception {
        return token(new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(redirectUri), verifier));
    }

    public HTTPResponse token(AuthorizationGrant grant) throws Exception {
        TokenRequest request = clientSecret == null
                ? new TokenRequest(metadata.getTokenEndpointURI(), new ClientID(clientId), grant)
                : new TokenRequest(metadata.getTokenEndpointURI(), basic(), grant);
        return request.toHTTPRequest().send();
    }

    static TokenResponse parse(HTTPResponse response) throws Exception {
        return OIDCTokenResponseParser.parse(response);
    }

    /** The ID token checked as a client library checks it: signature by a key of the JWKS, issuer, audience, nonce, times. */
    IDTokenClaimsSet validate(JWT idToken, Nonce nonce) throws Exception {
        IDTokenValidator validator = new IDTokenValidator(new Issuer(issuer), new ClientID(clientId), JWSAlgorithm.RS256,
                metadata.getJWKSetURI().toURL());
        return validator.validate(idToken, nonce);
    }

    static void assertRedirectError(URI redirect, String error) {
        Map<String, String> q = query(redirect);
        assertEquals(error, q.get("error"), redirect.toString());
        assertTrue(!q.containsKey("code"), "no code: " + redirect);
    }

    static List<String> strings(Object claim) {
        @SuppressWarnings("unchecked")
        List<String> list = (List<String>) claim;
        return list;
    }
}
