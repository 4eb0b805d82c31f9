package io.gatehouse.console;

import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditEvent;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.saml.SamlSettings;
import io.gatehouse.saml.SsoSettings;
import io.gatehouse.scim.ScimActivity;
import io.gatehouse.scim.ScimRequest;
import io.gatehouse.scim.ScimToken;
import io.gatehouse.scim.ScimTokens;
import io.gatehouse.user.Users;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/**
 * A project's home: the live status (last SCIM request, last successful and failed sign-in with
 * its reason, IdP metadata, tokens) and where to go next. The guided setup pages use it too.
 */
@Named
@ViewScoped
public class OverviewView extends ProjectPage {
    private static final long serialVersionUID = 1L;

    @Inject
    transient SsoSettings sso;
    @Inject
    transient ScimActivity scimActivity;
    @Inject
    transient ScimTokens tokens;
    @Inject
    transient AuditLog audit;
    @Inject
    transient Users users;

    private transient SamlSettings saml;
    private transient ScimRequest lastScim;
    private transient AuditEvent lastScimChange;
    private transient AuditEvent lastSignIn;
    private transient AuditEvent lastFailure;
    private transient List<ScimToken> activeTokens;
    private long userCount;

    @Override
    protected void load() {
        saml = sso.get(getProjectId()).saml();
        lastScim = scimActivity.last(getProjectId()).orElse(null);
        lastScimChange = latest(new AuditLog.Query(Actor.Source.SCIM, null, null, null, 1));
        lastSignIn = latest(new AuditLog.Query(null, "saml.sign-in", null, null, 1));
        lastFailure = latest(new AuditLog.Query(null, "saml.sign-in-failed", null, null, 1));
        activeTokens = tokens.list(getProjectId()).stream().filter(t -> !t.revoked()).toList();
        userCount = users.count(getProjectId(), null);
    }

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

    public boolean isIdpConfigured() {
        return saml.effectiveIdpMetadata() != null;
    }

    public String getScimBaseUrl() {
        return baseUrl() + "/scim/v2";
    }
}
