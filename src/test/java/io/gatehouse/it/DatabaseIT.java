package io.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.group.Group;
import io.gatehouse.group.Groups;
import io.gatehouse.group.ManagedBy;
import io.gatehouse.group.Membership;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.DomainException;
import io.gatehouse.platform.Ids;
import io.gatehouse.project.Project;
import io.gatehouse.project.Projects;
import io.gatehouse.role.EffectiveRole;
import io.gatehouse.role.EffectiveRoles;
import io.gatehouse.role.Roles;
import io.gatehouse.scim.ScimTokens;
import io.gatehouse.user.Origin;
import io.gatehouse.user.User;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import jakarta.persistence.RollbackException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The domain against the real database of this run (H2, PostgreSQL or MariaDB), without the server:
 * what the database itself enforces, and the effective-role rule's queries.
 */
class DatabaseIT {
    static final Actor TEST = Actor.system();
    static Database database;
    static EntityManagerFactory raw;
    static Projects projects;
    static Roles roles;
    static Groups groups;
    static EffectiveRoles effectiveRoles;

    @BeforeAll
    static void connect() {
        var dataSource = DriverManagerDataSource.forThisRun();
        database = new Database(dataSource);
        AuditLog audit = new AuditLog(database);
        roles = new Roles(database, audit);
        projects = new Projects(database, audit, roles, new NoEvents<>(), new NoEvents<>());
        groups = new Groups(database, audit, roles, new NoEvents<>());
        effectiveRoles = new EffectiveRoles(database);
        projects.list(); // migrates the schema
        raw = Persistence.createEntityManagerFactory("gatehouse", Map.of("jakarta.persistence.nonJtaDataSource", dataSource));
    }

    @AfterAll
    static void close() {
        raw.close();
    }

