package io.gatehouse.admin;

import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.DomainException;
import io.gatehouse.platform.Ids;
import io.gatehouse.platform.Names;
import io.gatehouse.platform.PasswordHasher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Console administrators with a local account (every project): the bootstrap admin and the ones
 * admins add; password checks with lock-out after repeated failures, password changes, removal.
 */
@ApplicationScoped
public class AdminAccounts {
    public static final String BOOTSTRAP_USERNAME = "admin";
    static final int MAX_FAILED_ATTEMPTS = 5;
    static final Duration LOCK_DURATION = Duration.ofMinutes(15);
    private static final int USERNAME_MAX = 100;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@+-]+");
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

    /** Whether the console has any local admin. */
    public boolean any() {
        return database.read(AdminAccounts::anyIn);
    }

    /** Creates the bootstrap admin with this password unless the console has an admin already. */
    public boolean createBootstrapAdmin(String password) {
        String hash = PasswordHasher.hash(password);
        return database.write(em -> {
            if (anyIn(em)) {
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

    public List<AdminAccount> list() {
        return database.read(em -> em.createQuery("SELECT a FROM AdminAccount a ORDER BY a.usernameKey", AdminAccount.class)
                .getResultList());
    }

    /** A new local admin; the name is unique case-insensitively (the unique index decides a race). */
    public AdminAccount create(String username, String password, Actor actor) {
        String name = Names.require("username", username, USERNAME_MAX);
        if (!USERNAME.matcher(name).matches()) {
            throw DomainException.invalid("username may contain letters, digits and . _ @ + - only");
        }
        String hash = PasswordHasher.hash(PasswordHasher.requireAcceptable(password));
        return database.write(em -> {
            if (find(em, name).isPresent()) {
                throw DomainException.conflict("An administrator named " + name + " already exists");
            }
            AdminAccount account = new AdminAccount(Ids.next(), name, hash);
            em.persist(account);
            audit.record(em, null, actor, AuditLog.Entry.of("admin.create", "admin", account.id(),
                    "Created console admin \"" + name + "\""));
            return account;
        });
    }

    /** Changes an admin's own password; the current one must be given (a left-open session is not enough). */
    public void changePassword(String username, String currentPassword, String newPassword, Actor actor) {
        PasswordHasher.requireAcceptable(newPassword);
        AdminAccount found = database.read(em -> find(em, username == null ? "" : username))
                .orElseThrow(() -> DomainException.notFound("Administrator"));
        if (!PasswordHasher.verify(currentPassword == null ? "" : currentPassword, found.passwordHash())) {
            throw DomainException.invalid("The current password is wrong");
        }
        String hash = PasswordHasher.hash(newPassword); // outside the transaction: Argon2id takes a while
        database.writing(em -> {
            AdminAccount account = em.find(AdminAccount.class, found.id());
            account.password(hash);
            audit.record(em, null, actor, AuditLog.Entry.of("admin.password-change", "admin", account.id(),
                    "Console admin " + account.username() + " changed their password"));
        });
    }

    /**
     * Removes another admin. Nobody removes themselves, and every admin row is locked first, so two
     * admins removing each other at once cannot leave the console without one.
     */
    public void delete(String accountId, String signedInUsername, Actor actor) {
        database.writing(em -> {
            List<AdminAccount> all = em.createQuery("SELECT a FROM AdminAccount a ORDER BY a.id", AdminAccount.class)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
            if (all.stream().noneMatch(a -> a.username().equalsIgnoreCase(signedInUsername))) {
                throw DomainException.conflict("Your account was removed meanwhile");
            }
            AdminAccount account = all.stream().filter(a -> a.id().equals(accountId)).findFirst()
                    .orElseThrow(() -> DomainException.notFound("Administrator"));
            if (account.username().equalsIgnoreCase(signedInUsername)) {
                throw DomainException.conflict("You cannot remove your own account; another administrator can");
            }
            em.remove(account);
            audit.record(em, null, actor, AuditLog.Entry.of("admin.delete", "admin", account.id(),
                    "Removed console admin \"" + account.username() + "\""));
        });
    }

    private static boolean anyIn(jakarta.persistence.EntityManager em) {
        return !em.createQuery("SELECT a.id FROM AdminAccount a", String.class).setMaxResults(1).getResultList().isEmpty();
    }

    private static Optional<AdminAccount> find(jakarta.persistence.EntityManager em, String username) {
        return em.createQuery("SELECT a FROM AdminAccount a WHERE a.usernameKey = :k", AdminAccount.class)
                .setParameter("k", Names.key(username)).getResultStream().findFirst();
    }
}
