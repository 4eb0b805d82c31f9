package io.gatehouse.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;

/** The request as the application sees it: its session is the shared one, never the server's. */
final class SessionRequest extends HttpServletRequestWrapper {
    private final RequestSession session;

    SessionRequest(HttpServletRequest request, RequestSession session) {
        super(request);
        this.session = session;
    }

    @Override
    public HttpSession getSession(boolean create) {
        return session.session(create);
    }

    @Override
    public HttpSession getSession() {
        return session.session(true);
    }

    @Override
    public String changeSessionId() {
        return session.changeId();
    }

    @Override
    public String getRequestedSessionId() {
        return session.requestedId();
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        return session.requestedIdValid();
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return session.requestedId() != null;
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        return false;
    }
}
