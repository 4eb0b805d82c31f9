package io.gatehouse.saml;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A project's identity-provider settings: where its metadata comes from, and just-in-time provisioning. */
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
    @Column(name = "last_modified")
    private Instant lastModified;
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
        this.lastModified = Instant.now();
    }

    void metadataXml(String xml) {
        this.idpMetadataXml = xml;
        this.idpMetadataUrl = null;
        this.lastModified = Instant.now();
    }

    void jitEnabled(boolean enabled) {
        this.jitEnabled = enabled;
        this.lastModified = Instant.now();
    }

    public String projectId() { return projectId; }
    public String idpMetadataUrl() { return idpMetadataUrl; }
    public String idpMetadataXml() { return idpMetadataXml; }
    public boolean jitEnabled() { return jitEnabled; }
    public Instant lastModified() { return lastModified; }
    public long version() { return version; }
}
