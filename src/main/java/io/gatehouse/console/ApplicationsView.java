package io.gatehouse.console;

import io.gatehouse.oidc.Application;
import io.gatehouse.oidc.ApplicationActivity;
import io.gatehouse.oidc.ApplicationSecret;
import io.gatehouse.oidc.Applications;
import io.gatehouse.oidc.Issuer;
import io.gatehouse.oidc.SigningKey;
import io.gatehouse.oidc.SigningKeys;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A project's OpenID Connect applications: register, edit, remove, client secrets rotated with
 * overlap and revoked, and the provider's issuer and signing key. A client secret's clear value is
 * kept only until its dialog is closed, as with SCIM tokens; the page can never show it again.
 */
@Named
@ViewScoped
public class ApplicationsView extends ProjectPage {
    private static final long serialVersionUID = 1L;

    @Inject
    Applications applications;
    @Inject
    SigningKeys signingKeys;
    @Inject
    ApplicationActivity activity;

    /** An application with its secrets (none for a public one) and when it last received tokens. */
    public record Listed(Application app, List<ApplicationSecret> secrets, Instant lastToken) {
        public long activeSecrets() {
            return secrets.stream().filter(s -> !s.revoked()).count();
        }
    }

    /** What the one-time dialog shows after a registration or a rotation. */
    public record Issued(String applicationName, String clientId, String clientSecret, boolean rotation) {
    }

    private transient List<Listed> listed;
    private transient SigningKey signingKey;
    private ApplicationForm registration = new ApplicationForm();
    private ApplicationForm editing;
    private String editingId;
    private long editingVersion;
    /** Shown once, in the answer to the action that made it: never kept in the shared session. */
    private transient Issued issued;

    @Override
    protected void load() {
        Map<String, Instant> lastTokens = activity.lastTokenByApplication(getProjectId());
        listed = applications.list(getProjectId()).stream()
                .map(a -> new Listed(a, a.publicClient() ? List.of() : applications.secrets(getProjectId(), a.id()), lastTokens.get(a.id())))
                .toList();
        signingKeys.signing(getProjectId()); // like the API: a project that never issued a token shows the key it will sign with
        signingKey = signingKeys.list(getProjectId()).stream().filter(k -> !k.retired()).findFirst().orElse(null);
    }

    public void register() {
        Applications.Issued done = Messages.attempt(() -> applications.register(getProjectId(), registration.settings(),
                registration.isPublicClient(), actor()), null);
        if (done != null) {
            issued = new Issued(done.application().name(), done.application().clientId(), done.clearSecret(), false);
            registration = new ApplicationForm();
            load();
        }
    }

    public void rotateSecret(String applicationId) {
        Applications.Issued done = Messages.attempt(() -> applications.rotateSecret(getProjectId(), applicationId, actor()), null);
        if (done != null) {
            issued = new Issued(done.application().name(), done.application().clientId(), done.clearSecret(), true);
            load();
        }
    }

    public void revokeSecret(String applicationId, String secretId) {
        if (Messages.attempt(() -> applications.revokeSecret(getProjectId(), applicationId, secretId, actor()),
                "Client secret revoked: the application can no longer use it.")) {
            load();
        }
    }

    /** Opens the edit dialog with the application's current settings. */
    public void edit(String applicationId) {
        Application app = Messages.attempt(() -> applications.get(getProjectId(), applicationId), null);
        if (app != null) {
            editing = ApplicationForm.of(app);
            editingId = app.id();
            editingVersion = app.version();
        }
    }

    /** Saves the edit dialog; a change made meanwhile by someone else is refused rather than overwritten. */
    public void saveEdit() {
        if (editingId == null) {
            return;
        }
        Application saved = Messages.attempt(() -> applications.update(getProjectId(), editingId, editing.settings(),
                editingVersion, actor()), null);
        if (saved != null) {
            Messages.info("Application \"" + saved.name() + "\" saved.");
            editing = null;
            editingId = null;
            load();
        }
    }

    public void delete(String applicationId) {
        Listed app = find(applicationId);
        if (app != null && Messages.attempt(() -> applications.delete(getProjectId(), applicationId, actor()),
                "Application \"" + app.app().name() + "\" removed: its secrets and tokens no longer work.")) {
            load();
        }
    }

    public void rotateSigningKey() {
        if (Messages.attempt(() -> signingKeys.rotate(getProjectId(), actor()),
                "New signing key: tokens are signed with it from now on; the previous key stays published until its tokens expire.") != null) {
            load();
        }
    }

    /** The dialog was closed: the clear secret is forgotten. */
    public void forgetIssued() {
        issued = null;
    }

    private Listed find(String applicationId) {
        return listed.stream().filter(l -> l.app().id().equals(applicationId)).findFirst().orElse(null);
    }

    public List<Listed> getApplications() { return listed; }
    public SigningKey getSigningKey() { return signingKey; }
    public String getIssuer() { return Issuer.of(baseUrl(), getProjectId()); }
    public String getDiscoveryUrl() { return getIssuer() + "/.well-known/openid-configuration"; }
    public ApplicationForm getRegistration() { return registration; }
    public ApplicationForm getEditing() { return editing; }
    public Issued getIssued() { return issued; }
}
