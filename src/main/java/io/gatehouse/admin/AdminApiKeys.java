package io.gatehouse.admin;

import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.DomainException;
import io.gatehouse.platform.Ids;
import io.gatehouse.platform.Names;
import io.gatehouse.platform.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Management API keys. The bootstrap key comes from configuration (GATEHOUSE_ADMIN_API_KEY) and is
 * stored as a hash at start-up; further keys are created through the API. Every check hashes the
 * presented key and compares hashes in constant time.
 */
@ApplicationScoped
public class AdminApiKeys {
    static final String PREFIX = "gha";
    static final int BOOTSTRAP_MIN_LENGTH = 24;

    private Database database;
    private AuditLog audit;

    protected AdminApiKeys() {
    }

    @Inject
    public AdminApiKeys(Database database, AuditLog audit) {
        this.database = database;
        this.audit = audit;
    }

    public record Issued(AdminApiKey key, String secret) {
    }

    /** Stores the hash of the configured bootstrap key, replacing an earlier one. */
    public void installBootstrapKey(String configuredKey) {
        if (configuredKey.length() < BOOTSTRAP_MIN_LENGTH) {
            throw new IllegalArgumentException("GATEHOUSE_ADMIN_API_KEY must be at least " + BOOTSTRAP_MIN_LENGTH + " characters");
        }
        String hash = Secrets.hash(configuredKey);
        database.writing(em -> {
            AdminApiKey existing = em.find(AdminApiKey.class, AdminApiKey.BOOTSTRAP_ID);
            if (existing == null) {
                em.persist(new AdminApiKey(AdminApiKey.BOOTSTRAP_ID, "Bootstrap key (GATEHOUSE_ADMIN_API_KEY)", hash));
                audit.record(em, null, Actor.system(), AuditLog.Entry.of("admin-key.bootstrap", "admin-key",
                        AdminApiKey.BOOTSTRAP_ID, "Installed the bootstrap admin API key from configuration"));
            } else if (!Secrets.matches(configuredKey, existing.secretHash()) || existing.revoked()) {
                existing.secretHash(hash);
                audit.record(em, null, Actor.system(), AuditLog.Entry.of("admin-key.bootstrap", "admin-key",
                        AdminApiKey.BOOTSTRAP_ID, "Replaced the bootstrap admin API key from configuration"));
            }
        });
    }

    public boolean hasBootstrapKey() {
        return database.read(em -> em.find(AdminApiKey.class, AdminApiKey.BOOTSTRAP_ID) != null);
    }

    public Issued create(String name, Actor actor) {
        String label = Names.require("name", name, 200);
        return database.write(em -> {
            String id = Ids.next();
            String secret = Secrets.issue(PREFIX, id);
            AdminApiKey key = new AdminApiKey(id, label, Secrets.hash(secret));
            em.persist(key);
            audit.record(em, null, actor, AuditLog.Entry.of("admin-key.create", "admin-key", id,
                    "Created admin API key \"" + label + "\""));
            return new Issued(key, secret);
        });
    }

    public List<AdminApiKey> list() {
        return database.read(em -> em.createQuery("SELECT k FROM AdminApiKey k ORDER BY k.createdAt", AdminApiKey.class)
                .getResultList());
    }

    public void revoke(String keyId, Actor actor) {
        database.writing(em -> {
            AdminApiKey key = keyId == null ? null : em.find(AdminApiKey.class, keyId);
            if (key == null) {
                throw DomainException.notFound("Admin API key");
            }
            if (!key.revoked()) {
                key.revoke();
                audit.record(em, null, actor, AuditLog.Entry.of("admin-key.revoke", "admin-key", keyId,
                        "Revoked admin API key \"" + key.name() + "\""));
            }
        });
    }

    /** The active key a presented bearer value belongs to, if any. */
    public Optional<AdminApiKey> authenticate(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 512) {
            return Optional.empty();
        }
        String id = Secrets.idOf(PREFIX, presented).orElse(AdminApiKey.BOOTSTRAP_ID);
        return database.read(em -> Optional.ofNullable(em.find(AdminApiKey.class, id)))
                .filter(key -> !key.revoked() && Secrets.matches(presented, key.secretHash()));
    }
}
