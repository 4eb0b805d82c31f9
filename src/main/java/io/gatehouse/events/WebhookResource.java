package io.gatehouse.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.ApiCaller;
import io.gatehouse.platform.JsonBody;
import io.gatehouse.platform.Page;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/**
 * {@code /api/v1/projects/{id}/applications/{appId}/webhooks}: add (the signing secret is in that
 * answer only), list, read, remove; rotate the secret, resume a failing webhook, read the delivery
 * log, redeliver an event, send a test event.
 */
@Path("/projects/{projectId}/applications/{applicationId}/webhooks")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WebhookResource {
    static final int DEFAULT_DELIVERIES = 50;

    @Inject
    Webhooks webhooks;
    @Inject
    ApiCaller caller;
    @PathParam("projectId")
    String projectId;
    @PathParam("applicationId")
    String applicationId;

    public record LastDelivery(Instant at, Integer status, String error, Long latencyMs) {
    }

    public record WebhookJson(String id, String applicationId, String url, List<String> eventTypes, String secret,
                              String status, Long lastDeliveredSequence, Long pending, Integer failures, Instant failingSince,
                              Instant nextAttemptAt, LastDelivery lastDelivery, Instant previousSecretValidUntil,
                              Instant createdAt) {
        /** Just created or rotated: the secret, shown this once. */
        static WebhookJson issued(Webhooks.Issued issued) {
            Webhook w = issued.webhook();
            return new WebhookJson(w.id(), w.applicationId(), w.url(), w.eventTypes(), issued.clearSecret(), w.status().name(),
                    w.lastDeliveredSeq(), null, null, null, null, null, overlap(w), w.createdAt());
        }

        static WebhookJson of(Webhooks.Standing standing) {
            Webhook w = standing.webhook();
            boolean failingNow = w.failures() > 0;
            return new WebhookJson(w.id(), w.applicationId(), w.url(), w.eventTypes(), null, w.status().name(),
                    w.lastDeliveredSeq(), standing.pending(), w.failures(), w.failingSince(),
                    failingNow ? w.nextAttemptAt() : null,
                    w.lastAttemptAt() == null ? null : new LastDelivery(w.lastAttemptAt(), w.lastStatus(), w.lastError(),
                            w.lastLatencyMs()), overlap(w), w.createdAt());
        }

        private static Instant overlap(Webhook w) {
            Instant until = w.previousSecretUntil();
            return until != null && until.isAfter(Instant.now()) ? until : null;
        }
    }

    public record AttemptJson(String id, String eventId, Long sequence, String type, String kind, int attempt, Instant at,
                              Integer status, String error, long latencyMs, String responseBody, boolean delivered) {
        static AttemptJson of(WebhookAttempt a) {
            return new AttemptJson(a.id(), a.eventId(), a.seq(), a.eventType(), a.kind().name(), a.attempt(), a.attemptedAt(),
                    a.status(), a.error(), a.latencyMs(), a.responseBody(), a.succeeded());
        }
    }

    @POST
    public Response create(JsonNode body) {
        JsonBody json = JsonBody.of(body);
        Webhooks.Issued issued = webhooks.create(projectId, applicationId, json.text("url"), json.strings("eventTypes"),
                caller.actor());
        return Response.status(201).header("Cache-Control", "no-store").entity(WebhookJson.issued(issued)).build();
    }

    @GET
    public List<WebhookJson> list() {
        return webhooks.list(projectId, applicationId).stream().map(WebhookJson::of).toList();
    }

    @GET
    @Path("/{webhookId}")
    public WebhookJson get(@PathParam("webhookId") String webhookId) {
        return WebhookJson.of(webhooks.get(projectId, applicationId, webhookId));
    }

    @DELETE
    @Path("/{webhookId}")
    public Response delete(@PathParam("webhookId") String webhookId) {
        webhooks.delete(projectId, applicationId, webhookId, caller.actor());
        return Response.noContent().build();
    }

    @POST
    @Path("/{webhookId}/rotate-secret")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Response rotate(@PathParam("webhookId") String webhookId) {
        Webhooks.Issued issued = webhooks.rotateSecret(projectId, applicationId, webhookId, caller.actor());
        return Response.ok(WebhookJson.issued(issued)).header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("/{webhookId}/resume")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public WebhookJson resume(@PathParam("webhookId") String webhookId) {
        return WebhookJson.of(webhooks.resume(projectId, applicationId, webhookId, caller.actor()));
    }

    @GET
    @Path("/{webhookId}/deliveries")
    public List<AttemptJson> deliveries(@PathParam("webhookId") String webhookId, @QueryParam("limit") String limit) {
        return webhooks.deliveries(projectId, applicationId, webhookId, Page.limit(limit, DEFAULT_DELIVERIES)).stream()
                .map(AttemptJson::of).toList();
    }

    @POST
    @Path("/{webhookId}/deliveries/{attemptId}/redeliver")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public AttemptJson redeliver(@PathParam("webhookId") String webhookId, @PathParam("attemptId") String attemptId) {
        return AttemptJson.of(webhooks.redeliver(projectId, applicationId, webhookId, attemptId, caller.actor()));
    }

    @POST
    @Path("/{webhookId}/test")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public AttemptJson test(@PathParam("webhookId") String webhookId) {
        return AttemptJson.of(webhooks.test(projectId, applicationId, webhookId, caller.actor()));
    }
}
