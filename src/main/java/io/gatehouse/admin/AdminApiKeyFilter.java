package io.gatehouse.admin;

import io.gatehouse.audit.Actor;
import io.gatehouse.platform.ApiError;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * Every management API request needs {@code Authorization: Bearer <admin API key>}; otherwise 401 and
 * nothing runs. A request whose caller an earlier filter already authenticated (an application's
 * read-only credential, whose filter also decided what it may read) is left as it is.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class AdminApiKeyFilter implements ContainerRequestFilter {
    private static final String BEARER = "Bearer ";

    @Inject
    AdminApiKeys keys;
    @Inject
    ApiCaller caller;

    @Override
    public void filter(ContainerRequestContext request) {
        if (caller.isAuthenticated()) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Optional<AdminApiKey> key = Optional.empty();
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            key = keys.authenticate(header.substring(BEARER.length()).strip());
        }
        if (key.isEmpty()) {
            Response refused = ApiError.response(401, "A valid admin API key is required (Authorization: Bearer <key>)");
            request.abortWith(Response.fromResponse(refused).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"gatehouse\"").build());
            return;
        }
        caller.authenticated(Actor.adminKey(key.get().id()));
    }
}
