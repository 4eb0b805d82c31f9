package io.gatehouse.console;

import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditEvent;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.events.Webhook;
import io.gatehouse.events.Webhooks;
import io.gatehouse.oidc.Application;
import io.gatehouse.oidc.ApplicationActivity;
import io.gatehouse.oidc.Applications;
import io.gatehouse.oidc.LogoutDelivery;
import io.gatehouse.project.ProjectDeletion;
import io.gatehouse.saml.IdpExpiryNotices;
import io.gatehouse.saml.SamlSettings;
import io.gatehouse.saml.SignInAttempts;
import io.gatehouse.saml.SsoSettings;
import io.gatehouse.scim.ScimActivity;
import io.gatehouse.scim.ScimRequest;
import io.gatehouse.scim.ScimToken;
import io.gatehouse.scim.ScimTokens;
import io.gatehouse.user.Users;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A project's home: the live status (last SCIM request, last successful and failed sign-in with
 * its reason and trace, IdP metadata with its certificates' expiry, tokens, the applications' last token and back-channel logout) and where to go next. The guided setup pages use it too.
 */
@Named
@ViewScoped
public class OverviewView extends ProjectPage {
    private static final long serialVersionUID = 1L;

    @Inject
    SsoSettings sso;
    @Inject
    ScimActivity scimActivity;
    @Inject
    ScimTokens tokens;
    @Inject
    AuditLog audit;
    @Inject
    Users users;
    @Inject
    ApplicationActivity applicationActivity;
    @Inject
    Applications applications;
    @Inject
    ProjectDeletion deletion;
    @Inject
    Webhooks webhooks;
    @Inject
    IdpExpiryNotices idpExpiry;
    @Inject
    SignInAttempts signInAttempts;

    private transient SamlSettings saml;
    private transient ScimRequest lastScim;
    private transient AuditEvent lastScimChange;
    private transient AuditEvent lastSignIn;
    private transient AuditEvent lastFailure;
    private transient List<ScimToken> activeTokens;
    private long userCount;
    private transient ApplicationActivity.TokenIssued lastToken;
    private transient LogoutDelivery lastLogout;
    private transient Map<String, String> applicationNames;
    private transient List<Webhook> projectWebhooks;
    private transient List<String> idpWarnings;
    private String lastRefusedAttempt;
    private String deleteConfirmation;

    @Override
    protected void load() {
        saml = sso.get(getProjectId()).saml();
        lastScim = scimActivity.last(getProjectId()).orElse(null);
        lastScimChange = latest(new AuditLog.Query(Actor.Source.SCIM, null, null, null, 1));
        lastSignIn = latest(new AuditLog.Query(null, "saml.sign-in", null, null, 1));
        lastFailure = latest(new AuditLog.Query(null, "saml.sign-in-failed", null, null, 1));
        activeTokens = tokens.list(getProjectId()).stream().filter(t -> !t.revoked()).toList();
        userCount = users.count(getProjectId(), null);
        lastToken = applicationActivity.lastTokenIssued(getProjectId()).orElse(null);
        lastLogout = applicationActivity.recentLogouts(getProjectId(), 1).stream().findFirst().orElse(null);
        applicationNames = applications.list(getProjectId()).stream().collect(Collectors.toMap(Application::id, Application::name));
        projectWebhooks = webhooks.ofProject(getProjectId());
        idpWarnings = idpExpiry.report(getProjectId(), saml).warnings();
        lastRefusedAttempt = signInAttempts.latestRefused(getProjectId());
    }

    /** The IdP certificate and metadata expiry warnings (within 30 days, or past), one sentence each. */
    public List<String> getIdpWarnings() {
        return idpWarnings;
    }

    /** The latest refused sign-in's trace, which the live status's "last failed sign-in" opens; null when none is kept. */
    public String getLastRefusedAttempt() {
        return lastRefusedAttempt;
    }

    public int getWebhookCount() {
        return projectWebhooks.size();
    }

    /** Paused after three days of failures: the admin must look (the application's page says why and resumes it). */
    public List<Webhook> getFailingWebhooks() {
        return projectWebhooks.stream().filter(w -> w.status() == Webhook.Status.failing).toList();
    }

    /** Still active, but the event at their head failed and is being retried. */
    public List<Webhook> getRetryingWebhooks() {
        return projectWebhooks.stream().filter(w -> w.status() == Webhook.Status.active && w.failures() > 0).toList();
    }

    /** The application's name, or a word for one removed since (its deliveries go with it, its tokens too). */
    public String applicationName(String applicationId) {
        return applicationNames.getOrDefault(applicationId, "a removed application");
    }

    /** What happened to the last back-channel logout, in a sentence: the HTTP status or the error of its last attempt. */
    public String getLastLogoutOutcome() {
        LogoutDelivery d = lastLogout;
        if (d == null) {
            return null;
        }
        String answer = d.lastStatus() != null ? "HTTP " + d.lastStatus() : d.lastError();
        return switch (d.status()) {
            case "delivered" -> "Delivered (" + answer + (d.lastLatencyMs() == null ? "" : ", " + d.lastLatencyMs() + " ms") + ")";
            case "pending" -> "Waiting to be sent";
            case "failed" -> "Failed after " + d.attempts() + " attempts: " + describe(d);
            default -> "Retrying (attempt " + d.attempts() + " failed: " + describe(d) + ")";
        };
    }

    /** The provider's error already names a status it refused ("the application answered 503"); the bare status otherwise. */
    private static String describe(LogoutDelivery d) {
        return d.lastError() != null ? d.lastError() : "HTTP " + d.lastStatus();
    }

    /**
     * Deletes the project after its name was typed; local admins only (an SSO project admin does not
     * see the form, and is refused here too). Back to the project list, with the outcome.
     */
    public String deleteProject() {
        if (!session.isAllProjects()) {
            Messages.error("Only a local administrator can delete a project");
            return null;
        }
        ProjectDeletion.Removed removed = Messages.attempt(() -> deletion.delete(getProjectId(), deleteConfirmation, actor()), null);
        if (removed == null) {
            return null;
        }
        FacesContext.getCurrentInstance().getExternalContext().getFlash().setKeepMessages(true);
        Messages.info("Deleted project \"" + removed.name() + "\" with " + removed.users() + " users and " + removed.groups() + " groups");
        return "/console/index.xhtml?faces-redirect=true";
    }

    public String getDeleteConfirmation() { return deleteConfirmation; }
    public void setDeleteConfirmation(String value) { this.deleteConfirmation = value; }

    /** Reads the status again (the panel's refresh button and its poll). */
    public void refresh() {
        load();
    }

    private AuditEvent latest(AuditLog.Query query) {
        return audit.list(getProjectId(), query).stream().findFirst().orElse(null);
    }

    public SamlSettings getSaml() { return saml; }
    public ScimRequest getLastScim() { return lastScim; }
    public AuditEvent getLastScimChange() { return lastScimChange; }
    public AuditEvent getLastSignIn() { return lastSignIn; }
    public AuditEvent getLastFailure() { return lastFailure; }
    public List<ScimToken> getActiveTokens() { return activeTokens; }
    public long getUserCount() { return userCount; }
    public ApplicationActivity.TokenIssued getLastToken() { return lastToken; }
    public LogoutDelivery getLastLogout() { return lastLogout; }

    public boolean isIdpConfigured() {
        return saml.effectiveIdpMetadata() != null;
    }

    public String getScimBaseUrl() {
        return baseUrl() + "/scim/v2";
    }
}
