package io.gatehouse.scim;

import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.DomainException;
import io.gatehouse.platform.Ids;
import io.gatehouse.platform.Names;
import io.gatehouse.platform.Secrets;
import io.gatehouse.project.Projects;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * SCIM tokens: generated (the clear token is returned once), rotated (the new token and the old one
 * are both valid until the old one is revoked), revoked, and checked on every SCIM request.
 */
@ApplicationScoped
public class ScimTokens {
    static final String PREFIX = "gst";
    /** last-used times are written at most this often, so SCIM traffic does not write on every request */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private Database database;
    private AuditLog audit;

    protected ScimTokens() {
    }

    @Inject
    public ScimTokens(Database database, AuditLog audit) {
        this.database = database;
        this.audit = audit;
    }

    /** A token as just issued: the only time its clear value exists. */
    public record Issued(ScimToken token, String secret) {
    }

    public Issued generate(String projectId, String name, Actor actor) {
        String label = Optional.ofNullable(Names.optional("name", name, 200)).orElse("SCIM token");
        return database.write(em -> {
            Projects.require(em, projectId);
            return issue(em, projectId, label, null, actor);
        });
    }

    /** A new token replacing an active one; the old one stays valid until it is revoked. */
    public Issued rotate(String projectId, String tokenId, Actor actor) {
        return database.write(em -> {
            ScimToken old = require(em, projectId, tokenId);
            if (old.revoked()) {
                throw DomainException.conflict("The token is revoked; generate a new one instead");
            }
            return issue(em, projectId, old.name(), old.id(), actor);
        });
    }

    public void revoke(String projectId, String tokenId, Actor actor) {
        database.writing(em -> {
            ScimToken token = require(em, projectId, tokenId);
            if (!token.revoked()) {
                token.revoke();
                audit.record(em, projectId, actor, AuditLog.Entry.of("scim-token.revoke", "scim-token", tokenId,
                        "Revoked SCIM token \"" + token.name() + "\""));
            }
        });
    }

    public List<ScimToken> list(String projectId) {
        return database.read(em -> {
            Projects.require(em, projectId);
            return em.createQuery("SELECT t FROM ScimToken t WHERE t.projectId = :p ORDER BY t.createdAt DESC", ScimToken.class)
                    .setParameter("p", projectId).getResultList();
        });
    }

    /** The active token a presented bearer value belongs to; empty for unknown, malformed or revoked ones. */
    public Optional<ScimToken> authenticate(String presented) {
        Optional<String> id = Secrets.idOf(PREFIX, presented);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        Optional<ScimToken> token = database.read(em -> Optional.ofNullable(em.find(ScimToken.class, id.get())))
                .filter(t -> !t.revoked() && Secrets.matches(presented, t.secretHash()));
        token.filter(ScimTokens::lastUseIsStale).ifPresent(this::markUsed);
        return token;
    }

    private Issued issue(EntityManager em, String projectId, String name, String replacesId, Actor actor) {
        String id = Ids.next();
        String secret = Secrets.issue(PREFIX, id);
        ScimToken token = new ScimToken(id, projectId, name, Secrets.hash(secret), replacesId);
        em.persist(token);
        audit.record(em, projectId, actor, AuditLog.Entry.of(replacesId == null ? "scim-token.generate" : "scim-token.rotate",
                "scim-token", id, (replacesId == null ? "Generated" : "Rotated") + " SCIM token \"" + name + "\""));
        return new Issued(token, secret);
    }

    private static boolean lastUseIsStale(ScimToken token) {
        return token.lastUsedAt() == null || token.lastUsedAt().isBefore(Instant.now().minus(LAST_USED_RESOLUTION));
    }

    private void markUsed(ScimToken token) {
        try {
            database.writing(em -> Optional.ofNullable(em.find(ScimToken.class, token.id()))
                    .ifPresent(t -> t.used(Instant.now())));
        } catch (RuntimeException concurrentUpdate) {
            // best effort: the last-used time is informational
        }
    }

    static ScimToken require(EntityManager em, String projectId, String tokenId) {
        ScimToken token = tokenId == null ? null : em.find(ScimToken.class, tokenId);
        if (token == null || !token.projectId().equals(projectId)) {
            throw DomainException.notFound("SCIM token");
        }
        return token;
    }
}
