package io.gatehouse.oidc;

import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.DomainException;
import io.gatehouse.platform.Ids;
import io.gatehouse.platform.Secrets;
import io.gatehouse.platform.Versions;
import io.gatehouse.project.Projects;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;

/**
 * A project's applications (OpenID Connect clients): registered, changed, removed, and their client
 * secrets issued (the clear secret exists only in the answer), rotated with overlap and revoked, the
 * way SCIM tokens are. Every change is audited.
 */
@ApplicationScoped
public class Applications {
    static final String SECRET_PREFIX = "ghc";

    private Database database;
    private AuditLog audit;

    protected Applications() {
    }

    @Inject
    public Applications(Database database, AuditLog audit) {
        this.database = database;
        this.audit = audit;
    }

    /** An application with the secret just issued to it (null for a public application or a plain read). */
    public record Issued(Application application, ApplicationSecret secret, String clearSecret) {
    }

    public Issued register(String projectId, ApplicationSettings settings, boolean publicClient, Actor actor) {
        return database.write(em -> {
            Projects.require(em, projectId);
            Application app = new Application(Ids.next(), projectId, Secrets.random(18), settings.name(), publicClient);
            app.configure(settings);
            em.persist(app);
            audit.record(em, projectId, actor, AuditLog.Entry.of("application.create", "application", app.id(),
                    "Registered " + (publicClient ? "public" : "confidential") + " application \"" + app.name() + "\""));
            return publicClient ? new Issued(app, null, null) : issueSecret(em, app, actor, false);
        });
    }

    public List<Application> list(String projectId) {
        return database.read(em -> {
            Projects.require(em, projectId);
            return em.createQuery("SELECT a FROM Application a WHERE a.projectId = :p ORDER BY a.createdAt", Application.class)
                    .setParameter("p", projectId).getResultList();
        });
    }

    public Application get(String projectId, String applicationId) {
        return database.read(em -> require(em, projectId, applicationId));
    }

    public Application update(String projectId, String applicationId, ApplicationSettings settings, Long expectedVersion,
                              Actor actor) {
        return database.write(em -> {
            Application app = require(em, projectId, applicationId);
            Versions.check(expectedVersion, app.version());
            app.configure(settings);
            audit.record(em, projectId, actor, AuditLog.Entry.of("application.update", "application", app.id(),
                    "Updated application \"" + app.name() + "\""));
            return app;
        });
    }

    /** Removes the application: its secrets, codes and refresh tokens go with it (cascade). */
    public void delete(String projectId, String applicationId, Actor actor) {
        database.writing(em -> {
            Application app = require(em, projectId, applicationId);
            em.remove(app);
            audit.record(em, projectId, actor, AuditLog.Entry.of("application.delete", "application", app.id(),
                    "Removed application \"" + app.name() + "\""));
        });
    }

    public List<ApplicationSecret> secrets(String projectId, String applicationId) {
        return database.read(em -> {
            require(em, projectId, applicationId);
            return em.createQuery("SELECT s FROM ApplicationSecret s WHERE s.applicationId = :a ORDER BY s.createdAt",
                    ApplicationSecret.class).setParameter("a", applicationId).getResultList();
        });
    }

    /** A new secret; the ones issued before stay valid until revoked, so the application can be redeployed in between. */
    public Issued rotateSecret(String projectId, String applicationId, Actor actor) {
        return database.write(em -> {
            Application app = require(em, projectId, applicationId);
            if (app.publicClient()) {
                throw DomainException.conflict("A public application has no client secret; it uses PKCE");
            }
            return issueSecret(em, app, actor, true);
        });
    }

    public void revokeSecret(String projectId, String applicationId, String secretId, Actor actor) {
        database.writing(em -> {
            Application app = require(em, projectId, applicationId);
            ApplicationSecret secret = secretId == null ? null : em.find(ApplicationSecret.class, secretId);
            if (secret == null || !secret.applicationId().equals(app.id())) {
                throw DomainException.notFound("Client secret");
            }
            if (!secret.revoked()) {
                secret.revoke();
                audit.record(em, projectId, actor, AuditLog.Entry.of("application.secret-revoke", "application", app.id(),
                        "Revoked a client secret of application \"" + app.name() + "\""));
            }
        });
    }

    public Optional<Application> find(String projectId, String applicationId) {
        return database.read(em -> Optional.ofNullable(applicationId == null ? null : em.find(Application.class, applicationId))
                .filter(a -> a.projectId().equals(projectId)));
    }

    /** The application with this client id in this project, for the OpenID Connect endpoints. */
    public Optional<Application> byClientId(String projectId, String clientId) {
        return database.read(em -> byClientId(em, projectId, clientId));
    }

    static Optional<Application> byClientId(EntityManager em, String projectId, String clientId) {
        if (clientId == null || clientId.length() > 64) { // longer than any we issue: not worth a query
            return Optional.empty();
        }
        return em.createQuery("SELECT a FROM Application a WHERE a.clientId = :c", Application.class)
                .setParameter("c", clientId).getResultStream().findFirst()
                .filter(a -> a.projectId().equals(projectId)); // a client of another project is unknown here
    }

    /** Whether the presented secret is an active secret of this application, compared in constant time. */
    public boolean secretMatches(Application app, String presented) {
        return database.read(em -> secretMatches(em, app, presented));
    }

    static boolean secretMatches(EntityManager em, Application app, String presented) {
        Optional<String> id = Secrets.idOf(SECRET_PREFIX, presented);
        if (id.isEmpty() || app.publicClient()) {
            return false;
        }
        ApplicationSecret secret = em.find(ApplicationSecret.class, id.get());
        return secret != null && !secret.revoked() && secret.applicationId().equals(app.id())
                && Secrets.matches(presented, secret.secretHash());
    }

    private Issued issueSecret(EntityManager em, Application app, Actor actor, boolean rotation) {
        String id = Ids.next();
        String clear = Secrets.issue(SECRET_PREFIX, id);
        ApplicationSecret secret = new ApplicationSecret(id, app.id(), Secrets.hash(clear));
        em.persist(secret);
        if (rotation) {
            audit.record(em, app.projectId(), actor, AuditLog.Entry.of("application.secret-rotate", "application", app.id(),
                    "Issued a new client secret for application \"" + app.name() + "\" (the earlier ones stay valid until revoked)"));
        }
        return new Issued(app, secret, clear);
    }

    static Application require(EntityManager em, String projectId, String applicationId) {
        Application app = applicationId == null ? null : em.find(Application.class, applicationId);
        if (app == null || !app.projectId().equals(projectId)) {
            throw DomainException.notFound("Application");
        }
        return app;
    }
}
