package io.gatehouse.events;

import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.oidc.Application;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.DomainException;
import io.gatehouse.platform.Ids;
import io.gatehouse.platform.JsonConfig;
import io.gatehouse.platform.KeyEncryption;
import io.gatehouse.platform.OutboundAddress;
import io.gatehouse.project.Projects;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An application's webhooks: registered (the signing secret exists in clear only in that answer),
 * listed, removed, their secret rotated with a day's overlap, resumed after they were marked failing,
 * their delivery log read, an event redelivered, a test event sent. Every change is audited. The
 * deliveries themselves are {@link WebhookSender}'s.
 */
@ApplicationScoped
public class Webhooks {
    static final int MAX_PER_APPLICATION = 10;
    static final int MAX_URL_LENGTH = 2000;
    static final String TEST_TYPE = "webhook.test";

    private Database database;
    private AuditLog audit;
    private KeyEncryption encryption;
    private WebhookRequest request;
    private WebhookSender sender;

    protected Webhooks() {
    }

    @Inject
    public Webhooks(Database database, AuditLog audit, KeyEncryption encryption, WebhookRequest request, WebhookSender sender) {
        this.database = database;
        this.audit = audit;
        this.encryption = encryption;
        this.request = request;
        this.sender = sender;
    }

    /** A webhook with the secret just issued to it (null on a plain read). */
    public record Issued(Webhook webhook, String clearSecret) {
    }

    /** A webhook as the API and the console show it: with how many events are after its cursor. */
    public record Standing(Webhook webhook, long pending) {
    }

    /** Registers a webhook; it receives the events that happen from now on. */
    public Issued create(String projectId, String applicationId, String url, List<String> eventTypes, Actor actor) {
        URI uri = checkedUrl(url);
        List<String> types = checkedTypes(eventTypes);
        return database.write(em -> {
            Application app = requireApplication(em, projectId, applicationId);
            long existing = em.createQuery("SELECT COUNT(w) FROM Webhook w WHERE w.applicationId = :a", Long.class)
                    .setParameter("a", app.id()).getSingleResult();
            if (existing >= MAX_PER_APPLICATION) {
                throw DomainException.conflict("An application has at most " + MAX_PER_APPLICATION + " webhooks");
            }
            String id = Ids.next();
            String clear = WebhookSignature.newSecret();
            Webhook webhook = new Webhook(id, projectId, app.id(), uri.toString(), types, seal(clear, projectId, id),
                    Events.lastSeq(em, projectId));
            em.persist(webhook);
            audit.record(em, projectId, actor, AuditLog.Entry.of("webhook.create", "webhook", id,
                    "Added webhook " + uri + " (" + String.join(", ", types) + ") to application \"" + app.name() + "\""));
            return new Issued(webhook, clear);
        });
    }

    public List<Standing> list(String projectId, String applicationId) {
        return database.read(em -> {
            requireApplication(em, projectId, applicationId);
            return em.createQuery("SELECT w FROM Webhook w WHERE w.applicationId = :a ORDER BY w.createdAt, w.id", Webhook.class)
                    .setParameter("a", applicationId).getResultList().stream().map(w -> standing(em, w)).toList();
        });
    }

    /** Every webhook of the project, of all its applications (the console's status: which fail or retry). */
    public List<Webhook> ofProject(String projectId) {
        return database.read(em -> em.createQuery("SELECT w FROM Webhook w WHERE w.projectId = :p ORDER BY w.createdAt, w.id",
                Webhook.class).setParameter("p", projectId).getResultList());
    }

    public Standing get(String projectId, String applicationId, String webhookId) {
        return database.read(em -> standing(em, require(em, projectId, applicationId, webhookId)));
    }

    /** Removes the webhook and its delivery log (cascade); a delivery in flight is its last. */
    public void delete(String projectId, String applicationId, String webhookId, Actor actor) {
        database.writing(em -> {
            Webhook webhook = require(em, projectId, applicationId, webhookId);
            em.remove(webhook);
            audit.record(em, projectId, actor, AuditLog.Entry.of("webhook.delete", "webhook", webhook.id(),
                    "Removed webhook " + webhook.url()));
        });
    }

