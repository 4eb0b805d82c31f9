package io.gatehouse.admin;

import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.Ids;
import io.gatehouse.platform.Names;
import io.gatehouse.platform.PasswordHasher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Console administrators: the bootstrap admin, password checks with lock-out after repeated failures. */
@ApplicationScoped
public class AdminAccounts {
    public static final String BOOTSTRAP_USERNAME = "admin";
    static final int MAX_FAILED_ATTEMPTS = 5;
    static final Duration LOCK_DURATION = Duration.ofMinutes(15);
    /** verified when the username is unknown, so response time does not tell which usernames exist */
    private static final String DUMMY_HASH = PasswordHasher.hash("not a real password, only spends time");

    private Database database;
    private AuditLog audit;

    protected AdminAccounts() {
    }

    @Inject
    public AdminAccounts(Database database, AuditLog audit) {
        this.database = database;
        this.audit = audit;
    }

    public enum Outcome { SIGNED_IN, WRONG_CREDENTIALS, LOCKED }

    public record SignIn(Outcome outcome, AdminAccount account) {
    }

    public boolean exists(String username) {
        return database.read(em -> find(em, username).isPresent());
    }

    /** Creates the bootstrap admin with this password unless an account of that name exists. */
    public boolean createBootstrapAdmin(String password) {
        String hash = PasswordHasher.hash(password);
        return database.write(em -> {
            if (find(em, BOOTSTRAP_USERNAME).isPresent()) {
                return false;
            }
            AdminAccount account = new AdminAccount(Ids.next(), BOOTSTRAP_USERNAME, hash);
            em.persist(account);
            audit.record(em, null, Actor.system(), AuditLog.Entry.of("admin.create", "admin", account.id(),
                    "Created the bootstrap console admin \"" + BOOTSTRAP_USERNAME + "\""));
            return true;
        });
    }

    public SignIn signIn(String username, String password) {
        String name = username == null ? "" : username.strip();
        Optional<AdminAccount> found = database.read(em -> find(em, name));
        if (found.isEmpty()) {
            PasswordHasher.verify(password == null ? "" : password, DUMMY_HASH);
            return new SignIn(Outcome.WRONG_CREDENTIALS, null);
        }
        boolean correct = PasswordHasher.verify(password == null ? "" : password, found.get().passwordHash());
        return database.write(em -> {
            AdminAccount account = em.find(AdminAccount.class, found.get().id());
            Instant now = Instant.now();
            if (account.lockedAt(now)) {
                return new SignIn(Outcome.LOCKED, null);
            }
            if (!correct) {
                account.failed(now, MAX_FAILED_ATTEMPTS, LOCK_DURATION);
                audit.record(em, null, Actor.admin(account.username()), AuditLog.Entry.of("admin.sign-in-failed", "admin",
                        account.id(), "Wrong password for console admin " + account.username()
                                + (account.lockedAt(now) ? "; account locked for " + LOCK_DURATION.toMinutes() + " minutes" : "")));
                return new SignIn(account.lockedAt(now) ? Outcome.LOCKED : Outcome.WRONG_CREDENTIALS, null);
            }
            account.succeeded();
            audit.record(em, null, Actor.admin(account.username()), AuditLog.Entry.of("admin.sign-in", "admin",
                    account.id(), "Console admin " + account.username() + " signed in"));
            return new SignIn(Outcome.SIGNED_IN, account);
        });
    }

    private static Optional<AdminAccount> find(jakarta.persistence.EntityManager em, String username) {
        return em.createQuery("SELECT a FROM AdminAccount a WHERE a.usernameKey = :k", AdminAccount.class)
                .setParameter("k", Names.key(username)).getResultStream().findFirst();
    }
}
