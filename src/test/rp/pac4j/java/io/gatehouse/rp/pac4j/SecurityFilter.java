package io.gatehouse.rp.pac4j;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Collection;
import org.pac4j.core.config.Config;
import org.pac4j.core.profile.UserProfile;
import org.pac4j.jee.context.JEEFrameworkParameters;

/**
 * Protects /page with pac4j's security logic: no profile, a redirect to Gatehouse's authorization
 * endpoint; a profile without the role Editor, 403. The page sees the profile as the request's user.
 */
@WebFilter("/page")
public class SecurityFilter extends HttpFilter {
    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Config config = Pac4jRp.config();
        if (config == null) {
            response.sendError(503, "not configured: POST /config first");
            return;
        }
        config.getSecurityLogic().perform(config, (context, sessionStore, profiles) -> {
            chain.doFilter(new ProfileRequest(request, profiles), response);
            return null;
        }, Pac4jRp.CLIENT, Pac4jRp.EDITOR, "", new JEEFrameworkParameters(request, response));
    }

    /** The signed-in profile as the servlet API's user and roles. */
    static final class ProfileRequest extends HttpServletRequestWrapper {
        final UserProfile profile;

        ProfileRequest(HttpServletRequest request, Collection<UserProfile> profiles) {
            super(request);
            this.profile = profiles.iterator().next();
        }

        @Override
        public Principal getUserPrincipal() {
            return () -> String.valueOf(profile.getAttribute("preferred_username"));
        }

        @Override
        public String getRemoteUser() {
            return getUserPrincipal().getName();
        }

        @Override
        public boolean isUserInRole(String role) {
            return profile.getRoles().contains(role);
        }
    }
}
