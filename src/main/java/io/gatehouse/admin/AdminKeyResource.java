package io.gatehouse.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/** {@code /api/v1/admin-keys}: more management API keys, listed without secrets, revocable. */
@Path("/admin-keys")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminKeyResource {
    @Inject
    AdminApiKeys keys;
    @Inject
    ApiCaller caller;

    public record NewKey(String name) {
    }

    public record KeyJson(String id, String name, Instant createdAt, Instant lastUsedAt, Instant revokedAt, String key) {
        static KeyJson of(AdminApiKey k, String secret) {
            return new KeyJson(k.id(), k.name(), k.createdAt(), k.lastUsedAt(), k.revokedAt(), secret);
        }
    }

    @POST
    public Response create(NewKey body) {
        AdminApiKeys.Issued issued = keys.create(body == null ? null : body.name(), caller.actor());
        return Response.status(201).entity(KeyJson.of(issued.key(), issued.secret())).build();
    }

    @GET
    public List<KeyJson> list() {
        return keys.list().stream().map(k -> KeyJson.of(k, null)).toList();
    }

    @DELETE
    @Path("/{keyId}")
    public Response revoke(@PathParam("keyId") String keyId) {
        keys.revoke(keyId, caller.actor());
        return Response.noContent().build();
    }
}
