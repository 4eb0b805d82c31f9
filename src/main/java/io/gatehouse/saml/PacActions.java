package io.gatehouse.saml;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.pac4j.core.exception.http.HttpAction;
import org.pac4j.core.exception.http.WithContentAction;
import org.pac4j.core.exception.http.WithLocationAction;

/** Writes what pac4j asks for (a redirect, or an auto-posting form) to the servlet response. */
final class PacActions {
    private PacActions() {
    }

    static void send(HttpAction action, HttpServletResponse response) {
        try {
            response.setHeader("Cache-Control", "no-store");
            if (action instanceof WithLocationAction redirect) {
                response.setStatus(action.getCode());
                response.setHeader("Location", redirect.getLocation());
            } else if (action instanceof WithContentAction content) {
                response.setStatus(action.getCode());
                response.setContentType("text/html;charset=UTF-8");
                response.getWriter().write(content.getContent() == null ? "" : content.getContent());
            } else {
                response.setStatus(action.getCode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
