package io.gatehouse.user;

import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.group.Group;
import io.gatehouse.group.Groups;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.DomainException;
import io.gatehouse.platform.Ids;
import io.gatehouse.platform.Names;
import io.gatehouse.platform.Page;
import io.gatehouse.platform.PasswordHasher;
import io.gatehouse.platform.Versions;
import io.gatehouse.project.Projects;
import io.gatehouse.role.EffectiveRole;
import io.gatehouse.role.EffectiveRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A project's users as admins see them: regular users, the SSO conversion, and each user's effective role. */
@ApplicationScoped
public class Users {
    static final int USER_NAME_MAX = 320;
    static final int NAME_MAX = 255;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");

    private Database database;
    private AuditLog audit;
    private EffectiveRoles effectiveRoles;
    private Groups groups;
    private Event<UserAccessEnded> accessEnded;
    private Event<UserChanged> changes;

    protected Users() {
    }

    @Inject
    public Users(Database database, AuditLog audit, EffectiveRoles effectiveRoles, Groups groups,
                 Event<UserAccessEnded> accessEnded, Event<UserChanged> changes) {
        this.changes = changes;
        this.database = database;
        this.audit = audit;
        this.effectiveRoles = effectiveRoles;
        this.groups = groups;
        this.accessEnded = accessEnded;
    }

    /**
     * Announces, inside the caller's transaction, that the user can no longer sign in (deactivated)
     * or is about to be deleted: their sessions end and the applications they signed in to are told.
     */
    public void accessEnded(EntityManager em, User user, boolean deleted) {
        accessEnded.fire(new UserAccessEnded(em, user.projectId(), user.id(), deleted));
    }

    /**
     * Announces a change of the user inside the caller's transaction (the directory events). Every
     * path that creates, changes or deletes users calls it: a deletion before the user's rows go.
     */
    public void changed(EntityManager em, User user, UserChanged.Kind kind, Actor actor) {
        changes.fire(new UserChanged(em, user, kind, actor));
    }

    /**
     * Announces the change since {@code before} if an application could see it (any visible
     * attribute, {@code active} included: then as a deactivation or reactivation); nothing otherwise,
     * such as a new password or a PUT that repeats what is stored.
     */
    public void changedSince(EntityManager em, User user, User.Visible before, Actor actor) {
        if (!before.equals(user.visible())) {
            changed(em, user, UserChanged.of(before.active(), user.active()), actor);
        }
    }

    public record NewRegularUser(String userName, String givenName, String familyName, String password) {
    }

    /** What an admin changes; null fields stay as they are. */
    public record Change(String givenName, String familyName, String displayName, Boolean active, String password) {
    }

    public record Query(String userName, String search, int offset, int limit) {
    }

    /** A user with the role they have and why. */
    public record Listed(User user, EffectiveRole role) {
    }

    public record Detail(User user, EffectiveRole role, List<Group> groups) {
    }

    /** A regular user: a collaborator who signs in with a local password until converted to SSO. */
    public User createRegular(String projectId, NewRegularUser input, Actor actor) {
        String userName = Names.require("userName", input.userName(), USER_NAME_MAX);
        if (!EMAIL.matcher(userName).matches()) {
            throw DomainException.invalid("userName must be an e-mail address");
        }
        String given = Names.optional("givenName", input.givenName(), NAME_MAX);
        String family = Names.optional("familyName", input.familyName(), NAME_MAX);
        String hash = PasswordHasher.hash(PasswordHasher.requireAcceptable(input.password()));
        return database.write(em -> {
            Projects.require(em, projectId);
            refuseDuplicate(em, projectId, userName);
            User user = new User(Ids.next(), projectId, userName, Origin.REGULAR);
            user.names(given, family, joined(given, family));
            user.email(userName);
            user.passwordHash(hash);
            em.persist(user);
            changed(em, user, UserChanged.Kind.CREATED, actor);
            audit.record(em, projectId, actor, AuditLog.Entry.of("user.create", "user", user.id(),
                    "Created regular user " + userName));
            return user;
        });
    }

