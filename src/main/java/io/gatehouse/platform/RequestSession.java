package io.gatehouse.platform;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The shared session of one request: found by the browser's {@value #COOKIE} cookie (only its
 * SHA-256 is stored) when first asked for, created on demand, written back by {@link #save} before
 * the response is committed (a browser's next request may reach another node at once) and again at
 * the end if the request changed it after that.
 */
final class RequestSession {
    private static final Logger LOG = Logger.getLogger(RequestSession.class.getName());
    static final String COOKIE = "gh_session";
    private static final String ATTRIBUTE = RequestSession.class.getName();

    private final SharedSessions store;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final ServletContext context;
    private boolean looked;
    private String requestedId;
    private SharedSession session;
    /** The stored row a new id replaces (a sign-in changes the id: no session fixation). */
    private String replaces;
    /** The clear cookie value to send: a new session or a new id. */
    private String cookieToSend;
    private boolean clearCookie;

    private RequestSession(SharedSessions store, HttpServletRequest request, HttpServletResponse response) {
        this.store = store;
        this.request = request;
        this.response = response;
        this.context = request.getServletContext();
    }

    /** The request's shared session state, made on its first pass through the filter. */
    static RequestSession attach(SharedSessions store, HttpServletRequest request, HttpServletResponse response) {
        RequestSession known = of(request);
        if (known != null) { // a forward or an error page of the same request
            return known;
        }
        RequestSession created = new RequestSession(store, request, response);
        request.setAttribute(ATTRIBUTE, created);
        return created;
    }

    static RequestSession of(HttpServletRequest request) {
        return (RequestSession) request.getAttribute(ATTRIBUTE);
    }

    HttpSession session(boolean create) {
        lookUp();
        if (session != null && !session.invalid()) {
            return session;
        }
        if (!create) {
            return null;
        }
        if (session != null && replaces == null && !session.unstored()) {
            replaces = session.getId(); // invalidated, then a new one: the old row goes when the new one is written
        }
        String secret = Secrets.random(32);
        long now = System.currentTimeMillis();
        session = new SharedSession(context, Secrets.hash(secret), now, now, context.getSessionTimeout() * 60, Map.of(), true);
        cookieToSend = secret;
        clearCookie = false;
        return session;
    }

    private void lookUp() {
        if (looked) {
            return;
        }
        looked = true;
        String cookie = cookieValue();
        if (cookie == null) {
            return;
        }
        requestedId = Secrets.hash(cookie);
        store.find(requestedId).ifPresent(row -> session = new SharedSession(context, row.id(), row.createdAt().toEpochMilli(),
                row.lastAccess().toEpochMilli(), row.maxInactive(), SessionAttributes.decode(row.attributes()), false));
    }

    /** A new id for the session (after a sign-in); its attributes move to the new id. */
    String changeId() {
        HttpSession current = session(false);
        if (current == null) {
            throw new IllegalStateException("No session to change the id of");
        }
        if (replaces == null && !session.unstored()) {
            replaces = session.getId();
        }
        String secret = Secrets.random(32);
        session.renamed(Secrets.hash(secret));
        cookieToSend = secret;
        return session.getId();
    }

    String requestedId() {
        lookUp();
        return requestedId;
    }

    boolean requestedIdValid() {
        lookUp();
        return requestedId != null && session != null && !session.invalid() && requestedId.equals(session.getId());
    }

    /** Writes what this request changed; never throws (the response is on its way). */
    void save() {
        try {
            write();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not store the HTTP session: " + e.getMessage());
        }
        sendCookie();
    }

    private void write() {
        if (session == null) {
            return;
        }
        if (session.invalid()) {
            if (!session.unstored()) {
                store.delete(session.getId());
            }
            if (replaces != null) {
                store.delete(replaces);
                replaces = null;
            }
            session = null;
            cookieToSend = null;
            clearCookie = cookieValue() != null;
            return;
        }
        SharedSession.Changes changes = session.changes();
        if (session.unstored() || replaces != null) {
            if (session.unstored() && replaces == null && changes.none()) {
                return; // asked for but never used: not worth a row or a cookie
            }
            store.insert(session, session.all(), replaces);
            replaces = null;
        } else if (!changes.none() || SharedSessions.due(session.lastWritten())) {
            if (!store.update(session, changes)) {
                return; // ended on another node meanwhile: it stays ended
            }
        }
        session.written(changes);
    }

    private void sendCookie() {
        if (cookieToSend == null && !clearCookie) {
            return;
        }
        if (response.isCommitted()) {
            if (cookieToSend != null) {
                LOG.warning("The response was committed before the new session's cookie could be set");
            }
            return;
        }
        if (cookieToSend != null && session != null && !session.unstored()) {
            response.addHeader("Set-Cookie", cookie(cookieToSend, -1));
            cookieToSend = null;
        } else if (clearCookie) {
            response.addHeader("Set-Cookie", cookie("", 0));
            clearCookie = false;
        }
    }

    /** HttpOnly, SameSite=Lax (the IdP's and the applications' top-level navigations carry it), Secure behind https. */
    private String cookie(String value, int maxAge) {
        String path = request.getContextPath().isEmpty() ? "/" : request.getContextPath();
        boolean secure = request.isSecure() || BaseUrl.of(request).startsWith("https:");
        return COOKIE + "=" + value + "; Path=" + path + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
                + (maxAge >= 0 ? CookieLifetime.attributes(maxAge) : "");
    }

    private String cookieValue() {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            String value = c.getValue();
            if (COOKIE.equals(c.getName()) && value != null && !value.isEmpty() && value.length() <= 64) {
                return value;
            }
        }
        return null;
    }
}
