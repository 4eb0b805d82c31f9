package io.gatehouse.saml;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * A project's identity-provider settings: where its metadata comes from, just-in-time provisioning,
 * and whether IdP-initiated (unsolicited) sign-ins are accepted.
 */
@Entity
@Table(name = "gh_saml_settings")
public class SamlSettings {
    @Id
    @Column(name = "project_id")
    private String projectId;
    @Column(name = "idp_metadata_url")
    private String idpMetadataUrl;
    @Lob
    @Column(name = "idp_metadata_xml")
    private String idpMetadataXml;
    @Column(name = "jit_enabled")
    private boolean jitEnabled;
    @Column(name = "idp_initiated_allowed")
    private boolean idpInitiatedAllowed = true;
    @Column(name = "last_modified")
    private Instant lastModified;
    @Lob
    @Column(name = "sp_certificate")
    private String spCertificate;
    /** Encrypted with the key-encryption key (platform.KeyEncryption), never in clear. */
    @Lob
    @Column(name = "sp_private_key")
    private String spPrivateKey;
    @Column(name = "sp_key_created_at")
    private Instant spKeyCreatedAt;
    @Lob
    @Column(name = "idp_metadata_cached")
    private String idpMetadataCached;
    @Column(name = "idp_metadata_fetched_at")
    private Instant idpMetadataFetchedAt;
    @Column(name = "idp_metadata_error")
    private String idpMetadataError;
    @Column(name = "idp_metadata_error_at")
    private Instant idpMetadataErrorAt;
    @Column(name = "last_sign_in_at")
    private Instant lastSignInAt;
    @Column(name = "last_failure_at")
    private Instant lastFailureAt;
    @Column(name = "last_failure_reason")
    private String lastFailureReason;
    @Version
    private long version;

    protected SamlSettings() {
    }

    public SamlSettings(String projectId) {
        this.projectId = projectId;
        this.lastModified = Instant.now();
    }

    void metadataUrl(String url) {
        this.idpMetadataUrl = url;
        this.idpMetadataXml = null;
        forgetFetched();
        this.lastModified = Instant.now();
    }

    void metadataXml(String xml) {
        this.idpMetadataXml = xml;
        this.idpMetadataUrl = null;
        forgetFetched();
        this.lastModified = Instant.now();
    }

    private void forgetFetched() {
        this.idpMetadataCached = null;
        this.idpMetadataFetchedAt = null;
        this.idpMetadataError = null;
        this.idpMetadataErrorAt = null;
    }

    void jitEnabled(boolean enabled) {
        this.jitEnabled = enabled;
        this.lastModified = Instant.now();
    }

    void idpInitiatedAllowed(boolean allowed) {
        this.idpInitiatedAllowed = allowed;
        this.lastModified = Instant.now();
    }

    void spKeyPair(String certificatePem, String sealedPrivateKey) {
        this.spCertificate = certificatePem;
        this.spPrivateKey = sealedPrivateKey;
        this.spKeyCreatedAt = Instant.now();
        this.lastModified = spKeyCreatedAt;
    }

    /** The metadata pac4j is given: the pasted XML, else the copy last fetched from the URL. */
    public String effectiveIdpMetadata() {
        return idpMetadataXml != null ? idpMetadataXml : idpMetadataCached;
    }

    public String projectId() { return projectId; }
    public String spCertificate() { return spCertificate; }
    String spPrivateKey() { return spPrivateKey; }
    public Instant spKeyCreatedAt() { return spKeyCreatedAt; }
    public Instant idpMetadataFetchedAt() { return idpMetadataFetchedAt; }
    public String idpMetadataError() { return idpMetadataError; }
    public Instant idpMetadataErrorAt() { return idpMetadataErrorAt; }
    public Instant lastSignInAt() { return lastSignInAt; }
    public Instant lastFailureAt() { return lastFailureAt; }
    public String lastFailureReason() { return lastFailureReason; }
    public String idpMetadataUrl() { return idpMetadataUrl; }
    public String idpMetadataXml() { return idpMetadataXml; }
    public boolean jitEnabled() { return jitEnabled; }
    public boolean idpInitiatedAllowed() { return idpInitiatedAllowed; }
    public Instant lastModified() { return lastModified; }
    public long version() { return version; }
}
