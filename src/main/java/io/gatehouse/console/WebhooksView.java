package io.gatehouse.console;

import io.gatehouse.events.Webhook;
import io.gatehouse.events.WebhookAttempt;
import io.gatehouse.events.Webhooks;
import io.gatehouse.platform.DomainException;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The webhooks of each application on the applications page: add one (its signing secret shown
 * once, in a dialog, as client secrets are), send a test event, rotate the secret, remove one, resume
 * one the sender marked failing, and one webhook's delivery log with redelivery. The page polls
 * {@link #refresh()} so every webhook's status and last delivery stay current without a reload.
 * <p>
 * Which project, and whether this admin may open it, is the page's: {@link ApplicationsView} (a
 * {@link ProjectPage}) checked it when the view opened, so this bean takes the project from it rather
 * than checking, and redirecting, a second time. The rules (URL, types, limits) are {@link Webhooks}'.
 */
@Named
@ViewScoped
public class WebhooksView extends ConsolePage {
    private static final long serialVersionUID = 1L;
    static final int LOG_SIZE = 50;

    @Inject
    Webhooks webhooks;
    @Inject
    ApplicationsView page;
    @Inject
    ConsoleSession session;

    /** A webhook as listed, with how many of the project's events are after its cursor. */
    public record Listed(Webhook webhook, long pending) {
        /** Paused after three days failing on one event, until someone resumes it. */
        public boolean failing() {
            return webhook.status() == Webhook.Status.failing;
        }

        /** Still active, but its head event failed and is being retried; later events wait behind it. */
        public boolean retrying() {
            return !failing() && webhook.failures() > 0;
        }

        public boolean lastDelivered() {
            return webhook.lastAttemptAt() != null && webhook.lastError() == null;
        }

        public String lastOutcome() {
            return outcomeOf(webhook.lastStatus(), webhook.lastError());
        }

        public String types() {
            List<String> types = webhook.eventTypes();
            return types.contains(Webhook.ALL_TYPES) ? "All events" : String.join(", ", types);
        }

        /** Whether the secret before the last rotation still signs beside the new one. */
        public boolean overlapping() {
            return webhook.previousSecretUntil() != null && webhook.previousSecretUntil().isAfter(Instant.now());
        }
    }

    /** What the one-time dialog shows after adding a webhook or rotating its secret. */
    public record Issued(String applicationName, String url, String secret, boolean rotation, Instant previousUntil)
            implements Serializable {
    }

    /** How the last test event of a webhook went, as shown under it. */
    public record TestResult(String text, boolean delivered) implements Serializable {
    }

    private transient Map<String, List<Listed>> byApplication;
    private final Map<String, TestResult> tests = new HashMap<>();
    private WebhookForm adding = new WebhookForm();
    private String addingTo;
    private String addingName;
    /** Shown once, in the answer to the action that made it: never kept in the shared session. */
    private transient Issued issued;
    private String logApplicationId;
    private String logWebhookId;
    private String logUrl;
    private transient List<WebhookAttempt> log;

    /** The application's webhooks, kept for the view until the poll or a change ({@link #refresh()}) reads them again. */
    public List<Listed> of(String applicationId) {
        if (byApplication == null) {
            byApplication = new HashMap<>();
        }
        return byApplication.computeIfAbsent(applicationId, this::read);
    }

    private List<Listed> read(String applicationId) {
        if (projectId() == null) {
            return List.of();
        }
        try {
            return webhooks.list(projectId(), applicationId).stream().map(s -> new Listed(s.webhook(), s.pending())).toList();
        } catch (DomainException gone) {
            return List.of(); // the application was removed meanwhile: the applications list says so at its next load
        }
    }

    /** Whether any application of the page has a webhook: the page polls only then. */
    public boolean isAny() {
        List<ApplicationsView.Listed> apps = page.getApplications();
        return apps != null && apps.stream().anyMatch(a -> !of(a.app().id()).isEmpty());
    }

    @Override
    protected void load() {
        refresh();
        refreshLog();
    }

    /** The poll, and every change: the next render reads the webhooks again. */
    public void refresh() {
        byApplication = null;
    }

    /** Opens the "Add webhook" dialog for this application, empty. */
    public void startAdding(String applicationId, String applicationName) {
        adding = new WebhookForm();
        addingTo = applicationId;
        addingName = applicationName;
    }

    public void create() {
        if (addingTo == null) {
            return;
        }
        Webhooks.Issued done = Messages.attempt(() -> webhooks.create(projectId(), addingTo, adding.getUrl(),
                adding.eventTypes(), session.actor()), null);
        if (done != null) {
            issued = new Issued(addingName, done.webhook().url(), done.clearSecret(), false, null);
            adding = new WebhookForm();
            addingTo = null;
            refresh();
        }
    }

