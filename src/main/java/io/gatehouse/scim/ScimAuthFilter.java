package io.gatehouse.scim;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * Every SCIM request needs {@code Authorization: Bearer <SCIM token>}; the token decides the project
 * the request acts on. Missing, malformed, unknown and revoked tokens all get the same 401.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class ScimAuthFilter implements ContainerRequestFilter {
    private static final String BEARER = "Bearer ";

    @Inject
    ScimTokens tokens;
    @Inject
    ScimCaller caller;

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Optional<ScimToken> token = Optional.empty();
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            token = tokens.authenticate(header.substring(BEARER.length()).strip());
        }
        if (token.isEmpty()) {
            Response refused = ScimErrors.response(401, null, "A valid SCIM bearer token is required");
            request.abortWith(Response.fromResponse(refused)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"gatehouse-scim\"").build());
            return;
        }
        caller.authenticated(token.get());
        request.setProperty(ScimRecorder.TOKEN, token.get()); // a servlet request attribute: the request log's project
    }
}
