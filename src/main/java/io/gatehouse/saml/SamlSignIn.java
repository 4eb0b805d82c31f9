package io.gatehouse.saml;

import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.group.Group;
import io.gatehouse.group.Groups;
import io.gatehouse.group.ManagedBy;
import io.gatehouse.member.MemberSession;
import io.gatehouse.member.MemberSessions;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.DomainException;
import io.gatehouse.platform.Ids;
import io.gatehouse.platform.Names;
import io.gatehouse.platform.UtcTimestamp;
import io.gatehouse.member.SignInFailure;
import io.gatehouse.member.SignInFailure.Reason;
import io.gatehouse.user.Origin;
import io.gatehouse.user.User;
import io.gatehouse.user.UserChanged;
import io.gatehouse.user.Users;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a validated assertion does in the domain: finds the person (by userName, then e-mail),
 * creates them when just-in-time provisioning is on, refuses the unknown and the deactivated, and
 * applies a {@code groups} claim. Every outcome is audited and shown in the project's live status.
 */
@ApplicationScoped
public class SamlSignIn {
    private Database database;
    private AuditLog audit;
    private Groups groups;
    private ReplayGuard replay;
    private MemberSessions sessions;
    private Users users;

    protected SamlSignIn() {
    }

    @Inject
    public SamlSignIn(Database database, AuditLog audit, Groups groups, ReplayGuard replay, MemberSessions sessions,
                      Users users) {
        this.users = users;
        this.replay = replay;
        this.sessions = sessions;
        this.database = database;
        this.audit = audit;
        this.groups = groups;
    }

    /**
     * Signs the person in, in one transaction: the response's IDs recorded as used, the user found
     * or created, groups applied, audited, and a session row started. Returns the session (the
     * caller ties the browser to it), or throws a SignInFailure saying why not, having written nothing.
     */
    MemberSession signIn(String projectId, Claims claims, List<String> usedIds, Instant keepUntil, SignInTrace trace) {
        try {
            return database.write(em -> signIn(em, projectId, claims, usedIds, keepUntil, trace));
        } catch (DomainException e) {
            if (e.kind() != DomainException.Kind.CONFLICT) {
                throw e;
            }
            // two first sign-ins of the same person at once: the other one created the user
            return database.write(em -> signIn(em, projectId, claims, usedIds, keepUntil, trace));
        }
    }

    private MemberSession signIn(EntityManager em, String projectId, Claims claims, List<String> usedIds, Instant keepUntil,
                                 SignInTrace trace) {
        replay.firstUse(em, projectId, usedIds, keepUntil);
        trace.passed(SignInTrace.REPLAY, "First use of this response and its assertion (" + String.join(", ", usedIds) + ").");
        User user = signIn(em, projectId, claims, trace);
        return sessions.create(em, projectId, user.id(), MemberSession.Method.SAML,
                new MemberSession.SamlSubject(claims.nameId(), claims.nameIdFormat(), claims.sessionIndex()));
    }

    private User signIn(EntityManager em, String projectId, Claims claims, SignInTrace trace) {
        SamlSettings settings = em.find(SamlSettings.class, projectId);
        Actor actor = Actor.signIn(claims.userName());
        User user = find(em, projectId, claims).orElse(null);
        if (user == null) {
            if (!settings.jitEnabled()) {
                throw new SignInFailure(Reason.UNKNOWN_USER, claims.userName() + " is not a user of the project and JIT is off");
            }
            user = create(em, projectId, claims, actor);
            trace.passed(SignInTrace.USER, "Created the user '" + user.userName() + "' at this first sign-in (just-in-time "
                    + "provisioning is on).");
        } else if (!user.active()) {
            throw new SignInFailure(Reason.DEACTIVATED, claims.userName() + " is deactivated");
        } else {
            trace.passed(SignInTrace.USER, "Matched the existing user '" + user.userName() + "' (" + user.origin()
                    + (Names.key(user.userName()).equals(claims.userNameKey()) ? ") by user name." : ") by e-mail address."));
            if (user.origin() == Origin.JIT) {
                User.Visible before = user.visible();
                refresh(user, claims);
                users.changedSince(em, user, before, actor);
            }
        }
        if (claims.groupsSent() && user.origin() != Origin.SCIM) {
            applyGroups(em, user, claims.groups(), actor);
        }
        audit.record(em, projectId, actor, AuditLog.Entry.of("saml.sign-in", "user", user.id(),
                "Signed in through the identity provider as " + user.userName()));
        // status columns: native SQL, because a JPQL update would bump the settings' version (ETag)
        em.createNativeQuery("UPDATE gh_saml_settings SET last_sign_in_at = ?1 WHERE project_id = ?2")
                .setParameter(1, UtcTimestamp.sql(Instant.now())).setParameter(2, projectId).executeUpdate();
        return user;
    }

