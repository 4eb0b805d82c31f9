package io.gatehouse.oidc;

import io.gatehouse.admin.ApiCaller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/**
 * {@code /api/v1/projects/{id}/oidc/signing-keys}: the project's token signing keys (public halves
 * only) and their rotation. A rotated-out key stays in the JWKS until the tokens it signed expire.
 */
@Path("/projects/{projectId}/oidc/signing-keys")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SigningKeyResource {
    @Inject
    SigningKeys keys;
    @Inject
    ApiCaller caller;
    @PathParam("projectId")
    String projectId;

    public record KeyJson(String kid, boolean active, Instant createdAt, Instant retiredAt, Instant publishedUntil) {
        static KeyJson of(SigningKey k) {
            return new KeyJson(k.id(), !k.retired(), k.createdAt(), k.retiredAt(),
                    k.retired() ? k.retiredAt().plus(SigningKeys.PUBLISHED_AFTER_RETIREMENT) : null);
        }
    }

    @GET
    public List<KeyJson> list() {
        keys.signing(projectId); // a project that never issued a token still shows the key it will sign with
        return keys.list(projectId).stream().map(KeyJson::of).toList();
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Response rotate() {
        return Response.status(201).entity(KeyJson.of(keys.rotate(projectId, caller.actor()))).build();
    }
}