    /** A new secret signs from now on; the previous one signs beside it for 24 h, so the application can switch over. */
    public Issued rotateSecret(String projectId, String applicationId, String webhookId, Actor actor) {
        return database.write(em -> {
            Webhook webhook = require(em, projectId, applicationId, webhookId);
            String clear = WebhookSignature.newSecret();
            webhook.rotate(seal(clear, projectId, webhookId), Instant.now().plus(WebhookRequest.ROTATION_OVERLAP));
            audit.record(em, projectId, actor, AuditLog.Entry.of("webhook.secret-rotate", "webhook", webhookId,
                    "Issued a new signing secret for webhook " + webhook.url() + " (the previous one also signs for 24 hours)"));
            return new Issued(webhook, clear);
        });
    }

    /** Delivery starts again with the event it stopped on. */
    public Standing resume(String projectId, String applicationId, String webhookId, Actor actor) {
        Standing resumed = database.write(em -> {
            Webhook webhook = require(em, projectId, applicationId, webhookId);
            if (webhook.status() == Webhook.Status.failing) {
                webhook.resume();
                audit.record(em, projectId, actor, AuditLog.Entry.of("webhook.resume", "webhook", webhookId,
                        "Resumed webhook " + webhook.url() + " after sequence " + webhook.lastDeliveredSeq()));
            }
            return standing(em, webhook);
        });
        sender.wake();
        return resumed;
    }

    /** The delivery log, newest first. */
    public List<WebhookAttempt> deliveries(String projectId, String applicationId, String webhookId, int limit) {
        return database.read(em -> {
            require(em, projectId, applicationId, webhookId);
            return em.createQuery("SELECT a FROM WebhookAttempt a WHERE a.webhookId = :w ORDER BY a.attemptedAt DESC, a.id",
                    WebhookAttempt.class).setParameter("w", webhookId).setMaxResults(limit).getResultList();
        });
    }

    /**
     * Sends the event of an earlier attempt again, now, outside the sequence (the cursor does not
     * move): for an application that lost what it had acknowledged. A test attempt sends a new test event.
     */
    public WebhookAttempt redeliver(String projectId, String applicationId, String webhookId, String attemptId, Actor actor) {
        record Target(Webhook webhook, WebhookAttempt earlier, Event event, int attempt) {
        }
        Target target = database.read(em -> {
            Webhook webhook = require(em, projectId, applicationId, webhookId);
            WebhookAttempt earlier = attemptId == null ? null : em.find(WebhookAttempt.class, attemptId);
            if (earlier == null || !earlier.webhookId().equals(webhookId)) {
                throw DomainException.notFound("Delivery attempt");
            }
            if (earlier.kind() == WebhookAttempt.Kind.test) {
                return new Target(webhook, earlier, null, 1);
            }
            Event event = em.find(Event.class, earlier.eventId());
            if (event == null) {
                throw DomainException.conflict("Event " + earlier.eventId() + " is no longer kept (events are kept for the "
                        + "retention period); it cannot be sent again");
            }
            int previous = em.createQuery("SELECT MAX(a.attempt) FROM WebhookAttempt a WHERE a.webhookId = :w AND a.eventId = :e",
                    Integer.class).setParameter("w", webhookId).setParameter("e", event.id()).getSingleResult();
            return new Target(webhook, earlier, event, previous + 1);
        });
        if (target.event() == null) {
            return test(projectId, applicationId, webhookId, actor);
        }
        WebhookRequest.Outcome outcome = request.send(target.webhook(), target.event().id(), EventJson.body(target.event()));
        return log(target.webhook(), new WebhookAttempt(webhookId, target.event().id(), target.event().seq(), target.event().type(),
                WebhookAttempt.Kind.redelivery, target.attempt(), Instant.now(), outcome), actor, "webhook.redeliver",
                "Redelivered event " + target.event().seq() + " (" + target.event().type() + ") to webhook " + target.webhook().url());
    }

    /** Sends a {@code webhook.test} event now and answers how the endpoint took it; not part of the sequence. */
    public WebhookAttempt test(String projectId, String applicationId, String webhookId, Actor actor) {
        Webhook webhook = database.read(em -> require(em, projectId, applicationId, webhookId));
        String eventId = Ids.next();
        Instant now = Instant.now();
        WebhookRequest.Outcome outcome = request.send(webhook, eventId, testBody(webhook, eventId, now, actor));
        return log(webhook, new WebhookAttempt(webhookId, eventId, null, TEST_TYPE, WebhookAttempt.Kind.test, 1, now, outcome),
                actor, "webhook.test", "Sent a test event to webhook " + webhook.url());
    }