    /** Audits a refused sign-in and shows it in the project's live status. */
    public void failed(String projectId, SignInFailure failure, String who) {
        database.writing(em -> {
            audit.record(em, projectId, Actor.signIn(who == null ? "unknown" : who), new AuditLog.Entry("saml.sign-in-failed",
                    "project", projectId, "Sign-in refused: " + failure.reason().title(), failure.detail()));
            em.createNativeQuery("UPDATE gh_saml_settings SET last_failure_at = ?1, last_failure_reason = ?2 WHERE project_id = ?3")
                    .setParameter(1, UtcTimestamp.sql(Instant.now())).setParameter(2, failure.reason().title())
                    .setParameter(3, projectId).executeUpdate();
        });
    }

    private static Optional<User> find(EntityManager em, String projectId, Claims claims) {
        Optional<User> byName = em.createQuery("SELECT u FROM User u WHERE u.projectId = :p AND u.userNameKey = :k", User.class)
                .setParameter("p", projectId).setParameter("k", claims.userNameKey()).getResultStream().findFirst();
        if (byName.isPresent() || claims.email() == null) {
            return byName;
        }
        List<User> byEmail = em.createQuery("SELECT u FROM User u WHERE u.projectId = :p AND u.emailKey = :k", User.class)
                .setParameter("p", projectId).setParameter("k", Names.key(claims.email())).setMaxResults(2).getResultList();
        return byEmail.size() == 1 ? Optional.of(byEmail.get(0)) : Optional.empty(); // two matches: not sure who it is
    }

    private User create(EntityManager em, String projectId, Claims claims, Actor actor) {
        User user = new User(Ids.next(), projectId, claims.userName(), Origin.JIT);
        refresh(user, claims);
        em.persist(user);
        em.flush(); // a concurrent twin fails here, on the unique user name
        users.changed(em, user, UserChanged.Kind.CREATED, actor);
        audit.record(em, projectId, actor, AuditLog.Entry.of("user.create", "user", user.id(),
                "Created " + user.userName() + " at first sign-in (just-in-time provisioning)"));
        return user;
    }

    private static void refresh(User user, Claims claims) {
        if (!Objects.equals(user.givenName(), claims.givenName()) || !Objects.equals(user.familyName(), claims.familyName())) {
            user.names(claims.givenName(), claims.familyName(), claims.displayName());
        }
        if (claims.email() != null && !claims.email().equals(user.email())) {
            user.email(claims.email());
        }
    }

    /**
     * The groups claim sets the person's memberships: groups named in it are joined (created, as
     * IdP-managed, when missing), IdP-managed groups not named are left. Project-managed groups
     * stay as the admin set them. Users provisioned over SCIM keep SCIM's memberships.
     */
    private void applyGroups(EntityManager em, User user, List<String> names, Actor actor) {
        Set<String> keys = names.stream().map(Names::key).collect(Collectors.toSet());
        Set<String> current = new HashSet<>();
        for (Group group : groups.ofUser(em, user.id())) {
            current.add(Names.key(group.displayName()));
            if (group.managedBy() == ManagedBy.IDP && !keys.contains(Names.key(group.displayName()))) {
                groups.removeMembers(em, group, List.of(user.id()), actor);
            }
        }
        for (String name : names) {
            if (current.contains(Names.key(name))) {
                continue;
            }
            Group group = em.createQuery("SELECT g FROM ProjectGroup g WHERE g.projectId = :p AND g.displayNameKey = :k",
                            Group.class).setParameter("p", user.projectId()).setParameter("k", Names.key(name))
                    .getResultStream().findFirst()
                    .orElseGet(() -> groups.create(em, user.projectId(), name, ManagedBy.IDP, actor));
            groups.addMembers(em, group, List.of(user.id()), actor);
        }
    }
}
