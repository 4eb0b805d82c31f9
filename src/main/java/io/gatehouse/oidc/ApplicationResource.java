package io.gatehouse.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.ApiCaller;
import io.gatehouse.platform.BaseUrl;
import io.gatehouse.platform.DomainException;
import io.gatehouse.platform.JsonBody;
import io.gatehouse.platform.Versions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/**
 * {@code /api/v1/projects/{id}/applications}: register (the client secret is in that answer only),
 * list, read, change, remove, and rotate or revoke client secrets.
 */
@Path("/projects/{projectId}/applications")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ApplicationResource {
    @Inject
    Applications applications;
    @Inject
    ApiCaller caller;
    @PathParam("projectId")
    String projectId;
    @Context
    HttpServletRequest request;

    public record ApplicationJson(String id, String name, String clientId, String clientSecret, String secretId,
                                  @com.fasterxml.jackson.annotation.JsonProperty("public") boolean isPublic,
                                  List<String> redirectUris, List<String> postLogoutRedirectUris,
                                  String backchannelLogoutUri, int accessTokenSeconds, String issuer, String discoveryUrl,
                                  Instant createdAt, Instant lastModified, long version) {
        static ApplicationJson of(Application a, Applications.Issued issued, String issuer) {
            return new ApplicationJson(a.id(), a.name(), a.clientId(), issued == null ? null : issued.clearSecret(),
                    issued == null || issued.secret() == null ? null : issued.secret().id(), a.publicClient(),
                    a.redirectUris(), a.postLogoutRedirectUris(), a.backchannelLogoutUri(), a.accessTokenSeconds(), issuer,
                    issuer + "/.well-known/openid-configuration", a.createdAt(), a.lastModified(), a.version());
        }
    }

    public record SecretJson(String id, String clientSecret, Instant createdAt, Instant revokedAt) {
        static SecretJson of(ApplicationSecret s, String clear) {
            return new SecretJson(s.id(), clear, s.createdAt(), s.revokedAt());
        }
    }

    @POST
    public Response register(JsonNode body) {
        JsonBody json = JsonBody.of(body);
        Applications.Issued issued = applications.register(projectId, settings(json), Boolean.TRUE.equals(json.bool("public")),
                caller.actor());
        return Response.status(201).header("Cache-Control", "no-store")
                .header(HttpHeaders.ETAG, Versions.etag(issued.application().version()))
                .entity(ApplicationJson.of(issued.application(), issued, issuer())).build();
    }

    @GET
    public List<ApplicationJson> list() {
        return applications.list(projectId).stream().map(a -> ApplicationJson.of(a, null, issuer())).toList();
    }

    @GET
    @Path("/{applicationId}")
    public Response get(@PathParam("applicationId") String applicationId) {
        return ok(applications.get(projectId, applicationId));
    }

    @PUT
    @Path("/{applicationId}")
    public Response update(@PathParam("applicationId") String applicationId, JsonNode body,
                           @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        JsonBody json = JsonBody.of(body);
        Boolean isPublic = json.bool("public");
        if (isPublic != null && isPublic != applications.get(projectId, applicationId).publicClient()) {
            throw DomainException.invalid("public cannot change; register a new application instead");
        }
        return ok(applications.update(projectId, applicationId, settings(json), Versions.fromIfMatch(ifMatch),
                caller.actor()));
    }

    @DELETE
    @Path("/{applicationId}")
    public Response delete(@PathParam("applicationId") String applicationId) {
        applications.delete(projectId, applicationId, caller.actor());
        return Response.noContent().build();
    }

    @GET
    @Path("/{applicationId}/secrets")
    public List<SecretJson> secrets(@PathParam("applicationId") String applicationId) {
        return applications.secrets(projectId, applicationId).stream().map(s -> SecretJson.of(s, null)).toList();
    }

    @POST
    @Path("/{applicationId}/secrets")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Response rotate(@PathParam("applicationId") String applicationId) {
        Applications.Issued issued = applications.rotateSecret(projectId, applicationId, caller.actor());
        return Response.status(201).header("Cache-Control", "no-store")
                .entity(SecretJson.of(issued.secret(), issued.clearSecret())).build();
    }

    @DELETE
    @Path("/{applicationId}/secrets/{secretId}")
    public Response revoke(@PathParam("applicationId") String applicationId, @PathParam("secretId") String secretId) {
        applications.revokeSecret(projectId, applicationId, secretId, caller.actor());
        return Response.noContent().build();
    }

    private Response ok(Application app) {
        return Response.ok(ApplicationJson.of(app, null, issuer())).header(HttpHeaders.ETAG, Versions.etag(app.version())).build();
    }

    private String issuer() {
        return Issuer.of(BaseUrl.of(request), projectId);
    }

    private static ApplicationSettings settings(JsonBody json) {
        return ApplicationSettings.of(json.text("name"), json.strings("redirectUris"), json.strings("postLogoutRedirectUris"),
                json.text("backchannelLogoutUri"), json.integer("accessTokenSeconds"));
    }
}
