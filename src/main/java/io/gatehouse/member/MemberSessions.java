package io.gatehouse.member;

import io.gatehouse.platform.BaseUrl;
import io.gatehouse.platform.CookieLifetime;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.Ids;
import io.gatehouse.platform.Secrets;
import io.gatehouse.user.User;
import io.gatehouse.user.UserAccessEnded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Optional;

/**
 * Starts, checks and ends members' sessions. Every request re-reads the session row and the user,
 * so a deactivation or a Single Logout made on any node ends the session here at the next click.
 *
 * A browser is tied to its session twice: by the (shared) HTTP session, and by a cookie of the
 * session's own whose hash the row holds, which alone also finds it (an OpenID Connect client's
 * browser that dropped the HTTP session cookie, an old browser tab). Every end of a session fires
 * {@link SessionEnded} inside the transaction that ends it.
 */
@ApplicationScoped
public class MemberSessions {
    static final String COOKIE_PREFIX = "gh_member_";

    private Database database;
    private Event<SessionEnded> ended;

    protected MemberSessions() {
    }

    @Inject
    public MemberSessions(Database database, Event<SessionEnded> ended) {
        this.database = database;
        this.ended = ended;
    }

    public enum State { NONE, ACTIVE, DEACTIVATED, ENDED }

    /** The state of the request's session in the project, with the user when ACTIVE. */
    public record Current(State state, User user, MemberSession session) {
        public boolean active() {
            return state == State.ACTIVE;
        }
    }

    /** Starts a session after a successful sign-in, in a fresh HTTP session id (no session fixation). */
    public MemberSession start(HttpServletRequest request, HttpServletResponse response, String projectId, String userId,
                               MemberSession.Method method, MemberSession.SamlSubject subject) {
        MemberSession session = database.write(em -> create(em, projectId, userId, method, subject));
        bind(request, response, session);
        return session;
    }

    /** A new session row inside the caller's transaction (the SAML sign-in writes everything in one). */
    public MemberSession create(EntityManager em, String projectId, String userId, MemberSession.Method method,
                                MemberSession.SamlSubject subject) {
        MemberSession session = new MemberSession(Ids.next(), projectId, userId, method, subject);
        em.persist(session);
        return session;
    }

    /** Ties the browser to a session row: a fresh HTTP session id (no session fixation) and the session's own cookie. */
    public void bind(HttpServletRequest request, HttpServletResponse response, MemberSession session) {
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        request.getSession(true).setAttribute(attribute(session.projectId()), session.id());
        if (session.cookieSecret() != null) {
            response.addHeader("Set-Cookie", cookie(request, session.projectId(), session.cookieSecret(), -1));
        }
    }

    public Current current(HttpServletRequest request, String projectId) {
        HttpSession http = request.getSession(false);
        Object id = http == null ? null : http.getAttribute(attribute(projectId));
        String cookie = id == null ? cookieValue(request, projectId) : null;
        if (id == null && cookie == null) {
            return new Current(State.NONE, null, null);
        }
        Current current = database.read(em -> {
            MemberSession session = id != null ? em.find(MemberSession.class, id.toString()) : byCookie(em, cookie);
            if (session == null || !session.projectId().equals(projectId)) {
                return new Current(State.ENDED, null, null);
            }
            User user = em.find(User.class, session.userId());
            if (user == null) {
                return new Current(State.ENDED, null, session);
            }
            if (session.ended()) {
                // the HTTP session says "deactivated" once, as before; the cookie of an ended session says nothing more
                boolean tellOnce = id != null && session.endedReason() == EndReason.DEACTIVATED;
                return new Current(tellOnce ? State.DEACTIVATED : State.ENDED, user, session);
            }
            return new Current(user.active() ? State.ACTIVE : State.DEACTIVATED, user, session);
        });
        if (!current.active()) {
            if (http != null) {
                http.removeAttribute(attribute(projectId));
            }
            if (current.session() != null && !current.session().ended()) {
                end(current.session().id(), current.state() == State.DEACTIVATED ? EndReason.DEACTIVATED : EndReason.SIGN_OUT);
            }
        }
        return current;
    }

