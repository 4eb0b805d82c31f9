package io.gatehouse.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.messages.PatchRequest;
import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.group.Group;
import io.gatehouse.group.Groups;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.Ids;
import io.gatehouse.platform.Names;
import io.gatehouse.platform.PasswordHasher;
import io.gatehouse.platform.Versions;
import io.gatehouse.project.Projects;
import io.gatehouse.user.Origin;
import io.gatehouse.user.User;
import io.gatehouse.user.UserChanged;
import io.gatehouse.user.Users;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Users as the identity provider provisions them over SCIM: create, replace, patch, delete, find.
 * Each change is one transaction with its audit event; PATCH is all-or-nothing.
 */
@ApplicationScoped
public class ScimUsers {
    static final Map<String, FilterQuery.Attribute> ATTRIBUTES = Map.ofEntries(
            Map.entry("id", FilterQuery.Attribute.of("u.id", FilterQuery.Kind.EXACT_TEXT)),
            Map.entry("username", FilterQuery.Attribute.of("u.userNameKey", FilterQuery.Kind.TEXT)),
            Map.entry("externalid", FilterQuery.Attribute.of("u.externalId", FilterQuery.Kind.EXACT_TEXT)),
            Map.entry("displayname", FilterQuery.Attribute.of("LOWER(u.displayName)", FilterQuery.Kind.TEXT)),
            Map.entry("name.givenname", FilterQuery.Attribute.of("LOWER(u.givenName)", FilterQuery.Kind.TEXT)),
            Map.entry("name.familyname", FilterQuery.Attribute.of("LOWER(u.familyName)", FilterQuery.Kind.TEXT)),
            Map.entry("emails.value", FilterQuery.Attribute.of("u.emailKey", FilterQuery.Kind.TEXT)),
            Map.entry("emails.type", FilterQuery.Attribute.of("LOWER(u.emailType)", FilterQuery.Kind.TEXT)),
            Map.entry("active", FilterQuery.Attribute.of("u.active", FilterQuery.Kind.BOOLEAN)),
            Map.entry("meta.created", FilterQuery.Attribute.of("u.createdAt", FilterQuery.Kind.INSTANT)),
            Map.entry("meta.lastmodified", FilterQuery.Attribute.of("u.lastModified", FilterQuery.Kind.INSTANT)),
            Map.entry("groups.value", FilterQuery.Attribute.membership("m.userId = u.id", "m.groupId")));
    private static final int NAME_MAX = 255;
    private static final int PASSWORD_MAX = 256;

    private Database database;
    private AuditLog audit;
    private Groups groups;
    private Users users;

    protected ScimUsers() {
    }

    @Inject
    public ScimUsers(Database database, AuditLog audit, Groups groups, Users users) {
        this.database = database;
        this.audit = audit;
        this.groups = groups;
        this.users = users;
    }

    /** A user with the groups they belong to (null when the response does not ask for groups). */
    public record Found(User user, List<Group> groups) {
    }

    public record Listed(List<Found> users, long total) {
    }

    public Found create(String projectId, UserJson.Profile profile, Actor actor) {
        String passwordHash = hash(profile.password());
        return database.write(em -> {
            Projects.require(em, projectId);
            String userName = userName(profile);
            Users.refuseDuplicate(em, projectId, userName, null);
            User user = new User(Ids.next(), projectId, userName, Origin.SCIM);
            apply(user, profile, passwordHash);
            em.persist(user);
            users.changed(em, user, UserChanged.Kind.CREATED, actor);
            audit.record(em, projectId, actor, AuditLog.Entry.of("scim.user.create", "user", user.id(),
                    "Provisioned user " + userName + (user.active() ? "" : " (inactive)")));
            return new Found(user, List.of());
        });
    }

    public Found get(String projectId, String userId) {
        return database.read(em -> {
            User user = Users.require(em, projectId, userId);
            return new Found(user, groups.ofUser(em, userId));
        });
    }

    /** PUT: the user becomes what the client sent; omitted attributes are cleared (active stays as it was). */
    public Found replace(String projectId, String userId, UserJson.Profile profile, Long expectedVersion, Actor actor) {
        String passwordHash = hash(profile.password());
        return database.write(em -> {
            User user = Users.lock(em, projectId, userId);
            Versions.check(expectedVersion, user.version());
            return change(em, user, profile, passwordHash, actor);
        });
    }

    /** PATCH: the operations apply to the user's current representation, then it is saved as a whole. */
    public Found patch(String projectId, String userId, PatchRequest patch, Long expectedVersion, Actor actor) {
        return database.write(em -> {
            User user = Users.lock(em, projectId, userId);
            Versions.check(expectedVersion, user.version());
            ObjectNode patched = PatchOperations.apply(patch, UserJson.patchable(user), "User");
            if (!Objects.equals(patched.path("id").asText(null), user.id())) {
                throw ScimProblem.badRequest("mutability", "'id' is read-only");
            }
            UserJson.Profile profile = UserJson.parse(patched);
            return change(em, user, profile, hash(profile.password()), actor);
        });
    }