    public Page<Listed> list(String projectId, Query query) {
        return database.read(em -> {
            Projects.require(em, projectId);
            String where = " FROM User u WHERE u.projectId = :p"
                    + (query.userName() != null ? " AND u.userNameKey = :name" : "")
                    + (query.search() != null ? " AND u.userNameKey LIKE :prefix ESCAPE '!'" : "");
            TypedQuery<User> select = em.createQuery("SELECT u" + where + " ORDER BY u.userNameKey, u.id", User.class);
            TypedQuery<Long> count = em.createQuery("SELECT COUNT(u)" + where, Long.class);
            for (TypedQuery<?> q : List.of(select, count)) {
                q.setParameter("p", projectId);
                if (query.userName() != null) {
                    q.setParameter("name", Names.key(query.userName().strip()));
                }
                if (query.search() != null) {
                    q.setParameter("prefix", likePrefix(query.search()));
                }
            }
            List<User> users = select.setFirstResult(query.offset()).setMaxResults(query.limit()).getResultList();
            Map<String, EffectiveRole> roles = effectiveRoles.forUsers(em, projectId, users.stream().map(User::id).toList());
            List<Listed> items = users.stream().map(u -> new Listed(u, roles.get(u.id()))).toList();
            return new Page<>(items, count.getSingleResult(), query.offset(), query.limit());
        });
    }

    /** The orders a page of users can have; each is backed by an index on (project, column). */
    public enum Sort { USER_NAME, CREATED, LAST_MODIFIED }

    /** How many users of the project match a userName prefix search (null: all of them). */
    public long count(String projectId, String search) {
        return database.read(em -> {
            TypedQuery<Long> count = em.createQuery("SELECT COUNT(u)" + searchWhere(search), Long.class);
            bindSearch(count, projectId, search);
            return count.getSingleResult();
        });
    }

    /**
     * One page of the project's users matching a userName prefix search, in the given order, each
     * with their effective role: one query for the page, two for the roles, whatever the project's size.
     */
    public List<Listed> page(String projectId, String search, Sort sort, boolean descending, int offset, int limit) {
        return database.read(em -> {
            Projects.require(em, projectId);
            String column = switch (sort == null ? Sort.USER_NAME : sort) {
                case USER_NAME -> "u.userNameKey";
                case CREATED -> "u.createdAt";
                case LAST_MODIFIED -> "u.lastModified";
            };
            String direction = descending ? " DESC" : "";
            TypedQuery<User> select = em.createQuery("SELECT u" + searchWhere(search)
                    + " ORDER BY " + column + direction + ", u.id" + direction, User.class);
            bindSearch(select, projectId, search);
            List<User> users = select.setFirstResult(offset).setMaxResults(limit).getResultList();
            Map<String, EffectiveRole> roles = effectiveRoles.forUsers(em, projectId, users.stream().map(User::id).toList());
            return users.stream().map(u -> new Listed(u, roles.get(u.id()))).toList();
        });
    }

    private static String searchWhere(String search) {
        return " FROM User u WHERE u.projectId = :p" + (search != null ? " AND u.userNameKey LIKE :prefix ESCAPE '!'" : "");
    }

    private static void bindSearch(TypedQuery<?> query, String projectId, String search) {
        query.setParameter("p", projectId);
        if (search != null) {
            query.setParameter("prefix", likePrefix(search));
        }
    }

    public Detail get(String projectId, String userId) {
        return database.read(em -> {
            User user = require(em, projectId, userId);
            EffectiveRole role = effectiveRoles.forUsers(em, projectId, List.of(userId)).get(userId);
            return new Detail(user, role, groups.ofUser(em, userId));
        });
    }