    /** Signs the request's session out of the project; the browser's session cookie is cleared. */
    public Optional<MemberSession> signOut(HttpServletRequest request, HttpServletResponse response, String projectId,
                                           EndReason reason) {
        HttpSession http = request.getSession(false);
        Object id = http == null ? null : http.getAttribute(attribute(projectId));
        String cookie = cookieValue(request, projectId);
        if (cookie != null) {
            response.addHeader("Set-Cookie", cookie(request, projectId, "", 0));
        }
        if (http != null) {
            http.removeAttribute(attribute(projectId));
        }
        if (id == null && cookie == null) {
            return Optional.empty();
        }
        String sessionId = id == null ? null : id.toString();
        return Optional.ofNullable(database.write(em -> {
            MemberSession session = sessionId != null ? em.find(MemberSession.class, sessionId) : byCookie(em, cookie);
            if (session != null && session.projectId().equals(projectId)) {
                end(em, session, reason);
                return session;
            }
            return null;
        }));
    }

    /** Ends the project's session with this id (an application's logout names it by its sid). */
    public void endById(String projectId, String sessionId, EndReason reason) {
        database.writing(em -> {
            MemberSession session = sessionId == null ? null : em.find(MemberSession.class, sessionId);
            if (session != null && session.projectId().equals(projectId)) {
                end(em, session, reason);
            }
        });
    }

    /** Ends the sessions an IdP's LogoutRequest names (by NameID, and SessionIndex when given). */
    public int endByIdp(String projectId, String nameId, String sessionIndex) {
        return database.write(em -> {
            var query = em.createQuery("SELECT s FROM MemberSession s WHERE s.projectId = :p AND s.nameId = :n AND s.endedAt IS NULL"
                            + (sessionIndex == null ? "" : " AND s.sessionIndex = :i"), MemberSession.class)
                    .setParameter("p", projectId).setParameter("n", nameId);
            if (sessionIndex != null) {
                query.setParameter("i", sessionIndex);
            }
            List<MemberSession> sessions = query.getResultList();
            sessions.forEach(s -> end(em, s, EndReason.SINGLE_LOGOUT));
            return sessions.size();
        });
    }

    /** A deactivated or deleted user's sessions end with the change, in its transaction. */
    void onAccessEnded(@Observes UserAccessEnded event) {
        event.em().createQuery("SELECT s FROM MemberSession s WHERE s.projectId = :p AND s.userId = :u AND s.endedAt IS NULL",
                        MemberSession.class).setParameter("p", event.projectId()).setParameter("u", event.userId())
                .getResultList().forEach(s -> end(event.em(), s, event.deleted() ? EndReason.DELETED : EndReason.DEACTIVATED));
    }

    private MemberSession end(String id, EndReason reason) {
        return database.write(em -> {
            MemberSession session = em.find(MemberSession.class, id);
            if (session != null) {
                end(em, session, reason);
            }
            return session;
        });
    }

    private void end(EntityManager em, MemberSession session, EndReason reason) {
        if (session.end(reason)) {
            ended.fire(new SessionEnded(em, session, reason));
        }
    }

    /** A session, ended or not, by id (Single Logout still has to tell the IdP who it was). */
    public Optional<MemberSession> find(String id) {
        return Optional.ofNullable(database.read(em -> em.find(MemberSession.class, id)));
    }

    private static MemberSession byCookie(EntityManager em, String cookie) {
        return em.createQuery("SELECT s FROM MemberSession s WHERE s.cookieHash = :h", MemberSession.class)
                .setParameter("h", Secrets.hash(cookie)).getResultStream().findFirst().orElse(null);
    }

    private static String cookieValue(HttpServletRequest request, String projectId) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if ((COOKIE_PREFIX + projectId).equals(c.getName()) && c.getValue() != null && !c.getValue().isEmpty()
                    && c.getValue().length() <= 64) {
                return c.getValue();
            }
        }
        return null;
    }

    /** HttpOnly, SameSite=Lax (top-level navigations from the IdP and the applications carry it), Secure behind https. */
    private static String cookie(HttpServletRequest request, String projectId, String value, int maxAge) {
        String path = request.getContextPath().isEmpty() ? "/" : request.getContextPath();
        boolean secure = request.isSecure() || BaseUrl.of(request).startsWith("https:");
        return COOKIE_PREFIX + projectId + "=" + value + "; Path=" + path + "; HttpOnly; SameSite=Lax"
                + (secure ? "; Secure" : "") + (maxAge >= 0 ? CookieLifetime.attributes(maxAge) : "");
    }

    static String attribute(String projectId) {
        return "gatehouse.member." + projectId;
    }
}
