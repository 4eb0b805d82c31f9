package io.gatehouse.member;

import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.member.SignInFailure.Reason;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.Names;
import io.gatehouse.platform.PasswordHasher;
import io.gatehouse.platform.UtcTimestamp;
import io.gatehouse.user.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;

/**
 * Password sign-in of regular users to a project's area. SSO users (provisioned, JIT or synced)
 * are sent to their identity provider instead. After {@link #MAX_FAILURES} wrong passwords in a row
 * the account's password sign-in pauses for {@link #LOCK}; an unknown name costs the same hash
 * time as a known one, so timing does not tell which names exist.
 */
@ApplicationScoped
public class PasswordSignIn {
    static final int MAX_FAILURES = 5;
    static final Duration LOCK = Duration.ofMinutes(15);
    private static final String UNKNOWN_USER_HASH = PasswordHasher.hash("timing-equaliser-" + System.nanoTime());

    private Database database;
    private AuditLog audit;

    protected PasswordSignIn() {
    }

    @Inject
    public PasswordSignIn(Database database, AuditLog audit) {
        this.database = database;
        this.audit = audit;
    }

    public User signIn(String projectId, String userName, String password) {
        String key = userName == null ? "" : Names.key(userName.strip());
        User user = database.read(em -> em.createQuery("SELECT u FROM User u WHERE u.projectId = :p AND u.userNameKey = :k",
                User.class).setParameter("p", projectId).setParameter("k", key).getResultStream().findFirst().orElse(null));
        if (user == null || user.passwordHash() == null) {
            PasswordHasher.verify(password == null ? "" : password, UNKNOWN_USER_HASH);
            if (user != null && user.origin().sso()) {
                throw fail(projectId, user, Reason.USE_IDP, "Password sign-in of an SSO user");
            }
            throw fail(projectId, user, Reason.BAD_PASSWORD, "Unknown user name " + key);
        }
        if (user.signInLockedUntil() != null && user.signInLockedUntil().isAfter(Instant.now())) {
            throw fail(projectId, user, Reason.LOCKED, "Password sign-in locked until " + user.signInLockedUntil());
        }
        if (!PasswordHasher.verify(password == null ? "" : password, user.passwordHash())) {
            recordFailure(user);
            throw fail(projectId, user, Reason.BAD_PASSWORD, "Wrong password");
        }
        if (!user.active()) {
            throw fail(projectId, user, Reason.DEACTIVATED, "Deactivated user");
        }
        database.writing(em -> {
            em.createNativeQuery("UPDATE gh_user SET failed_sign_ins = 0, sign_in_locked_until = NULL WHERE id = ?1")
                    .setParameter(1, user.id()).executeUpdate();
            audit.record(em, projectId, Actor.signIn(user.userName()), AuditLog.Entry.of("password.sign-in", "user", user.id(),
                    "Signed in with a password as " + user.userName()));
        });
        return user;
    }

    private void recordFailure(User user) {
        database.writing(em -> {
            // native SQL: throttling is not a change to the user, so the user's version (SCIM ETag) stays
            em.createNativeQuery("UPDATE gh_user SET failed_sign_ins = failed_sign_ins + 1 WHERE id = ?1")
                    .setParameter(1, user.id()).executeUpdate();
            em.createNativeQuery("UPDATE gh_user SET failed_sign_ins = 0, sign_in_locked_until = ?1 WHERE id = ?2"
                            + " AND failed_sign_ins >= ?3")
                    .setParameter(1, UtcTimestamp.sql(Instant.now().plus(LOCK))).setParameter(2, user.id())
                    .setParameter(3, MAX_FAILURES).executeUpdate();
        });
    }

    private SignInFailure fail(String projectId, User user, Reason reason, String detail) {
        database.writing(em -> audit.record(em, projectId, Actor.signIn(user == null ? "unknown" : user.userName()),
                new AuditLog.Entry("password.sign-in-failed", "user", user == null ? null : user.id(),
                        "Password sign-in refused: " + reason.title(), detail)));
        return new SignInFailure(reason, detail);
    }
}
