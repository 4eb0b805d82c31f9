package io.gatehouse.scim;

import io.gatehouse.admin.ApiCaller;
import io.gatehouse.platform.JsonBody;
import io.gatehouse.platform.JsonConfig;
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
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * {@code /api/v1/projects/{id}/scim-tokens}: generate (the clear token is in this response only),
 * rotate, list and revoke.
 */
@Path("/projects/{projectId}/scim-tokens")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ScimTokenResource {
    @Inject
    ScimTokens tokens;
    @Inject
    ApiCaller caller;
    @PathParam("projectId")
    String projectId;
    @jakarta.ws.rs.core.Context
    jakarta.servlet.http.HttpServletRequest request;

    public record TokenJson(String id, String name, String replacesId, Instant createdAt, Instant lastUsedAt,
                            Instant revokedAt, String token, String scimBaseUrl) {
        static TokenJson of(ScimToken t, String secret) {
            return of(t, secret, null);
        }

        static TokenJson of(ScimToken t, String secret, String scimBaseUrl) {
            return new TokenJson(t.id(), t.name(), t.replacesId(), t.createdAt(), t.lastUsedAt(), t.revokedAt(), secret, scimBaseUrl);
        }
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Response generate(String body) throws IOException {
        String name = body == null || body.isBlank() ? null : JsonBody.of(JsonConfig.read(body)).text("name");
        return issued(tokens.generate(projectId, name, caller.actor()));
    }

    @GET
    public List<TokenJson> list() {
        return tokens.list(projectId).stream().map(t -> TokenJson.of(t, null)).toList();
    }

    @POST
    @Path("/{tokenId}/rotate")
    public Response rotate(@PathParam("tokenId") String tokenId) {
        return issued(tokens.rotate(projectId, tokenId, caller.actor()));
    }

    @DELETE
    @Path("/{tokenId}")
    public Response revoke(@PathParam("tokenId") String tokenId) {
        tokens.revoke(projectId, tokenId, caller.actor());
        return Response.noContent().build();
    }

    /** The clear token, once, with the URL to configure in the identity provider beside it. */
    private Response issued(ScimTokens.Issued issued) {
        return Response.status(201).header("Cache-Control", "no-store")
                .entity(TokenJson.of(issued.token(), issued.secret(), ScimResponses.base(request))).build();
    }
}