    public void rotateSecret(String applicationId, String applicationName, String webhookId) {
        Webhooks.Issued done = Messages.attempt(() -> webhooks.rotateSecret(projectId(), applicationId, webhookId,
                session.actor()), null);
        if (done != null) {
            issued = new Issued(applicationName, done.webhook().url(), done.clearSecret(), true,
                    done.webhook().previousSecretUntil());
            refresh();
        }
    }

    /** The dialog was closed: the clear secret is forgotten. */
    public void forgetIssued() {
        issued = null;
    }

    /** Sends a test event now and keeps its outcome to show under the webhook. */
    public void sendTest(String applicationId, String webhookId) {
        WebhookAttempt attempt = Messages.attempt(() -> webhooks.test(projectId(), applicationId, webhookId, session.actor()), null);
        if (attempt != null) {
            tests.put(webhookId, new TestResult("Test event " + (attempt.succeeded() ? "delivered: " : "failed: ")
                    + describe(attempt) + ".", attempt.succeeded()));
            refresh();
            reloadLogOf(webhookId);
        }
    }

    public void resume(String applicationId, String webhookId) {
        if (Messages.attempt(() -> webhooks.resume(projectId(), applicationId, webhookId, session.actor()),
                "Webhook resumed: delivery starts again with the event it stopped on.") != null) {
            refresh();
        }
    }

    public void delete(String applicationId, String webhookId) {
        String url = url(applicationId, webhookId);
        if (Messages.attempt(() -> webhooks.delete(projectId(), applicationId, webhookId, session.actor()),
                "Webhook " + url + " removed with its delivery log: it receives no more events.")) {
            tests.remove(webhookId);
            if (webhookId.equals(logWebhookId)) {
                closeLog();
            }
            refresh();
        }
    }

    /** Opens the delivery log of one webhook (its last {@value #LOG_SIZE} requests, newest first). */
    public void openLog(String applicationId, String webhookId) {
        logApplicationId = applicationId;
        logWebhookId = webhookId;
        logUrl = url(applicationId, webhookId);
        refreshLog();
    }

    public void refreshLog() {
        if (logWebhookId == null) {
            return;
        }
        log = Messages.attempt(() -> webhooks.deliveries(projectId(), logApplicationId, logWebhookId, LOG_SIZE), null);
    }

    public void closeLog() {
        logApplicationId = null;
        logWebhookId = null;
        logUrl = null;
        log = null;
    }

    /** Sends an attempt's event again (the cursor does not move) and says how the endpoint took it. */
    public void redeliver(String attemptId) {
        if (logWebhookId == null) {
            return;
        }
        WebhookAttempt again = Messages.attempt(() -> webhooks.redeliver(projectId(), logApplicationId, logWebhookId, attemptId,
                session.actor()), null);
        if (again != null) {
            String what = again.kind() == WebhookAttempt.Kind.test ? "Test event" : "Event " + again.seq() + " (" + again.eventType() + ")";
            String text = what + " sent again: " + describe(again) + ".";
            if (again.succeeded()) {
                Messages.info(text);
            } else {
                Messages.error(text);
            }
            refreshLog();
            refresh();
        }
    }

    /** For the delivery log's rows (EL calls it on the bean). */
    public String outcome(Integer status, String error) {
        return outcomeOf(status, error);
    }

    /** "HTTP 204", or the reason no status came back ("connection refused", "timed out after 10 s"). */
    static String outcomeOf(Integer status, String error) {
        if (status == null) {
            return error == null ? "" : error;
        }
        return "HTTP " + status + (status / 100 == 3 ? " (redirects are not followed)" : "");
    }

    private static String describe(WebhookAttempt attempt) {
        return outcomeOf(attempt.status(), attempt.error()) + (attempt.succeeded() ? " in " : " after ") + attempt.latencyMs() + " ms";
    }

    private void reloadLogOf(String webhookId) {
        if (webhookId.equals(logWebhookId)) {
            refreshLog();
        }
    }

    private String url(String applicationId, String webhookId) {
        return of(applicationId).stream().filter(l -> l.webhook().id().equals(webhookId)).findFirst()
                .map(l -> l.webhook().url()).orElse("");
    }

    private String projectId() {
        return page.getProjectId();
    }

    public List<String> getEventTypes() { return WebhookForm.TYPES; }
    public WebhookForm getAdding() { return adding; }
    public String getAddingName() { return addingName; }
    public Issued getIssued() { return issued; }
    public TestResult test(String webhookId) { return tests.get(webhookId); }
    public String getLogUrl() { return logUrl; }
    public List<WebhookAttempt> getLog() { return log; }
}
