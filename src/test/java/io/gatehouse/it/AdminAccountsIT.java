package io.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.admin.AdminAccount;
import io.gatehouse.admin.AdminAccounts;
import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.DomainException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Local console admins against the real database of this run (H2, PostgreSQL or MariaDB): the
 * refusals that keep the console administrable, including two admins removing each other at once.
 */
class AdminAccountsIT {
    static AdminAccounts accounts;

    @BeforeAll
    static void connect() {
        Database database = new Database(DriverManagerDataSource.forThisRun());
        accounts = new AdminAccounts(database, new AuditLog(database));
        accounts.list(); // migrates the schema
    }

    private static AdminAccount admin(String prefix) {
        return accounts.create(Api.unique(prefix).toLowerCase(), "a long enough password", Actor.system());
    }

    @Test
    void namesAreUniqueIgnoringCaseAndPasswordsFollowTheRule() {
        AdminAccount ops = admin("ops");
        DomainException duplicate = assertThrows(DomainException.class,
                () -> accounts.create(ops.username().toUpperCase(), "a long enough password", Actor.system()));
        assertEquals(DomainException.Kind.CONFLICT, duplicate.kind());
        assertThrows(DomainException.class, () -> accounts.create(Api.unique("short"), "too short", Actor.system()));
        assertThrows(DomainException.class, () -> accounts.create("with space", "a long enough password", Actor.system()));
        assertThrows(DomainException.class, () -> accounts.create("<script>", "a long enough password", Actor.system()));
    }

    @Test
    void aPasswordChangeNeedsTheCurrentPasswordAndReplacesIt() {
        AdminAccount ops = admin("pw");
        assertThrows(DomainException.class,
                () -> accounts.changePassword(ops.username(), "not the password", "the new password", Actor.system()));
        accounts.changePassword(ops.username(), "a long enough password", "the new password", Actor.system());
        assertEquals(AdminAccounts.Outcome.WRONG_CREDENTIALS, accounts.signIn(ops.username(), "a long enough password").outcome());
        assertEquals(AdminAccounts.Outcome.SIGNED_IN, accounts.signIn(ops.username(), "the new password").outcome());
    }

    @Test
    void nobodyRemovesThemselves() {
        AdminAccount ops = admin("self");
        DomainException refused = assertThrows(DomainException.class,
                () -> accounts.delete(ops.id(), ops.username(), Actor.admin(ops.username())));
        assertEquals(DomainException.Kind.CONFLICT, refused.kind());
        assertTrue(accounts.exists(ops.username()));
    }

    /** Without the lock on every admin row both removals would succeed and neither admin would be left. */
    @Test
    void twoAdminsRemovingEachOtherAtOnceLeaveOneOfThem() throws Exception {
        for (int round = 0; round < 5; round++) {
            AdminAccount a = admin("a");
            AdminAccount b = admin("b");
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Boolean>> removals = new ArrayList<>();
                removals.add(pool.submit(() -> removes(start, a, b)));
                removals.add(pool.submit(() -> removes(start, b, a)));
                start.countDown();
                int succeeded = 0;
                for (Future<Boolean> removal : removals) {
                    succeeded += removal.get() ? 1 : 0;
                }
                assertEquals(1, succeeded, "round " + round);
                assertTrue(accounts.exists(a.username()) ^ accounts.exists(b.username()), "exactly one is left, round " + round);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static boolean removes(CountDownLatch start, AdminAccount who, AdminAccount whom) throws InterruptedException {
        start.await();
        try {
            accounts.delete(whom.id(), who.username(), Actor.admin(who.username()));
            return true;
        } catch (DomainException refused) {
            return false;
        }
    }
}
