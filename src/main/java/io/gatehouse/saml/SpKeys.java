package io.gatehouse.saml;

import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.DomainException;
import io.gatehouse.platform.KeyEncryption;
import io.gatehouse.project.Projects;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

/**
 * The projects' SP key pairs: generated on first use, kept in the database with the private key
 * encrypted (KeyEncryption), rolled over by an admin.
 */
@ApplicationScoped
public class SpKeys {
    private Database database;
    private KeyEncryption encryption;
    private AuditLog audit;

    protected SpKeys() {
    }

    @Inject
    public SpKeys(Database database, KeyEncryption encryption, AuditLog audit) {
        this.database = database;
        this.encryption = encryption;
        this.audit = audit;
    }

    /** The project's SAML settings, with an SP key pair generated first if it has none yet. */
    public SamlSettings ensure(String projectId) {
        SamlSettings settings = database.read(em -> em.find(SamlSettings.class, projectId));
        if (settings == null) {
            throw DomainException.notFound("Project");
        }
        if (settings.spCertificate() != null) {
            return settings;
        }
        return database.write(em -> {
            SamlSettings locked = lock(em, projectId); // two nodes racing: the second sees the first's pair
            if (locked.spCertificate() == null) {
                install(em, locked, Actor.system(), "SP key pair generated");
            }
            return locked;
        });
    }

    /** Replaces the project's SP key pair; the IdP must be given the new certificate (or metadata). */
    public SamlSettings rollOver(String projectId, Actor actor) {
        return database.write(em -> install(em, lock(em, projectId), actor, "SP key pair rolled over"));
    }

    public SpKeyPair keyPair(SamlSettings settings) {
        byte[] key = encryption.decrypt(settings.spPrivateKey(), settings.projectId());
        return SpKeyPair.of(key, settings.spCertificate());
    }

    private SamlSettings install(EntityManager em, SamlSettings settings, Actor actor, String summary) {
        String projectName = Projects.require(em, settings.projectId()).name();
        SpKeyPair pair = SpKeyPair.generate(projectName);
        settings.spKeyPair(pair.certificatePem(), encryption.encrypt(pair.privateKey().getEncoded(), settings.projectId()));
        audit.record(em, settings.projectId(), actor, AuditLog.Entry.of("sso.sp-key", "project", settings.projectId(),
                summary + " (certificate valid until " + pair.certificate().getNotAfter().toInstant() + ")"));
        return settings;
    }

    private static SamlSettings lock(EntityManager em, String projectId) {
        SamlSettings settings = em.find(SamlSettings.class, projectId, LockModeType.PESSIMISTIC_WRITE);
        if (settings == null) {
            throw DomainException.notFound("Project");
        }
        return settings;
    }
}
