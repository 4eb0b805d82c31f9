package io.gatehouse.oidc;

import com.nimbusds.jwt.SignedJWT;
import io.gatehouse.admin.ApiCaller;
import io.gatehouse.audit.Actor;
import io.gatehouse.platform.ApiError;
import io.gatehouse.platform.BaseUrl;
import io.gatehouse.platform.Database;
import io.gatehouse.project.Project;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.text.ParseException;
import java.util.Optional;

/**
 * The management API's second kind of caller: an application with its directory.read token
 * ({@link ApplicationCredential}), sent as {@code Authorization: Bearer <JWT>}. Runs before the admin
 * key filter, which leaves an authenticated caller alone; an admin key is no JWT, so it is never
 * taken for one here. The token is verified against the project in the path (a token of another
 * project fails there: 401), must still belong to an application of that project (removing the
 * application ends its tokens at once), and then admits the listed reads only; everything else is
 * 403 and runs nothing.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
@ApplicationScoped
public class ApplicationCredentialFilter implements ContainerRequestFilter {
    private static final String BEARER = "Bearer ";

    @Inject
    TokenSigner signer;
    @Inject
    Database database;
    @Inject
    ApiCaller caller;
    /** The container's current request (a CDI built-in bean): the base URL the issuer is made of. */
    @Inject
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<SignedJWT> jwt = bearerJwt(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (jwt.isEmpty()) {
            return; // an admin key, or no credential: the admin key filter's to judge
        }
        String path = relativePath(request);
        String baseUrl = BaseUrl.of(servletRequest);
        Optional<String> clientId = ApplicationCredential.projectOf(path).or(() -> issuingProject(jwt.get(), baseUrl))
                .flatMap(project -> application(project, jwt.get().getParsedString(), baseUrl));
        if (clientId.isEmpty()) {
            request.abortWith(Response.fromResponse(ApiError.response(401,
                            "The application's access token is invalid, expired, of another project, or its application was removed"))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"gatehouse\", error=\"invalid_token\"").build());
            return;
        }
        if (!ApplicationCredential.allows(request.getMethod(), path)) {
            request.abortWith(ApiError.response(403, ApplicationCredential.REFUSED));
            return;
        }
        caller.authenticated(Actor.application(clientId.get()));
    }

    /** The bearer value when it is a signed JWT (an admin key is {@code gha_<id>_<secret>}, never one). */
    private static Optional<SignedJWT> bearerJwt(String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        try {
            return Optional.of(SignedJWT.parse(header.substring(BEARER.length()).strip()));
        } catch (ParseException | RuntimeException notAJwt) {
            return Optional.empty();
        }
    }

    /** The path after /api/v1, still percent-encoded, without the leading slash (RESTEasy keeps it, Jersey does not). */
    private static String relativePath(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath(false);
        return path.startsWith("/") ? path.substring(1) : path;
    }

    /**
     * For a path outside any project (the project list, admin keys, the global audit log) the token
     * is checked against the project its issuer names, so that a valid credential hears 403 there and
     * a forged one 401; the issuer claim only chooses the key, the signature decides.
     */
    private static Optional<String> issuingProject(SignedJWT jwt, String baseUrl) {
        try {
            String issuer = jwt.getJWTClaimsSet().getIssuer();
            String prefix = Issuer.of(baseUrl, "");
            String project = issuer != null && issuer.startsWith(prefix) ? issuer.substring(prefix.length()) : "";
            return project.isEmpty() || project.contains("/") ? Optional.empty() : Optional.of(project);
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    /** The client id, when the token is this project's credential and its application and project still exist. */
    private Optional<String> application(String projectId, String token, String baseUrl) {
        return signer.verify(projectId, token, TokenSigner.ACCESS_TOKEN, Issuer.of(baseUrl, projectId))
                .flatMap(claims -> ApplicationCredential.clientId(claims, ApplicationCredential.audience(baseUrl)))
                .filter(clientId -> applicationExists(projectId, clientId));
    }

    private boolean applicationExists(String projectId, String clientId) {
        return database.read(em -> {
            Project project = em.find(Project.class, projectId);
            return project != null && !project.deleted() && Applications.byClientId(em, projectId, clientId)
                    .filter(app -> !app.publicClient()).isPresent();
        });
    }
}