    @Test
    void writesRunReadCommittedOnEveryDatabase() {
        boolean mariadb = System.getProperty("it.db", "h2").equals("mariadb");
        String level = database.write(em -> {
            if (!mariadb) {
                try {
                    return em.unwrap(java.sql.Connection.class).getTransactionIsolation() + "";
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
            return em.createNativeQuery("SELECT @@tx_isolation").getSingleResult().toString(); // what the server says
        });
        assertEquals(mariadb ? "READ-COMMITTED" : String.valueOf(java.sql.Connection.TRANSACTION_READ_COMMITTED), level,
                "a write that waited for a lock must see what the holder committed (the events' role comparison)");
    }

    @Test
    void eventsOlderThanTheRetentionGoAndNewerOnesStay() {
        Project project = projects.create("Db " + UUID.randomUUID(), TEST);
        java.time.Instant now = java.time.Instant.now();
        database.writing(em -> {
            insertEvent(em, project.id(), 1, now.minus(java.time.Duration.ofDays(31)));
            insertEvent(em, project.id(), 2, now.minus(java.time.Duration.ofDays(29)));
            insertEvent(em, project.id(), 3, now);
        });
        long removed = new io.gatehouse.events.EventRetention(database).purge();
        assertTrue(removed >= 1, "the 31-day-old event went: " + removed);
        List<?> left = database.read(em -> em.createNativeQuery("SELECT seq FROM gh_event WHERE project_id = ?1 ORDER BY seq")
                .setParameter(1, project.id()).getResultList());
        assertEquals(List.of(2L, 3L), left.stream().map(n -> ((Number) n).longValue()).toList(), "30 days are kept");
    }

    @Test
    void theScimRequestLogKeepsSevenDaysAndAtMostItsBoundPerProject() {
        Project big = projects.create("Db " + UUID.randomUUID(), TEST);
        Project small = projects.create("Db " + UUID.randomUUID(), TEST);
        java.time.Instant now = java.time.Instant.now();
        database.writing(em -> {
            insertExchange(em, big.id(), "/Users/too-old", now.minus(java.time.Duration.ofDays(8)));
            for (int i = 0; i < 5; i++) {
                insertExchange(em, big.id(), "/Users/" + i, now.minusSeconds(50 - i));
            }
            insertExchange(em, small.id(), "/Users/kept", now.minus(java.time.Duration.ofDays(6)));
        });
        System.setProperty("GATEHOUSE_SCIM_LOG_MAX_PER_PROJECT", "3");
        try {
            new io.gatehouse.scim.ScimLogRetention(database).purge();
        } finally {
            System.clearProperty("GATEHOUSE_SCIM_LOG_MAX_PER_PROJECT");
        }
        assertEquals(List.of("/Users/4", "/Users/3", "/Users/2"), paths(big.id()), "the newest three");
        assertEquals(List.of("/Users/kept"), paths(small.id()), "six days old, and under the bound");
    }

    private static List<?> paths(String projectId) {
        return database.read(em -> em.createNativeQuery("SELECT path FROM gh_scim_exchange WHERE project_id = ?1"
                + " ORDER BY received_at DESC").setParameter(1, projectId).getResultList());
    }

    private static void insertExchange(EntityManager em, String projectId, String path, java.time.Instant at) {
        em.createNativeQuery("INSERT INTO gh_scim_exchange (project_id, received_at, method, path, status, latency_ms,"
                        + " request_bytes, response_bytes) VALUES (?1, ?2, 'GET', ?3, 200, 1, 0, 0)")
                .setParameter(1, projectId).setParameter(2, io.gatehouse.platform.UtcTimestamp.sql(at)).setParameter(3, path)
                .executeUpdate();
    }

    private static void insertEvent(EntityManager em, String projectId, long seq, java.time.Instant at) {
        em.createNativeQuery("INSERT INTO gh_event (id, project_id, seq, type, occurred_at, actor_source, actor, data)"
                        + " VALUES (?1, ?2, ?3, 'user.created', ?4, 'SYSTEM', 'test', '{}')")
                .setParameter(1, Ids.next()).setParameter(2, projectId).setParameter(3, seq)
                .setParameter(4, io.gatehouse.platform.UtcTimestamp.sql(at)).executeUpdate();
    }

    @Test
    void theDatabaseRefusesCaseVariantsOfAUserNameEvenWithoutTheServicesCheck() {
        Project project = projects.create("Db " + UUID.randomUUID(), TEST);
        persist(new User(Ids.next(), project.id(), "Dana@Example.com", Origin.SCIM));
        RollbackException refused = assertThrows(RollbackException.class,
                () -> persist(new User(Ids.next(), project.id(), "dana@example.COM", Origin.SCIM)));
        assertTrue(constraintViolation(refused), refused.toString());

        DomainException translated = assertThrows(DomainException.class, () -> database.writing(em ->
                em.persist(new User(Ids.next(), project.id(), "DANA@example.com", Origin.JIT))));
        assertEquals(DomainException.Kind.CONFLICT, translated.kind());
        assertEquals("A user with this userName already exists in the project", translated.getMessage());

        Project other = projects.create("Db " + UUID.randomUUID(), TEST);
        persist(new User(Ids.next(), other.id(), "dana@example.com", Origin.SCIM)); // unique per project only
    }

    @Test
    void theDatabaseRefusesDuplicateGroupNamesAndMemberships() {
        Project project = projects.create("Db " + UUID.randomUUID(), TEST);
        Group group = new Group(Ids.next(), project.id(), "Ops", ManagedBy.IDP, 0);
        persist(group);
        assertThrows(RollbackException.class, () -> persist(new Group(Ids.next(), project.id(), "OPS", ManagedBy.IDP, 1)));
        User user = new User(Ids.next(), project.id(), "eve@example.com", Origin.SCIM);
        persist(user);
        persist(new Membership(group.id(), user.id()));
        assertThrows(RollbackException.class, () -> persist(new Membership(group.id(), user.id())));
    }

    @Test
    void optimisticLockingStopsALostUpdate() {
        Project project = projects.create("Db " + UUID.randomUUID(), TEST);
        User created = new User(Ids.next(), project.id(), "fay@example.com", Origin.SCIM);
        persist(created);

        EntityManager first = raw.createEntityManager();
        EntityManager second = raw.createEntityManager();
        try {
            User a = first.find(User.class, created.id());
            User b = second.find(User.class, created.id());
            first.getTransaction().begin();
            a.names("Fay", null, null);
            first.getTransaction().commit();

            second.getTransaction().begin();
            b.names(null, "Lost", null);
            RollbackException stale = assertThrows(RollbackException.class, () -> second.getTransaction().commit());
            assertTrue(stale.getCause() instanceof jakarta.persistence.OptimisticLockException, stale.toString());
        } finally {
            first.close();
            second.close();
        }
        User stored = database.read(em -> em.find(User.class, created.id()));
        assertEquals("Fay", stored.givenName());
        assertEquals(null, stored.familyName());
        assertEquals(created.version() + 1, stored.version(), "one update landed, the other was refused");
    }

    @Test
    void effectiveRoleComesFromTheDatabaseInPriorityOrder() {
        Project project = projects.create("Db " + UUID.randomUUID(), TEST);
        String editor = roles.create(project.id(), "Editor", false, TEST).id();
        String viewer = roles.create(project.id(), "Viewer", false, TEST).id();
        Group first = groups.create(project.id(), "First", viewer, TEST);
        Group second = groups.create(project.id(), "Second", editor, TEST);
        User user = new User(Ids.next(), project.id(), "gil@example.com", Origin.SCIM);
        persist(user);

        EffectiveRole none = effectiveRoles.of(project.id(), user.id());
        assertEquals("Member", none.roleName());
        assertEquals(null, none.groupId());

        persist(new Membership(second.id(), user.id()));
        assertEquals("Editor", effectiveRoles.of(project.id(), user.id()).roleName());
        persist(new Membership(first.id(), user.id()));
        EffectiveRole both = effectiveRoles.of(project.id(), user.id());
        assertEquals("Viewer", both.roleName());
        assertEquals(first.id(), both.groupId());

        groups.reorder(project.id(), List.of(second.id()), TEST);
        assertEquals("Editor", effectiveRoles.of(project.id(), user.id()).roleName(), "reordering changes the role");
        Map<String, EffectiveRole> batch = database.read(em -> effectiveRoles.forUsers(em, project.id(), List.of(user.id())));
        assertEquals("Editor", batch.get(user.id()).roleName(), "the batch query agrees");
    }

    @Test
    void scimTokensAuthenticateOnlyForTheirOwnProjectAndOnlyUntilRevoked() {
        AuditLog audit = new AuditLog(database);
        ScimTokens tokens = new ScimTokens(database, audit);
        Project a = projects.create("Db " + UUID.randomUUID(), TEST);
        Project b = projects.create("Db " + UUID.randomUUID(), TEST);
        ScimTokens.Issued tokenA = tokens.generate(a.id(), null, TEST);
        ScimTokens.Issued tokenB = tokens.generate(b.id(), null, TEST);
        assertEquals(a.id(), tokens.authenticate(tokenA.secret()).orElseThrow().projectId());
        assertEquals(b.id(), tokens.authenticate(tokenB.secret()).orElseThrow().projectId());
        String forged = tokenA.secret().substring(0, tokenA.secret().lastIndexOf('_') + 1)
                + tokenB.secret().substring(tokenB.secret().lastIndexOf('_') + 1);
        assertTrue(tokens.authenticate(forged).isEmpty(), "A's id with B's secret");
        assertTrue(tokens.authenticate("Bearer " + tokenA.secret()).isEmpty());
        ScimTokens.Issued rotated = tokens.rotate(a.id(), tokenA.token().id(), TEST);
        assertTrue(tokens.authenticate(tokenA.secret()).isPresent(), "the old token works until revoked");
        assertTrue(tokens.authenticate(rotated.secret()).isPresent());
        tokens.revoke(a.id(), tokenA.token().id(), TEST);
        assertTrue(tokens.authenticate(tokenA.secret()).isEmpty());
        assertNotNull(tokens.authenticate(rotated.secret()).orElse(null));
    }

    private static void persist(Object entity) {
        EntityManager em = raw.createEntityManager();
        try {
            em.getTransaction().begin();
            em.persist(entity);
            em.getTransaction().commit();
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    private static boolean constraintViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    /** Without the server there is no CDI: the domain's change notices go nowhere (the events are tested on the server). */
    static final class NoEvents<T> implements jakarta.enterprise.event.Event<T> {
        @Override
        public void fire(T event) {
        }

        @Override
        public <U extends T> java.util.concurrent.CompletionStage<U> fireAsync(U event) {
            return java.util.concurrent.CompletableFuture.completedFuture(event);
        }

        @Override
        public <U extends T> java.util.concurrent.CompletionStage<U> fireAsync(U event, jakarta.enterprise.event.NotificationOptions options) {
            return fireAsync(event);
        }

        @Override
        public jakarta.enterprise.event.Event<T> select(java.lang.annotation.Annotation... qualifiers) {
            return this;
        }

        @Override
        public <U extends T> jakarta.enterprise.event.Event<U> select(Class<U> subtype, java.lang.annotation.Annotation... qualifiers) {
            return new NoEvents<>();
        }

        @Override
        public <U extends T> jakarta.enterprise.event.Event<U> select(jakarta.enterprise.util.TypeLiteral<U> subtype,
                                                                     java.lang.annotation.Annotation... qualifiers) {
            return new NoEvents<>();
        }
    }
}
