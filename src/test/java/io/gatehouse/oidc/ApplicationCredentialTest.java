package io.gatehouse.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.Scope;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules of an application's directory.read credential, without a server: which scope the grant
 * gives, which claims make a token one, and which management API requests it admits. Each refusal is
 * an attack: another scope asked for, a person's token offered, a path spelled to reach another resource.
 */
class ApplicationCredentialTest {
    private static final String P = "0b6c3f0e-9d7a-4a51-8f0e-2f1f5c2d9a10";
    private static final String AUDIENCE = "https://sso.example.com/api/v1";

    // ---------------------------------------------------------------- scope

    @Test
    void noScopeOrExactlyDirectoryReadIsGrantedAsDirectoryRead() {
        assertEquals("directory.read", ApplicationCredential.granted(null));
        assertEquals("directory.read", ApplicationCredential.granted(new Scope()));
        assertEquals("directory.read", ApplicationCredential.granted(Scope.parse("directory.read")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"openid", "directory.read openid", "directory.write", "directory.read directory.write", "profile",
            "DIRECTORY.READ", "offline_access"})
    void anyOtherScopeIsInvalidScope(String scope) {
        OAuthRefusal refusal = assertThrows(OAuthRefusal.class, () -> ApplicationCredential.granted(Scope.parse(scope)));
        assertEquals("invalid_scope", refusal.error().getCode());
        assertEquals(400, refusal.error().getHTTPStatusCode());
    }

    // ---------------------------------------------------------------- claims

    @Test
    void theGrantsTokenNamesItsApplication() {
        assertEquals(Optional.of("client-1"), ApplicationCredential.clientId(credential().build(), AUDIENCE));
    }

    @Test
    void aPersonsAccessTokenIsNotACredentialEvenWithDirectoryReadInItsScope() {
        // what the authorization code flow issues when the application asks for "openid directory.read"
        JWTClaimsSet person = credential().subject("user-id").audience(List.of("client-1"))
                .claim("scope", "openid directory.read").claim("sid", "session-1").build();
        assertEquals(Optional.empty(), ApplicationCredential.clientId(person, AUDIENCE));
        // the same with the audience forged could not be signed; still, a subject that is not the client is refused
        assertEquals(Optional.empty(), ApplicationCredential.clientId(credential().subject("user-id").build(), AUDIENCE));
    }

    @Test
    void anotherAudienceScopeOrAnExpiredTokenIsRefused() {
        assertEquals(Optional.empty(), ApplicationCredential.clientId(credential().build(), "https://other.example.com/api/v1"));
        assertEquals(Optional.empty(), ApplicationCredential.clientId(credential().audience((String) null).build(), AUDIENCE));
        assertEquals(Optional.empty(), ApplicationCredential.clientId(credential().claim("scope", "openid").build(), AUDIENCE));
        assertEquals(Optional.empty(), ApplicationCredential.clientId(credential().claim("scope", null).build(), AUDIENCE));
        assertEquals(Optional.empty(), ApplicationCredential.clientId(credential().claim("client_id", null).build(), AUDIENCE));
        assertEquals(Optional.empty(), ApplicationCredential.clientId(
                credential().expirationTime(new Date(System.currentTimeMillis() - 1000)).build(), AUDIENCE));
        assertEquals(Optional.empty(), ApplicationCredential.clientId(credential().expirationTime(null).build(), AUDIENCE));
    }

    private static JWTClaimsSet.Builder credential() {
        return new JWTClaimsSet.Builder().issuer("https://sso.example.com/oidc/" + P).subject("client-1")
                .audience(List.of(AUDIENCE)).issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + 60_000))
                .jwtID("jti").claim("client_id", "client-1").claim("scope", "directory.read");
    }

    // ---------------------------------------------------------------- what it may read

    @ParameterizedTest
    @ValueSource(strings = {"users", "users/5a1d2c3b-0000-4000-8000-000000000001", "groups", "groups/g-1", "groups/g-1/members",
            "events"})
    void theDirectoryReadsAreAdmitted(String resource) {
        assertTrue(ApplicationCredential.allows("GET", "projects/" + P + "/" + resource), resource);
        assertEquals(Optional.of(P), ApplicationCredential.projectOf("projects/" + P + "/" + resource));
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "get", "TRACE"})
    void noOtherMethodIsAdmitted(String method) {
        assertFalse(ApplicationCredential.allows(method, "projects/" + P + "/users"));
        assertFalse(ApplicationCredential.allows(method, "projects/" + P + "/groups/g-1/members"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"projects", "projects/" + P, "projects/" + P + "/scim-tokens", "projects/" + P + "/sso",
            "projects/" + P + "/applications", "projects/" + P + "/audit", "projects/" + P + "/roles",
            "projects/" + P + "/group-priority", "projects/" + P + "/oidc/signing-keys", "admin-keys", "audit",
            "projects/" + P + "/groups/g-1/members/u-1",                 // only DELETE lives there
            "projects/" + P + "/users/",                                 // a trailing slash
            "projects/" + P + "/users/u-1/",
            "projects/" + P + "/users/..",                               // dot segments
            "projects/" + P + "/users/../scim-tokens",
            "projects/" + P + "/users/%2E%2E/scim-tokens",               // escaped ones
            "projects/" + P + "/users%2F..%2Fscim-tokens",               // an escaped slash
            "projects/" + P + "/users;x=1",                              // matrix parameters
            "projects/" + P + ";x=1/users",
            "projects/" + P + "/Users",                                  // another case
            "projects/" + P + "//users",
            "/projects/" + P + "/users",
            "projects/" + P + "/users/u-1/extra",
            "projects/" + P + "/events/1",
            ""})
    void noOtherPathOrSpellingIsAdmitted(String path) {
        assertFalse(ApplicationCredential.allows("GET", path), path);
    }

    @Test
    void theProjectOfAPathIsItsFirstSegmentAfterProjects() {
        assertEquals(Optional.of(P), ApplicationCredential.projectOf("projects/" + P));
        assertEquals(Optional.of(P), ApplicationCredential.projectOf("projects/" + P + "/scim-tokens"));
        assertEquals(Optional.empty(), ApplicationCredential.projectOf("projects"));
        assertEquals(Optional.empty(), ApplicationCredential.projectOf("admin-keys"));
        assertEquals(Optional.empty(), ApplicationCredential.projectOf("projects/%2E%2E/users"));
    }

    @Test
    void theAudienceIsTheManagementApiUnderTheIssuersBaseUrl() {
        assertEquals("https://sso.example.com/api/v1", ApplicationCredential.audience("https://sso.example.com"));
    }
}
