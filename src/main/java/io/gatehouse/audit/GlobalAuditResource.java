package io.gatehouse.audit;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/v1/audit}: events outside any project (admin API keys, console admins), newest first. */
@Path("/audit")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class GlobalAuditResource {
    @Inject
    AuditLog audit;

    @GET
    public AuditResource.EventsJson list(@QueryParam("source") String source, @QueryParam("action") String action,
                                         @QueryParam("targetId") String targetId, @QueryParam("before") String before,
                                         @QueryParam("limit") String limit) {
        return AuditResource.page(audit, null, source, action, targetId, before, limit);
    }
}
