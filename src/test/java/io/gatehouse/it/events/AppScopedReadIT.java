package io.gatehouse.it.events;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.gatehouse.it.Api;
import io.gatehouse.it.Fixtures;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An application reads its project's directory with its own credential: the client credentials
 * grant (directory.read), requested and parsed by Nimbus's client classes as an application does,
 * and the token used on the management API. Every check is tried with the attack it stops: another
 * project's path, a write, another resource, another scope, a public client, a wrong secret, a removed
 * application, an expired, tampered or unsigned token, a person's token that asked for directory.read,
 * and the credential offered where a person's token belongs (userinfo). Whatever is refused, the
 * directory is read afterwards with the admin key to show that nothing changed.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AppScopedReadIT {
    @ArquillianResource
    URL base;

    /** A project with a role given by a group: alice is in "Editors" (role Editor), bob in no group (default role Member). */
    private record Directory(Api admin, String project, String alice, String bob, String editors, AppClient app) {
        String path(String rest) {
            return "/api/v1/projects/" + project + rest;
        }
    }

    private Directory directory(int accessTokenSeconds) throws Exception {
        Api admin = Api.admin(base);
        String project = Fixtures.project(admin);
        String editor = Fixtures.role(admin, project, "Editor");
        String editors = Fixtures.group(admin, project, "Editors", editor);
        String alice = Fixtures.user(admin, project, Api.unique("alice") + "@example.com");
        String bob = Fixtures.user(admin, project, Api.unique("bob") + "@example.com");
        Fixtures.addMember(admin, project, editors, alice);
        return new Directory(admin, project, alice, bob, editors, AppClient.register(admin, project, false, accessTokenSeconds));
    }

    // ---------------------------------------------------------------- the grant and the reads

    @Test
    void theApplicationsTokenReadsItsProjectsUsersWithTheirRolesGroupsAndMembers() throws Exception {
        Directory a = directory(120);
        AppClient app = a.app();
        assertTrue(app.metadata.getGrantTypes().contains(GrantType.CLIENT_CREDENTIALS), "discovery lists the grant");
        assertTrue(app.metadata.getScopes().contains("directory.read"), "discovery lists the scope");

        HTTPResponse http = app.clientCredentials(app.basic(), null);
        assertEquals(200, http.getStatusCode(), http.getBody());
        assertEquals("no-store", http.getCacheControl());
        AccessTokenResponse answer = (AccessTokenResponse) TokenResponse.parse(http).toSuccessResponse();
        AccessToken token = answer.getTokens().getAccessToken();
        assertEquals(AccessTokenType.BEARER, token.getType());
        assertEquals(120, token.getLifetime(), "expires_in is the application's access token lifetime");
        assertEquals(Scope.parse("directory.read"), token.getScope(), "no scope asked: directory.read");
        assertNull(answer.getTokens().getRefreshToken(), "no refresh token");
        assertFalse(http.getBodyAsJSONObject().containsKey("id_token"), "no ID token: " + http.getBody());
        assertCredentialClaims(app, token, 120);

        Api reader = app.as(token);
        Api.Reply users = reader.get(a.path("/users"));
        assertEquals(200, users.status(), users.text());
        assertEquals(2, users.json().path("total").asInt(), users.text());
        JsonNode alice = item(users.json().path("items"), a.alice());
        assertEquals("Editor", alice.path("effectiveRole").asText(), users.text());
        assertTrue(alice.path("roleReason").asText().contains("from group \"Editors\""), users.text());
        JsonNode bob = item(users.json().path("items"), a.bob());
        assertEquals("Member", bob.path("effectiveRole").asText(), users.text());
        assertTrue(bob.path("roleReason").asText().startsWith("Default role \"Member\""), users.text());

        Api.Reply one = reader.get(a.path("/users/" + a.alice()));
        assertEquals(200, one.status(), one.text());
        assertEquals("Editor", one.json().path("effectiveRole").asText());
        assertEquals(a.editors(), one.json().path("groups").get(0).path("id").asText(), one.text());
        String userName = one.json().path("userName").asText();
        Api.Reply byName = reader.get(a.path("/users?userName=" + java.net.URLEncoder.encode(userName, java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(1, byName.json().path("total").asInt(), byName.text());

        Api.Reply groups = reader.get(a.path("/groups"));
        assertEquals(200, groups.status(), groups.text());
        assertEquals(1, item(groups.json(), a.editors()).path("memberCount").asInt(), groups.text());
        Api.Reply group = reader.get(a.path("/groups/" + a.editors()));
        assertEquals(200, group.status(), group.text());
        assertEquals("Editors", group.json().path("displayName").asText());
        Api.Reply members = reader.get(a.path("/groups/" + a.editors() + "/members"));
        assertEquals(200, members.status(), members.text());
        assertEquals(List.of(a.alice()), ids(members.json().path("items")), members.text());

        // the project's events feed, the same the admin key reads
        Api.Reply events = reader.get(a.path("/events?after=0&limit=100"));
        assertEquals(200, events.status(), events.text());
        assertEquals(a.admin().get(a.path("/events?after=0&limit=100")).json(), events.json());
        List<String> created = new java.util.ArrayList<>();
        events.json().path("events").forEach(e -> {
            if (e.path("type").asText().equals("user.created")) {
                created.add(e.path("data").path("id").asText());
            }
        });
        assertTrue(created.containsAll(List.of(a.alice(), a.bob())), events.text());

        // the same read as any OAuth client library sends it: Nimbus's request with the token's own Authorization header
        HTTPRequest nimbus = new HTTPRequest(HTTPRequest.Method.GET, URI.create(a.admin().base() + a.path("/users/" + a.bob())));
        nimbus.setAuthorization(token.toAuthorizationHeader());
        HTTPResponse read = nimbus.send();
        assertEquals(200, read.getStatusCode(), read.getBody());
        assertEquals(a.bob(), read.getBodyAsJSONObject().getAsString("id"));

        // client_secret_post and the scope asked for explicitly give the same credential
        HTTPResponse posted = app.clientCredentials(app.post(app.clientSecret), Scope.parse("directory.read"));
        assertEquals(200, posted.getStatusCode(), posted.getBody());
        AccessToken second = ((AccessTokenResponse) TokenResponse.parse(posted).toSuccessResponse()).getTokens().getAccessToken();
        assertEquals(200, app.as(second).get(a.path("/groups")).status());
    }

    /** The token as a resource server checks it (RFC 9068): at+jwt, signed by a key of the JWKS, issuer, subject, audience, times. */
    private static void assertCredentialClaims(AppClient app, AccessToken token, int lifetime) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token.getValue());
        assertEquals(new JOSEObjectType("at+jwt"), jwt.getHeader().getType());
        RSAKey key = (RSAKey) JWKSet.load(app.metadata.getJWKSetURI().toURL()).getKeyByKeyId(jwt.getHeader().getKeyID());
        assertNotNull(key, "signed by a published key");
        assertTrue(jwt.verify(new RSASSAVerifier(key)), "the signature holds");
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertEquals(app.issuer(), claims.getIssuer());
        assertEquals(app.clientId, claims.getSubject(), "the subject is the client itself");
        assertEquals(app.clientId, claims.getStringClaim("client_id"));
        assertEquals(List.of(app.admin.base() + "/api/v1"), claims.getAudience(), "for the management API");
        assertEquals("directory.read", claims.getStringClaim("scope"));
        assertNotNull(claims.getJWTID());
        assertEquals(lifetime, (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000);
        assertNull(claims.getClaim("sid"), "no session: the token names no person");
    }

    // ---------------------------------------------------------------- another project

    @Test
    void aTokenOfProjectAReadsNothingOfProjectB() throws Exception {
        Directory a = directory(120);
        Directory b = directory(120);
        Api reader = a.app().as(a.app().credential());
        List<String> ofB = List.of(b.path("/users"), b.path("/users/" + b.alice()), b.path("/groups"), b.path("/groups/" + b.editors()),
                b.path("/groups/" + b.editors() + "/members"), b.path("/events"), b.path(""), b.path("/scim-tokens"));
        for (String path : ofB) {
            Api.Reply reply = reader.get(path);
            assertEquals(401, reply.status(), path + ": " + reply.text());
            assertEquals("unauthorized", reply.json().path("error").asText(), reply.text());
            assertTrue(reply.header("WWW-Authenticate").contains("invalid_token"), reply.header("WWW-Authenticate"));
            assertNoDirectoryData(reply, b);
        }
        // B's ids under A's path: A's project answers, and it has no such user or group
        assertEquals(404, reader.get(a.path("/users/" + b.alice())).status());
        assertEquals(404, reader.get(a.path("/groups/" + b.editors() + "/members")).status());
        // B's application at A's token endpoint is unknown there
        HTTPResponse foreign = b.app().clientCredentials(b.app().basic(), null);
        assertEquals(200, foreign.getStatusCode(), "the control: B's client at B's endpoint");
        var atA = new com.nimbusds.oauth2.sdk.TokenRequest(a.app().metadata.getTokenEndpointURI(), b.app().basic(),
                new com.nimbusds.oauth2.sdk.ClientCredentialsGrant(), null).toHTTPRequest().send();
        assertRefused(atA, 401, "invalid_client");
    }

    private static void assertNoDirectoryData(Api.Reply reply, Directory of) {
        assertFalse(reply.text().contains(of.alice()) || reply.text().contains(of.editors()) || reply.text().contains("userName"),
                "no data: " + reply.text());
    }

    // ---------------------------------------------------------------- writes and other resources

    @Test
    void everyWriteAndEveryOtherResourceIs403AndChangesNothing() throws Exception {
        Directory a = directory(120);
        Api reader = a.app().as(a.app().credential());
        String before = snapshot(a); // after the first token: it made the project's signing key, an audited change
        String name = a.admin().get(a.path("")).json().path("name").asText();
        List<Api.Reply> refused = new ArrayList<>(List.of(
                reader.post(a.path("/users"), object("userName", "intruder@example.com", "password", "a long enough password")),
                reader.put(a.path("/users/" + a.bob()), object("givenName", "Changed", "active", false)),
                reader.delete(a.path("/users/" + a.bob())),
                reader.send("PATCH", a.path("/users/" + a.bob()), object("active", false), Map.of()),
                reader.post(a.path("/groups"), object("displayName", "Intruders")),
                reader.put(a.path("/groups/" + a.editors()), object("displayName", "Renamed", "roleId", null)),
                reader.delete(a.path("/groups/" + a.editors())),
                reader.post(a.path("/groups/" + a.editors() + "/members"), object("userId", a.bob())),
                reader.delete(a.path("/groups/" + a.editors() + "/members/" + a.alice())),
                reader.put(a.path("/group-priority"), List.of(a.editors())),
                reader.post(a.path("/sync-regular-users"), null),
                // a write dressed as a read: the method is what counts, not a header that some frameworks honour
                reader.send("POST", a.path("/users"), object("userName", "override@example.com", "password", "a long enough password"),
                        Map.of("X-HTTP-Method-Override", "GET")),
                reader.get(a.path("/scim-tokens")),
                reader.post(a.path("/scim-tokens"), null),
                reader.get(a.path("/sso")),
                reader.get(a.path("/applications")),
                reader.get(a.path("/applications/" + a.app().id)),
                reader.post(a.path("/applications/" + a.app().id + "/secrets"), null),
                reader.get(a.path("/oidc/signing-keys")),
                reader.get(a.path("/roles")),
                reader.get(a.path("/audit")),
                reader.get(a.path("")),
                reader.put(a.path(""), object("name", "Renamed")),
                reader.delete(a.path("?confirm=" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8))),
                reader.get("/api/v1/projects"),
                reader.post("/api/v1/projects", object("name", Api.unique("ByApp"))),
                reader.get("/api/v1/admin-keys"),
                reader.post("/api/v1/admin-keys", object("name", "escalation")),
                reader.get("/api/v1/audit"),
                reader.get("/api/v1/nothing-here"),
                reader.get(a.path("/users/")),           // a trailing slash: not one of the exact reads
                reader.send("HEAD", a.path("/users"), null, Map.of())));
        for (Api.Reply reply : refused) {
            assertEquals(403, reply.status(), reply.toString());
            if (reply.json().has("error")) { // HEAD has no body
                assertEquals("forbidden", reply.json().path("error").asText(), reply.text());
                assertTrue(reply.json().path("message").asText().contains("only reads its project's directory"), reply.text());
            }
        }
        // spellings of a path that lead elsewhere: never admitted as a read, never an answer with data
        for (String path : List.of("/users/../scim-tokens", "/users/%2E%2E/scim-tokens", "/users%2F..%2Fscim-tokens",
                "/users;x=1/../../scim-tokens", "/groups/" + a.editors() + "/members/../../../applications")) {
            Api.Reply reply = reader.get(a.path(path));
            assertTrue(List.of(400, 403, 404).contains(reply.status()), path + ": " + reply);
            assertFalse(reply.text().contains("gh_scim_") || reply.text().contains("clientId"), path + ": " + reply.text());
        }
        assertEquals(before, snapshot(a), "nothing changed");
        assertEquals(200, reader.get(a.path("/users")).status(), "the control: the token itself reads");
    }

    /** What the attacks could have changed, read with the admin key. */
    private static String snapshot(Directory a) {
        Api admin = a.admin();
        List<String> parts = new ArrayList<>();
        for (String path : List.of("", "/users", "/users/" + a.alice(), "/users/" + a.bob(), "/groups", "/groups/" + a.editors(),
                "/groups/" + a.editors() + "/members", "/scim-tokens", "/applications/" + a.app().id + "/secrets", "/audit?limit=500")) {
            Api.Reply reply = admin.get(a.path(path));
            assertEquals(200, reply.status(), path + ": " + reply.text());
            parts.add(reply.text());
        }
        parts.add(String.valueOf(admin.get("/api/v1/projects").json().size()));
        parts.add(String.valueOf(admin.get("/api/v1/admin-keys").json().size()));
        return String.join("\n", parts);
    }

    // ---------------------------------------------------------------- the token endpoint's refusals

    @Test
    void theTokenEndpointRefusesOtherScopesPublicClientsAndWrongSecrets() throws Exception {
        Directory a = directory(120);
        AppClient app = a.app();
        for (String scope : List.of("openid", "directory.read openid", "directory.write", "profile email")) {
            assertRefused(app.clientCredentials(app.basic(), Scope.parse(scope)), 400, "invalid_scope");
        }

        AppClient spa = AppClient.register(a.admin(), a.project(), true, 120);
        assertRefused(spa.clientCredentialsWithoutSecret(null), 400, "unauthorized_client");
        assertRefused(spa.clientCredentialsWithoutSecret(Scope.parse("directory.read")), 400, "unauthorized_client");

        String wrong = app.clientSecret.substring(0, app.clientSecret.length() - 1) + (app.clientSecret.endsWith("A") ? "B" : "A");
        assertInvalidClient(app.clientCredentials(app.basic(wrong), null));
        assertInvalidClient(app.clientCredentials(app.post(wrong), null));
        assertInvalidClient(app.clientCredentials(app.basic(wrong), Scope.parse("openid")));  // the client is judged first: no scope probing
        assertInvalidClient(app.clientCredentialsWithoutSecret(null));                       // a confidential client without its secret

        // a revoked secret, as for every other grant
        Api.Reply rotated = a.admin().post(a.path("/applications/" + app.id + "/secrets"), null);
        assertEquals(201, rotated.status(), rotated.text());
        String oldSecretId = a.admin().get(a.path("/applications/" + app.id + "/secrets")).json().get(0).path("id").asText();
        assertEquals(204, a.admin().delete(a.path("/applications/" + app.id + "/secrets/" + oldSecretId)).status());
        assertInvalidClient(app.clientCredentials(app.basic(), null));
        assertEquals(200, app.clientCredentials(app.basic(rotated.json().path("clientSecret").asText()), null).getStatusCode(),
                "the control: the new secret works");
    }

    // ---------------------------------------------------------------- the token's end, forgeries, other tokens

    @Test
    void aRemovedApplicationsTokenStopsAtOnce() throws Exception {
        Directory a = directory(3600);
        Api reader = a.app().as(a.app().credential());
        assertEquals(200, reader.get(a.path("/users")).status(), "the control");
        assertEquals(204, a.admin().delete(a.path("/applications/" + a.app().id)).status());
        Api.Reply after = reader.get(a.path("/users"));
        assertEquals(401, after.status(), after.text());
        assertNoDirectoryData(after, a);
        assertInvalidClient(a.app().clientCredentials(a.app().basic(), null));
    }

    @Test
    void aDeletedProjectsTokenStopsAtOnce() throws Exception {
        Directory a = directory(3600);
        Api reader = a.app().as(a.app().credential());
        assertEquals(200, reader.get(a.path("/groups")).status(), "the control");
        String name = a.admin().get(a.path("")).json().path("name").asText();
        assertEquals(204, a.admin().delete(a.path("?confirm=" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8))).status());
        assertEquals(401, reader.get(a.path("/groups")).status());
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        Directory a = directory(5); // the shortest lifetime an application may have
        AccessToken token = a.app().credential();
        Api reader = a.app().as(token);
        assertEquals(200, reader.get(a.path("/users")).status(), "the control");
        long exp = SignedJWT.parse(token.getValue()).getJWTClaimsSet().getExpirationTime().getTime();
        Thread.sleep(Math.max(0, exp - System.currentTimeMillis()) + 1500);
        Api.Reply expired = reader.get(a.path("/users"));
        assertEquals(401, expired.status(), expired.text());
        assertNoDirectoryData(expired, a);
    }

    @Test
    void tamperedAndUnsignedTokensAreRefused() throws Exception {
        Directory a = directory(120);
        AccessToken token = a.app().credential();
        String[] parts = token.getValue().split("\\.");
        JWTClaimsSet claims = SignedJWT.parse(token.getValue()).getJWTClaimsSet();
        String widenedClaims = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new JWTClaimsSet.Builder(claims).claim("scope", "directory.read directory.write").build().toString()
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<String> forged = List.of(
                parts[0] + "." + widenedClaims + "." + parts[2],                // changed claims, the old signature
                parts[0] + "." + parts[1] + "." + flip(parts[2]),                    // a changed signature
                new PlainJWT(claims).serialize(),                                   // alg none
                parts[0] + "." + parts[1] + ".");                                   // the signature left off
        for (String value : forged) {
            Api.Reply reply = a.app().as(new BearerAccessToken(value)).get(a.path("/users"));
            assertEquals(401, reply.status(), value + ": " + reply.text());
            assertNoDirectoryData(reply, a);
        }
    }

    @Test
    void aPersonsTokenThatAskedForDirectoryReadAndAnIdTokenReadNothing() throws Exception {
        Directory a = directory(120);
        assertEquals(200, a.admin().get("/dev/idp/metadata").status(), "the mock IdP answers");
        Api.Reply sso = a.admin().put(a.path("/sso"), object("idpMetadataUrl", a.admin().base() + "/dev/idp/metadata", "jitEnabled", true));
        assertEquals(200, sso.status(), sso.text());
        OIDCTokens person = a.app().personSignsIn(Api.unique("person") + "@example.com", new Scope("openid", "directory.read"));
        String scope = SignedJWT.parse(person.getAccessToken().getValue()).getJWTClaimsSet().getStringClaim("scope");
        assertTrue(Scope.parse(scope).contains("directory.read"), "the attack is real: the person's token carries the scope " + scope);
        HTTPResponse info = new UserInfoRequest(a.app().metadata.getUserInfoEndpointURI(), person.getBearerAccessToken())
                .toHTTPRequest().send();
        assertTrue(UserInfoResponse.parse(info).indicatesSuccess(), "and is a valid token where it belongs: " + info.getBody());

        for (String value : List.of(person.getAccessToken().getValue(), person.getIDTokenString())) {
            Api.Reply reply = a.app().as(new BearerAccessToken(value)).get(a.path("/users"));
            assertEquals(401, reply.status(), reply.text());
            assertNoDirectoryData(reply, a);
        }
    }

    @Test
    void userinfoRefusesTheApplicationsToken() throws Exception {
        Directory a = directory(120);
        AccessToken token = a.app().credential();
        HTTPResponse answer = new UserInfoRequest(a.app().metadata.getUserInfoEndpointURI(), (BearerAccessToken) token)
                .toHTTPRequest().send();
        assertEquals(401, answer.getStatusCode(), answer.getBody());
        assertTrue(answer.getHeaderValue("WWW-Authenticate").contains("invalid_token"), answer.getHeaderValue("WWW-Authenticate"));
        assertFalse(UserInfoResponse.parse(answer).indicatesSuccess());
        String body = answer.getBody() == null ? "" : answer.getBody();
        assertFalse(body.contains("\"sub\""), "no claims: " + body);
    }

    // ---------------------------------------------------------------- helpers

    /** A token endpoint refusal: status, OAuth error, no-store, and nothing issued. */
    private static void assertRefused(HTTPResponse answer, int status, String error) throws Exception {
        String body = answer.getBody();
        assertEquals(status, answer.getStatusCode(), body);
        assertEquals(error, TokenErrorResponse.parse(answer).getErrorObject().getCode(), body);
        assertEquals("no-store", answer.getCacheControl(), body);
        assertFalse(body.contains("access_token"), "nothing issued: " + body);
    }

    private static void assertInvalidClient(HTTPResponse answer) throws Exception {
        assertRefused(answer, 401, "invalid_client");
    }

    private static JsonNode item(JsonNode items, String id) {
        for (JsonNode item : items) {
            if (id.equals(item.path("id").asText())) {
                return item;
            }
        }
        throw new AssertionError("no " + id + " in " + items);
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    /** One character in the middle changed, still base64url. */
    private static String flip(String part) {
        char[] chars = part.toCharArray();
        int i = chars.length / 2;
        chars[i] = chars[i] == 'A' ? 'B' : 'A';
        return new String(chars);
    }
}
