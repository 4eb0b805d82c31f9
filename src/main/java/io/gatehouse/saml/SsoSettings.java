package io.gatehouse.saml;

import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.DomainException;
import io.gatehouse.platform.Versions;
import io.gatehouse.project.Project;
import io.gatehouse.project.Projects;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** A project's single sign-on settings: IdP metadata, default role, just-in-time provisioning, IdP-initiated sign-in. */
@ApplicationScoped
public class SsoSettings {
    private Database database;
    private AuditLog audit;
    private Projects projects;
    private IdpMetadataFetcher fetcher;

    protected SsoSettings() {
    }

    @Inject
    public SsoSettings(Database database, AuditLog audit, Projects projects, IdpMetadataFetcher fetcher) {
        this.fetcher = fetcher;
        this.database = database;
        this.audit = audit;
        this.projects = projects;
    }

    /** What an admin may change; null fields stay as they are. */
    public record Change(String idpMetadataUrl, String idpMetadataXml, String defaultRoleId, Boolean jitEnabled,
                         Boolean idpInitiatedAllowed) {
    }

    /** The settings together with the project they belong to. */
    public record View(Project project, SamlSettings saml) {
    }

    public View get(String projectId) {
        return database.read(em -> new View(Projects.require(em, projectId), require(em, projectId)));
    }

    public View update(String projectId, Change change, Long expectedVersion, Actor actor) {
        if (change.idpMetadataUrl() != null && change.idpMetadataXml() != null) {
            throw DomainException.invalid("Give either idpMetadataUrl or idpMetadataXml, not both");
        }
        String url = change.idpMetadataUrl() == null ? null : IdpMetadata.validUrl(change.idpMetadataUrl());
        String xml = change.idpMetadataXml() == null ? null : IdpMetadata.validXml(change.idpMetadataXml());
        View updated = write(projectId, change, expectedVersion, actor, url, xml);
        if (url != null) {
            fetcher.refresh(projectId); // the admin sees at once whether the URL works
            return get(projectId);
        }
        return updated;
    }

    /** Fetches the project's IdP metadata URL again now. */
    public View refreshMetadata(String projectId, Actor actor) {
        String error = fetcher.refresh(projectId);
        database.writing(em -> record(em, projectId, actor, error == null ? "IdP metadata fetched again"
                : "IdP metadata fetch failed: " + error));
        return get(projectId);
    }

    private View write(String projectId, Change change, Long expectedVersion, Actor actor, String url, String xml) {
        return database.write(em -> {
            Project project = Projects.require(em, projectId);
            SamlSettings saml = require(em, projectId);
            Versions.check(expectedVersion, saml.version());
            if (change.defaultRoleId() != null) {
                projects.setDefaultRole(em, projectId, change.defaultRoleId(), actor);
            }
            if (url != null) {
                saml.metadataUrl(url);
                record(em, projectId, actor, "IdP metadata URL set to " + url);
            }
            if (xml != null) {
                saml.metadataXml(xml);
                record(em, projectId, actor, "IdP metadata XML uploaded (" + xml.length() + " characters)");
            }
            if (change.jitEnabled() != null && change.jitEnabled() != saml.jitEnabled()) {
                saml.jitEnabled(change.jitEnabled());
                record(em, projectId, actor, "Just-in-time provisioning " + (change.jitEnabled() ? "enabled" : "disabled"));
            }
            if (change.idpInitiatedAllowed() != null && change.idpInitiatedAllowed() != saml.idpInitiatedAllowed()) {
                saml.idpInitiatedAllowed(change.idpInitiatedAllowed());
                record(em, projectId, actor, "IdP-initiated sign-in " + (change.idpInitiatedAllowed() ? "allowed" : "refused"));
            }
            return new View(project, saml);
        });
    }

    private void record(EntityManager em, String projectId, Actor actor, String summary) {
        audit.record(em, projectId, actor, AuditLog.Entry.of("sso.update", "project", projectId, summary));
    }

    private static SamlSettings require(EntityManager em, String projectId) {
        SamlSettings settings = em.find(SamlSettings.class, projectId);
        if (settings == null) {
            throw DomainException.notFound("Project");
        }
        return settings;
    }
}
