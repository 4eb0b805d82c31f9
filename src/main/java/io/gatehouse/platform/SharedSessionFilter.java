package io.gatehouse.platform;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Gives every request the shared session ({@link SharedSessions}) in place of the server's own, so no
 * node keeps a session another node needs. First in the chain (web.xml), for requests, forwards and
 * error pages. A request that never asks for its session costs nothing here.
 */
public class SharedSessionFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    /** Console pages are written whole before they are sent, so the session is stored before the head goes. */
    private static final int CONSOLE_BUFFER = 256 * 1024;

    @Inject
    transient SharedSessions sessions;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        RequestSession session = RequestSession.attach(sessions, request, response);
        if (request.getRequestURI().startsWith(request.getContextPath() + "/console/") && !response.isCommitted()
                && response.getBufferSize() < CONSOLE_BUFFER) {
            try {
                response.setBufferSize(CONSOLE_BUFFER);
            } catch (IllegalStateException written) { // an error page after content: the buffer stays
            }
        }
        try {
            chain.doFilter(new SessionRequest(request, session), new SaveBeforeCommit(response, session::save));
        } finally {
            session.save();
        }
    }
}
