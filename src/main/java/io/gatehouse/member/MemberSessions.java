package io.gatehouse.member;

import io.gatehouse.platform.Database;
import io.gatehouse.platform.Ids;
import io.gatehouse.user.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.util.Optional;

/**
 * Starts, checks and ends members' sessions. Every request re-reads the session row and the user,
 * so a deactivation or a Single Logout made on any node ends the session here at the next click.
 */
@ApplicationScoped
public class MemberSessions {
    private Database database;

    protected MemberSessions() {
    }

    @Inject
    public MemberSessions(Database database) {
        this.database = database;
    }

    public enum State { NONE, ACTIVE, DEACTIVATED, ENDED }

    /** The state of the request's session in the project, with the user when ACTIVE. */
    public record Current(State state, User user, MemberSession session) {
        public boolean active() {
            return state == State.ACTIVE;
        }
    }

    /** Starts a session after a successful sign-in, in a fresh HTTP session id (no session fixation). */
    public MemberSession start(HttpServletRequest request, String projectId, String userId, MemberSession.Method method,
                               MemberSession.SamlSubject subject) {
        MemberSession session = database.write(em -> create(em, projectId, userId, method, subject));
        bind(request, session);
        return session;
    }

    /** A new session row inside the caller's transaction (the SAML sign-in writes everything in one). */
    public MemberSession create(EntityManager em, String projectId, String userId, MemberSession.Method method,
                                MemberSession.SamlSubject subject) {
        MemberSession session = new MemberSession(Ids.next(), projectId, userId, method, subject);
        em.persist(session);
        return session;
    }

    /** Ties the browser to a session row, in a fresh HTTP session id (no session fixation). */
    public void bind(HttpServletRequest request, MemberSession session) {
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        request.getSession(true).setAttribute(attribute(session.projectId()), session.id());
    }

    public Current current(HttpServletRequest request, String projectId) {
        HttpSession http = request.getSession(false);
        Object id = http == null ? null : http.getAttribute(attribute(projectId));
        if (id == null) {
            return new Current(State.NONE, null, null);
        }
        Current current = database.read(em -> {
            MemberSession session = em.find(MemberSession.class, id.toString());
            if (session == null || session.ended() || !session.projectId().equals(projectId)) {
                return new Current(State.ENDED, null, session);
            }
            User user = em.find(User.class, session.userId());
            if (user == null) {
                return new Current(State.ENDED, null, session);
            }
            return new Current(user.active() ? State.ACTIVE : State.DEACTIVATED, user, session);
        });
        if (!current.active()) {
            http.removeAttribute(attribute(projectId));
            if (current.session() != null && !current.session().ended()) {
                end(current.session().id());
            }
        }
        return current;
    }

    /** Signs the request's session out of the project. */
    public Optional<MemberSession> signOut(HttpServletRequest request, String projectId) {
        HttpSession http = request.getSession(false);
        Object id = http == null ? null : http.getAttribute(attribute(projectId));
        if (id == null) {
            return Optional.empty();
        }
        http.removeAttribute(attribute(projectId));
        return Optional.ofNullable(end(id.toString()));
    }

    /** Ends the sessions an IdP's LogoutRequest names (by NameID, and SessionIndex when given). */
    public int endByIdp(String projectId, String nameId, String sessionIndex) {
        return database.write(em -> {
            var update = em.createQuery("UPDATE MemberSession s SET s.endedAt = :now WHERE s.projectId = :p"
                            + " AND s.nameId = :n AND s.endedAt IS NULL" + (sessionIndex == null ? "" : " AND s.sessionIndex = :i"))
                    .setParameter("now", Instant.now()).setParameter("p", projectId).setParameter("n", nameId);
            if (sessionIndex != null) {
                update.setParameter("i", sessionIndex);
            }
            return update.executeUpdate();
        });
    }

    private MemberSession end(String id) {
        return database.write(em -> {
            MemberSession session = em.find(MemberSession.class, id);
            if (session != null) {
                session.end();
            }
            return session;
        });
    }

    /** A session already ended, by id (Single Logout still has to tell the IdP who it was). */
    public Optional<MemberSession> find(String id) {
        return Optional.ofNullable(database.read(em -> em.find(MemberSession.class, id)));
    }

    static String attribute(String projectId) {
        return "gatehouse.member." + projectId;
    }
}
