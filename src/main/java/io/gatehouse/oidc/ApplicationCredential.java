package io.gatehouse.oidc;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.Scope;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An application's own credential for reading its project's directory: the access token of the
 * client credentials grant (RFC 6749 4.4), with the one scope that grant gives, {@code directory.read},
 * and the management API as its audience (RFC 9068 section 3). The audience is what keeps a person's
 * access token out: that one's audience is the application, whatever scope its authorization request
 * asked for (the authorization endpoint passes unknown scopes through), so it never reads the directory.
 *
 * <p>What the credential may do is a fixed list of reads, matched on the encoded path exactly as it
 * came: a path with anything else in it (a dot segment, a percent escape, a matrix parameter, a
 * trailing slash) is not on the list, so no spelling of a path reaches another resource.
 */
final class ApplicationCredential {
    static final String SCOPE = "directory.read";
    static final String REFUSED = "An application credential (scope directory.read) only reads its project's directory: "
            + "GET users, groups, group members and events";
    static final String PUBLIC_CLIENT =
            "The client credentials grant is for confidential applications; a public application has no credential";

    private static final String ID = "[A-Za-z0-9_-]{1,64}";
    /** The reads, relative to /api/v1; group 1 is the project. */
    private static final Pattern READS = Pattern.compile(
            "projects/(" + ID + ")/(?:users(?:/" + ID + ")?|groups(?:/" + ID + "(?:/members)?)?|events)");
    /** Any project-scoped path: the project a token is checked against, even where the answer is 403. */
    private static final Pattern PROJECT_PATH = Pattern.compile("projects/(" + ID + ")(?:/.*)?");

    private ApplicationCredential() {
    }

    /** The management API's address as an audience: the same base URL the project's issuer is made of. */
    static String audience(String baseUrl) {
        return baseUrl + "/api/v1";
    }

    /** The scope granted: directory.read when it or nothing is asked for; anything else is invalid_scope. */
    static String granted(Scope requested) {
        if (requested == null || requested.isEmpty() || (requested.size() == 1 && requested.contains(SCOPE))) {
            return SCOPE;
        }
        throw new OAuthRefusal(OAuth2Error.INVALID_SCOPE, "The client credentials grant gives the scope " + SCOPE + " only");
    }

    /**
     * The client id of the application a verified access token was issued to by this grant: not
     * expired, for the management API, with directory.read, its subject the client itself (a person's
     * token names the person). Empty for any other token of the project.
     */
    static Optional<String> clientId(JWTClaimsSet claims, String audience) {
        Object clientId = claims.getClaim("client_id");
        Object scope = claims.getClaim("scope");
        if (TokenSigner.expired(claims) || claims.getAudience() == null || !claims.getAudience().contains(audience)
                || !(clientId instanceof String client) || !client.equals(claims.getSubject())
                || !(scope instanceof String scopes) || !Scope.parse(scopes).contains(SCOPE)) {
            return Optional.empty();
        }
        return Optional.of(client);
    }

    /** Whether this request is one of the reads the credential allows (path relative to /api/v1, still encoded). */
    static boolean allows(String method, String path) {
        return "GET".equals(method) && READS.matcher(path).matches();
    }

    /** The project a project-scoped path names (the credential is verified against it), or empty. */
    static Optional<String> projectOf(String path) {
        Matcher m = PROJECT_PATH.matcher(path);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
