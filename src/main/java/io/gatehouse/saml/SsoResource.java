package io.gatehouse.saml;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.ApiCaller;
import io.gatehouse.platform.BaseUrl;
import io.gatehouse.platform.JsonBody;
import io.gatehouse.platform.Versions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
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

/** {@code /api/v1/projects/{id}/sso}: SSO settings, answered with the URLs to paste into the IdP. */
@Path("/projects/{projectId}/sso")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SsoResource {
    @Inject
    SsoSettings settings;
    @Inject
    SpKeys keys;
    @Inject
    ApiCaller caller;
    @Inject
    IdpExpiryNotices expiry;
    @PathParam("projectId")
    String projectId;
    @Context
    HttpServletRequest request;

    public record SsoJson(String samlToken, String entityId, String metadataUrl, String acsUrl, String signOnUrl,
                          String singleLogoutUrl, String idpMetadataUrl, boolean idpMetadataXmlUploaded,
                          Instant idpMetadataFetchedAt, String idpMetadataError, Instant idpMetadataErrorAt,
                          String defaultRoleId, boolean jitEnabled, boolean idpInitiatedAllowed, String spCertificate, Instant spKeyCreatedAt,
                          Instant lastSignInAt, Instant lastFailureAt, String lastFailureReason,
                          Instant lastModified, long version, List<CertificateJson> idpCertificates,
                          Instant idpMetadataValidUntil, IdpExpiry.Status idpMetadataStatus, List<String> warnings) {
    }

    /** A signing certificate of the IdP metadata: status valid, expiring (within 30 days) or expired. */
    public record CertificateJson(String fingerprint, String subject, Instant notAfter, IdpExpiry.Status status) {
        static CertificateJson of(IdpExpiry.Certificate c) {
            return new CertificateJson(c.fingerprint(), c.subject(), c.notAfter(), c.status());
        }
    }

    @GET
    public Response get() {
        keys.ensure(projectId); // the SP certificate exists from the moment an admin looks at the settings
        return ok(settings.get(projectId));
    }

    /** Replaces the project's SP key pair; the answer carries the new certificate. */
    @POST
    @Path("/sp-key/rollover")
    public Response rollOver() {
        keys.rollOver(projectId, caller.actor());
        return ok(settings.get(projectId));
    }

    /** Fetches the IdP metadata URL again; the answer shows the result (idpMetadataFetchedAt or idpMetadataError). */
    @POST
    @Path("/idp-metadata/refresh")
    public Response refreshMetadata() {
        return ok(settings.refreshMetadata(projectId, caller.actor()));
    }

    @PUT
    public Response update(JsonNode json, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        JsonBody body = JsonBody.of(json);
        SsoSettings.Change change = new SsoSettings.Change(body.text("idpMetadataUrl"), body.text("idpMetadataXml"),
                body.text("defaultRoleId"), body.bool("jitEnabled"), body.bool("idpInitiatedAllowed"));
        return ok(settings.update(projectId, change, Versions.fromIfMatch(ifMatch), caller.actor()));
    }

    private Response ok(SsoSettings.View view) {
        SpUrls urls = SpUrls.of(BaseUrl.of(request), view.project());
        SamlSettings saml = view.saml();
        IdpExpiry.Report report = expiry.report(projectId, saml);
        SsoJson json = new SsoJson(view.project().samlToken(), urls.entityId(), urls.metadata(), urls.acs(), urls.signOn(),
                urls.logout(), saml.idpMetadataUrl(), saml.idpMetadataXml() != null, saml.idpMetadataFetchedAt(),
                saml.idpMetadataError(), saml.idpMetadataErrorAt(), view.project().defaultRoleId(), saml.jitEnabled(),
                saml.idpInitiatedAllowed(), saml.spCertificate(), saml.spKeyCreatedAt(), saml.lastSignInAt(),
                saml.lastFailureAt(), saml.lastFailureReason(), saml.lastModified(), saml.version(),
                report.certificates().stream().map(CertificateJson::of).toList(), report.metadataValidUntil(),
                report.metadataStatus(), report.warnings());
        return Response.ok(json).header(HttpHeaders.ETAG, Versions.etag(saml.version())).build();
    }
}