    private WebhookAttempt log(Webhook webhook, WebhookAttempt attempt, Actor actor, String action, String summary) {
        database.writing(em -> {
            if (em.find(Webhook.class, webhook.id()) == null) {
                return; // removed while the request was out: nothing to log it under
            }
            em.persist(attempt);
            audit.record(em, webhook.projectId(), actor, new AuditLog.Entry(action, "webhook", webhook.id(), summary + ": "
                    + (attempt.succeeded() ? "answered " + attempt.status() : attempt.error()), null));
        });
        return attempt;
    }

    /** The shape of every event, with sequence 0: no event of the sequence has it. */
    private static String testBody(Webhook webhook, String eventId, Instant now, Actor actor) {
        var json = JsonConfig.mapper().createObjectNode();
        json.put("id", eventId);
        json.put("sequence", 0);
        json.put("type", TEST_TYPE);
        json.put("occurredAt", now.toString());
        json.put("projectId", webhook.projectId());
        var who = json.putObject("actor");
        who.put("source", actor.source().name());
        who.put("name", actor.name());
        var data = json.putObject("data");
        data.put("webhookId", webhook.id());
        data.put("applicationId", webhook.applicationId());
        return json.toString();
    }

    /**
     * Pending = the events after the cursor: a project's sequence has no gaps, so that is the counter
     * minus the cursor, one primary-key read (the console polls it every few seconds) instead of
     * counting up to the whole backlog.
     */
    private Standing standing(EntityManager em, Webhook webhook) {
        return new Standing(webhook, Math.max(0, Events.lastSeq(em, webhook.projectId()) - webhook.lastDeliveredSeq()));
    }

    private String seal(String clearSecret, String projectId, String webhookId) {
        return encryption.encrypt(clearSecret.getBytes(StandardCharsets.US_ASCII), WebhookRequest.context(projectId, webhookId));
    }

    /** http(s) only, to an address the server may call (not its own network unless allowed). */
    static URI checkedUrl(String url) {
        if (url == null || url.isBlank()) {
            throw DomainException.invalid("url is required: the http(s) URL the events are POSTed to");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw DomainException.invalid("url must have at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw DomainException.invalid("url is not a valid URL: " + e.getReason());
        }
        if (uri.getRawUserInfo() != null) {
            throw DomainException.invalid("url must not carry a user name or password");
        }
        if (uri.getRawFragment() != null) {
            throw DomainException.invalid("url must not have a fragment (#...)");
        }
        String refused = OutboundAddress.refusal(uri);
        if (refused != null) {
            throw DomainException.invalid("url refused: " + refused);
        }
        return uri;
    }

    /** ["*"] or known event type names, each once. */
    static List<String> checkedTypes(List<String> eventTypes) {
        if (eventTypes == null || eventTypes.isEmpty()) {
            throw DomainException.invalid("eventTypes is required: [\"*\"] for every event, or a list of event types ("
                    + known() + ")");
        }
        Set<String> types = new LinkedHashSet<>();
        for (String type : eventTypes) {
            if (!Webhook.ALL_TYPES.equals(type) && EventType.byWireName(type).isEmpty()) {
                throw DomainException.invalid("Unknown event type \"" + type + "\"; the types are " + known() + ", or \"*\"");
            }
            types.add(type);
        }
        return types.contains(Webhook.ALL_TYPES) ? List.of(Webhook.ALL_TYPES) : new ArrayList<>(types);
    }

    private static String known() {
        return Arrays.stream(EventType.values()).map(EventType::wireName).collect(Collectors.joining(", "));
    }

    private static Application requireApplication(EntityManager em, String projectId, String applicationId) {
        Projects.require(em, projectId);
        Application app = applicationId == null ? null : em.find(Application.class, applicationId);
        if (app == null || !app.projectId().equals(projectId)) {
            throw DomainException.notFound("Application");
        }
        return app;
    }

    static Webhook require(EntityManager em, String projectId, String applicationId, String webhookId) {
        requireApplication(em, projectId, applicationId);
        Webhook webhook = webhookId == null ? null : em.find(Webhook.class, webhookId);
        if (webhook == null || !webhook.applicationId().equals(applicationId)) {
            throw DomainException.notFound("Webhook");
        }
        return webhook;
    }
}
