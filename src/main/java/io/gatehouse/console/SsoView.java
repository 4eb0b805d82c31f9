package io.gatehouse.console;

import io.gatehouse.project.Project;
import io.gatehouse.role.Role;
import io.gatehouse.role.Roles;
import io.gatehouse.saml.SamlSettings;
import io.gatehouse.saml.SpKeys;
import io.gatehouse.saml.SpUrls;
import io.gatehouse.saml.SsoSettings;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A project's single sign-on settings: the URLs for the IdP, the IdP's metadata, default role, JIT,
 * IdP-initiated sign-in, SP certificate.
 */
@Named
@ViewScoped
public class SsoView extends ProjectPage {
    private static final long serialVersionUID = 1L;

    @Inject
    SsoSettings sso;
    @Inject
    SpKeys keys;
    @Inject
    Roles roles;

    private transient Project project;
    private transient SamlSettings saml;
    private transient SpUrls urls;
    private transient List<Role> roleList;
    private long version;

    private String metadataSource = "url";
    private String metadataUrl;
    private String metadataXml;
    private String defaultRoleId;
    private boolean jitEnabled;
    private boolean idpInitiatedAllowed;

    @Override
    protected void load() {
        saml = keys.ensure(getProjectId()); // the SP certificate exists from the moment an admin looks
        SsoSettings.View view = sso.get(getProjectId());
        project = view.project();
        saml = view.saml();
        version = saml.version();
        urls = SpUrls.of(baseUrl(), project);
        roleList = roles.list(getProjectId());
        metadataUrl = saml.idpMetadataUrl();
        metadataSource = saml.idpMetadataXml() != null ? "xml" : "url";
        metadataXml = null;
        defaultRoleId = project.defaultRoleId();
        jitEnabled = saml.jitEnabled();
        idpInitiatedAllowed = saml.idpInitiatedAllowed();
    }

    /** Saves the IdP metadata (URL, fetched at once, or XML), default role, JIT and IdP-initiated sign-in in one change. */
    public void save() {
        boolean xml = "xml".equals(metadataSource);
        String url = xml ? null : blankToNull(metadataUrl);
        String pasted = xml ? blankToNull(metadataXml) : null;
        if (url != null && url.equals(saml.idpMetadataUrl())) {
            url = null; // unchanged: no refetch
        }
        if (xml && pasted == null && saml.idpMetadataXml() == null) {
            Messages.error("Paste the identity provider's metadata XML, or choose a metadata URL.");
            return;
        }
        SsoSettings.Change change = new SsoSettings.Change(url, pasted, defaultRoleId, jitEnabled, idpInitiatedAllowed);
        SsoSettings.View saved = Messages.attempt(() -> sso.update(getProjectId(), change, version, actor()), null);
        if (saved != null) {
            load();
            if (saml.idpMetadataError() != null) {
                Messages.error("Settings saved, but the IdP metadata could not be fetched: " + saml.idpMetadataError());
            } else {
                Messages.info("Single sign-on settings saved.");
            }
        }
    }

    public void refetch() {
        if (Messages.attempt(() -> sso.refreshMetadata(getProjectId(), actor()), null) != null) {
            load();
            if (saml.idpMetadataError() != null) {
                Messages.error("The IdP metadata could not be fetched: " + saml.idpMetadataError());
            } else {
                Messages.info("IdP metadata fetched.");
            }
        }
    }

    public void rollOver() {
        if (Messages.attempt(() -> keys.rollOver(getProjectId(), actor()),
                "New SP key pair and certificate. Give the identity provider the new SP metadata.") != null) {
            load();
        }
    }

    /** The SP certificate as a PEM file. */
    public void downloadCertificate() throws IOException {
        FacesContext faces = FacesContext.getCurrentInstance();
        ExternalContext external = faces.getExternalContext();
        byte[] pem = saml.spCertificate().getBytes(StandardCharsets.US_ASCII);
        external.responseReset();
        external.setResponseContentType("application/x-pem-file");
        external.setResponseContentLength(pem.length);
        external.setResponseHeader("Content-Disposition", "attachment; filename=\"gatehouse-sp-" + getProjectId() + ".pem\"");
        try (OutputStream out = external.getResponseOutputStream()) {
            out.write(pem);
        }
        faces.responseComplete();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    public Project getProject() { return project; }
    public SamlSettings getSaml() { return saml; }
    public SpUrls getUrls() { return urls; }
    public List<Role> getRoles() { return roleList; }
    public String getScimBaseUrl() { return baseUrl() + "/scim/v2"; }
    public String getConsoleSignInUrl() { return baseUrl() + io.gatehouse.saml.RelayState.consoleSignIn(getProjectId()); }

    public String getDefaultRoleName() {
        return roleList.stream().filter(r -> r.id().equals(project.defaultRoleId())).map(Role::name).findFirst().orElse("none");
    }

    public String getMetadataSource() { return metadataSource; }
    public void setMetadataSource(String metadataSource) { this.metadataSource = metadataSource; }
    public String getMetadataUrl() { return metadataUrl; }
    public void setMetadataUrl(String metadataUrl) { this.metadataUrl = metadataUrl; }
    public String getMetadataXml() { return metadataXml; }
    public void setMetadataXml(String metadataXml) { this.metadataXml = metadataXml; }
    public String getDefaultRoleId() { return defaultRoleId; }
    public void setDefaultRoleId(String defaultRoleId) { this.defaultRoleId = defaultRoleId; }
    public boolean isJitEnabled() { return jitEnabled; }
    public void setJitEnabled(boolean jitEnabled) { this.jitEnabled = jitEnabled; }
    public boolean isIdpInitiatedAllowed() { return idpInitiatedAllowed; }
    public void setIdpInitiatedAllowed(boolean idpInitiatedAllowed) { this.idpInitiatedAllowed = idpInitiatedAllowed; }
}