    public User update(String projectId, String userId, Change change, Long expectedVersion, Actor actor) {
        String newPasswordHash = change.password() == null ? null : PasswordHasher.hash(PasswordHasher.requireAcceptable(change.password()));
        return database.write(em -> {
            User user = require(em, projectId, userId);
            Versions.check(expectedVersion, user.version());
            User.Visible before = user.visible();
            if (newPasswordHash != null && user.origin().sso()) {
                throw DomainException.conflict(user.userName() + " is an SSO user and signs in through the identity provider; it has no password");
            }
            String given = change.givenName() == null ? user.givenName() : Names.optional("givenName", change.givenName(), NAME_MAX);
            String family = change.familyName() == null ? user.familyName() : Names.optional("familyName", change.familyName(), NAME_MAX);
            String display = change.displayName() == null ? user.displayName() : Names.optional("displayName", change.displayName(), NAME_MAX);
            user.names(given, family, display);
            if (newPasswordHash != null) {
                user.passwordHash(newPasswordHash);
            }
            String summary = "Updated user " + user.userName();
            if (change.active() != null && change.active() != user.active()) {
                user.active(change.active());
                summary = (change.active() ? "Reactivated user " : "Deactivated user ") + user.userName();
                if (!user.active()) {
                    accessEnded(em, user, false);
                }
            }
            changedSince(em, user, before, actor);
            audit.record(em, projectId, actor, AuditLog.Entry.of("user.update", "user", userId, summary));
            return user;
        });
    }

    public void delete(String projectId, String userId, Actor actor) {
        database.writing(em -> {
            User user = require(em, projectId, userId);
            changed(em, user, UserChanged.Kind.DELETED, actor);
            accessEnded(em, user, true);
            em.createQuery("DELETE FROM Membership m WHERE m.userId = :u").setParameter("u", userId).executeUpdate();
            em.remove(user);
            audit.record(em, projectId, actor, AuditLog.Entry.of("user.delete", "user", userId,
                    "Deleted user " + user.userName()));
        });
    }

    /**
     * "Sync with regular users": every regular user of the project becomes an SSO user, so the IdP can
     * import and match them. Their local passwords are dropped: from now on they sign in through the IdP.
     */
    public int syncRegularUsers(String projectId, Actor actor) {
        return database.write(em -> {
            Projects.require(em, projectId);
            List<User> regular = em.createQuery("SELECT u FROM User u WHERE u.projectId = :p AND u.origin = :o", User.class)
                    .setParameter("p", projectId).setParameter("o", Origin.REGULAR).getResultList();
            for (User user : regular) {
                user.convertToSso();
                changed(em, user, UserChanged.Kind.UPDATED, actor);
            }
            audit.record(em, projectId, actor, AuditLog.Entry.of("user.sync-regular", "project", projectId,
                    "Converted " + regular.size() + " regular user(s) into SSO users"));
            return regular.size();
        });
    }

    /** The user, locked for this transaction so concurrent changes queue rather than fail. */
    public static User lock(EntityManager em, String projectId, String userId) {
        User user = userId == null ? null : em.find(User.class, userId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (user == null || !user.projectId().equals(projectId)) {
            throw DomainException.notFound("User");
        }
        return user;
    }

    /** The user if they belong to this project; NOT_FOUND otherwise (also for another project's user). */
    public static User require(EntityManager em, String projectId, String userId) {
        User user = userId == null ? null : em.find(User.class, userId);
        if (user == null || !user.projectId().equals(projectId)) {
            throw DomainException.notFound("User");
        }
        return user;
    }

    private static void refuseDuplicate(EntityManager em, String projectId, String userName) {
        refuseDuplicate(em, projectId, userName, null);
    }

    /**
     * Refuses a userName another user of the project has (case-insensitively) with a clear message;
     * the unique index is the guarantee when two requests race.
     */
    public static void refuseDuplicate(EntityManager em, String projectId, String userName, String exceptUserId) {
        boolean taken = em.createQuery("SELECT u.id FROM User u WHERE u.projectId = :p AND u.userNameKey = :k", String.class)
                .setParameter("p", projectId).setParameter("k", Names.key(userName)).setMaxResults(2)
                .getResultList().stream().anyMatch(id -> !id.equals(exceptUserId));
        if (taken) {
            throw DomainException.conflict("A user with this userName already exists in the project");
        }
    }

    private static String likePrefix(String search) {
        String escaped = Names.key(search.strip()).replace("!", "!!").replace("%", "!%").replace("_", "!_");
        return escaped + "%";
    }

    private static String joined(String given, String family) {
        String joined = ((given == null ? "" : given) + " " + (family == null ? "" : family)).strip();
        return joined.isEmpty() ? null : joined;
    }

}