    public void delete(String projectId, String userId, Long expectedVersion, Actor actor) {
        database.writing(em -> {
            User user = Users.lock(em, projectId, userId);
            Versions.check(expectedVersion, user.version());
            users.changed(em, user, UserChanged.Kind.DELETED, actor);
            users.accessEnded(em, user, true);
            em.createQuery("DELETE FROM Membership m WHERE m.userId = :u").setParameter("u", userId).executeUpdate();
            em.remove(user);
            audit.record(em, projectId, actor, AuditLog.Entry.of("scim.user.delete", "user", userId,
                    "Deleted user " + user.userName()));
        });
    }

    /** A page of the users matching the request's filter, counted and sorted in the database. */
    public Listed list(String projectId, ListRequest request, boolean withGroups) {
        return database.read(em -> {
            ListRequest.Where where = request.where("u", projectId, ATTRIBUTES);
            String orderBy = request.orderBy("u", ATTRIBUTES, "u.createdAt");
            TypedQuery<Long> count = em.createQuery("SELECT COUNT(u) FROM User u" + where.jpql(), Long.class);
            where.parameters().forEach(count::setParameter);
            if (request.count() == 0) {
                return new Listed(List.of(), count.getSingleResult());
            }
            TypedQuery<User> select = em.createQuery("SELECT u FROM User u" + where.jpql()
                    + orderBy, User.class);
            where.parameters().forEach(select::setParameter);
            List<User> page = select.setFirstResult(request.startIndex() - 1).setMaxResults(request.count()).getResultList();
            // a first page that is not full holds every match (the usual "userName eq" lookup): no COUNT needed
            long total = request.startIndex() == 1 && page.size() < request.count() ? page.size() : count.getSingleResult();
            Map<String, List<Group>> memberships = withGroups ? groupsOf(em, page) : Map.of();
            List<Found> found = page.stream().map(u -> new Found(u, withGroups ? memberships.getOrDefault(u.id(), List.of()) : null)).toList();
            return new Listed(found, total);
        });
    }

    private static Map<String, List<Group>> groupsOf(EntityManager em, List<User> users) {
        Map<String, List<Group>> result = new HashMap<>();
        if (users.isEmpty()) {
            return result;
        }
        em.createQuery("SELECT m.userId, g FROM Membership m, ProjectGroup g WHERE g.id = m.groupId AND m.userId IN :ids"
                        + " ORDER BY g.priority, g.createdAt, g.id", Object[].class)
                .setParameter("ids", users.stream().map(User::id).toList()).getResultList()
                .forEach(row -> result.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add((Group) row[1]));
        return result;
    }

    private Found change(EntityManager em, User user, UserJson.Profile profile, String passwordHash, Actor actor) {
        String userName = userName(profile);
        User.Visible before = user.visible();
        if (!userName.equals(user.userName())) {
            Users.refuseDuplicate(em, user.projectId(), userName, user.id());
            user.userName(userName);
        }
        boolean wasActive = user.active();
        apply(user, profile, passwordHash);
        String summary = wasActive == user.active() ? "Updated user " : user.active() ? "Reactivated user " : "Deactivated user ";
        String action = wasActive == user.active() ? "scim.user.update" : user.active() ? "scim.user.reactivate" : "scim.user.deactivate";
        audit.record(em, user.projectId(), actor, AuditLog.Entry.of(action, "user", user.id(), summary + user.userName()));
        if (wasActive && !user.active()) {
            users.accessEnded(em, user, false);
        }
        users.changedSince(em, user, before, actor);
        return new Found(user, groups.ofUser(em, user.id()));
    }

    private static void apply(User user, UserJson.Profile profile, String passwordHash) {
        user.externalId(Names.optional("externalId", profile.externalId(), NAME_MAX));
        user.names(Names.optional("name.givenName", profile.givenName(), NAME_MAX),
                Names.optional("name.familyName", profile.familyName(), NAME_MAX),
                Names.optional("displayName", profile.displayName(), NAME_MAX));
        user.email(Names.optional("emails.value", profile.email(), 320), Names.optional("emails.type", profile.emailType(), 32));
        user.scimAttributes(profile.kept() == null ? null : ScimJson.write(profile.kept()));
        if (profile.active() != null) {
            user.active(profile.active());
        }
        if (passwordHash != null) {
            user.passwordHash(passwordHash);
        }
    }

    private static String userName(UserJson.Profile profile) {
        if (profile.userName() == null || profile.userName().isBlank()) {
            throw ScimProblem.invalidValue("'userName' is required");
        }
        return Names.require("userName", profile.userName(), 320);
    }

    /** The password the IdP sets is kept only as an Argon2id hash (SSO users never sign in with it). */
    private static String hash(String password) {
        if (password == null) {
            return null;
        }
        if (password.isEmpty() || password.length() > PASSWORD_MAX) {
            throw ScimProblem.invalidValue("'password' must be 1 to " + PASSWORD_MAX + " characters");
        }
        return PasswordHasher.hash(password);
    }
}
