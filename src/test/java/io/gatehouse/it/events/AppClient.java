package io.gatehouse.it.events;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.common.contenttype.ContentType;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.gatehouse.it.Api;
import io.gatehouse.it.Browser;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An application registered in a project, as the application itself talks to Gatehouse: Nimbus's
 * client classes build and send the token requests (client credentials with client_secret_basic or
 * client_secret_post; for the attacks, a person's authorization code flow) and parse the answers.
 */
final class AppClient {
    final Api admin;
    final String project;
    final String id;
    final String clientId;
    final String clientSecret;
    final String redirectUri;
    final OIDCProviderMetadata metadata;

    private AppClient(Api admin, String project, Api.Reply registered, String redirectUri) throws Exception {
        this.admin = admin;
        this.project = project;
        this.id = registered.id();
        this.clientId = registered.json().path("clientId").asText();
        this.clientSecret = registered.json().hasNonNull("clientSecret") ? registered.json().path("clientSecret").asText() : null;
        this.redirectUri = redirectUri;
        this.metadata = OIDCProviderMetadata.resolve(new Issuer(registered.json().path("issuer").asText()));
    }

    /** Registers an application in the project through the management API, as an operator does. */
    static AppClient register(Api admin, String project, boolean publicClient, int accessTokenSeconds) throws Exception {
        String redirect = "http://localhost:1/callback/" + Api.unique("app");
        var body = object("name", Api.unique("Directory reader"), "public", publicClient, "accessTokenSeconds", accessTokenSeconds);
        body.putArray("redirectUris").add(redirect);
        Api.Reply app = admin.post("/api/v1/projects/" + project + "/applications", body);
        assertEquals(201, app.status(), app.text());
        return new AppClient(admin, project, app, redirect);
    }

    String issuer() {
        return metadata.getIssuer().getValue();
    }

    ClientAuthentication basic() {
        return basic(clientSecret);
    }

    ClientAuthentication basic(String secret) {
        return new ClientSecretBasic(new ClientID(clientId), new Secret(secret));
    }

    ClientAuthentication post(String secret) {
        return new ClientSecretPost(new ClientID(clientId), new Secret(secret));
    }

    /** The client credentials grant, sent by Nimbus; scope null leaves the parameter out. */
    HTTPResponse clientCredentials(ClientAuthentication auth, Scope scope) throws Exception {
        return new TokenRequest(metadata.getTokenEndpointURI(), auth, new ClientCredentialsGrant(), scope).toHTTPRequest().send();
    }

    /**
     * The same grant from a client without a secret (a public application): client_id only. Nimbus's
     * TokenRequest will not build that (the grant requires client authentication), so the form is
     * the grant's own parameters plus client_id, serialised and sent by Nimbus's HTTPRequest.
     */
    HTTPResponse clientCredentialsWithoutSecret(Scope scope) throws Exception {
        Map<String, List<String>> form = new HashMap<>(new ClientCredentialsGrant().toParameters());
        form.put("client_id", List.of(clientId));
        if (scope != null) {
            form.put("scope", List.of(scope.toString()));
        }
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, metadata.getTokenEndpointURI());
        request.setEntityContentType(ContentType.APPLICATION_URLENCODED);
        request.setBody(URLUtils.serializeParameters(form));
        return request.send();
    }

    /** A directory.read token, the answer checked to be a success as Nimbus reads it. */
    AccessToken credential() throws Exception {
        HTTPResponse http = clientCredentials(basic(), null);
        TokenResponse answer = TokenResponse.parse(http);
        assertTrue(answer.indicatesSuccess(), () -> http.getStatusCode() + " " + http.getBody());
        return ((AccessTokenResponse) answer.toSuccessResponse()).getTokens().getAccessToken();
    }

    /** The management API as this application, with its token. */
    Api as(AccessToken token) {
        try {
            return Api.withKey(URI.create(admin.base() + "/").toURL(), token.getValue());
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A person's tokens for this application through the development mock IdP, the authorization
     * asking for {@code scope}: what an application would do to get a person's token carrying a
     * scope of its choice.
     */
    OIDCTokens personSignsIn(String email, Scope scope) throws Exception {
        CodeVerifier verifier = new CodeVerifier();
        URI authorization = new AuthenticationRequest.Builder(ResponseType.CODE, scope, new ClientID(clientId), URI.create(redirectUri))
                .endpointURI(metadata.getAuthorizationEndpointURI()).state(new State()).nonce(new Nonce())
                .codeChallenge(verifier, CodeChallengeMethod.S256).build().toURI();
        String code = query(signIn(new Browser(), authorization, email)).get("code");
        assertTrue(code != null, "a code came back");
        HTTPResponse http = new TokenRequest(metadata.getTokenEndpointURI(), basic(),
                new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(redirectUri), verifier)).toHTTPRequest().send();
        TokenResponse answer = OIDCTokenResponseParser.parse(http);
        assertTrue(answer.indicatesSuccess(), () -> http.getStatusCode() + " " + http.getBody());
        return ((OIDCTokenResponse) answer.toSuccessResponse()).getOIDCTokens();
    }

    /** The browser from the authorization request through the mock IdP's form back to the application's redirect. */
    private static URI signIn(Browser browser, URI authorization, String email) {
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
                        "groups", ""));
                assertEquals(200, post.status(), post.toString());
                page = browser.post(post.formAction(), Map.of("SAMLResponse", post.hidden("SAMLResponse"),
                        "RelayState", post.hidden("RelayState")));
            } else {
                page = browser.get(location);
            }
        }
        throw new AssertionError("no redirect to the application after 10 hops");
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return params;
    }
}
