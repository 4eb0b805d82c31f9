package io.gatehouse.oidc;

import io.gatehouse.platform.BaseUrl;
import io.gatehouse.platform.DomainException;
import io.gatehouse.project.Project;
import io.gatehouse.project.Projects;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A project's OpenID Connect provider, issuer {@code <base>/oidc/<projectId>}: discovery, JWKS,
 * authorization (and its continuation after the IdP), token, userinfo, logout. It routes; the
 * endpoints do the protocol.
 */
@WebServlet("/oidc/*")
public class OidcServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(OidcServlet.class.getName());

    @Inject
    transient Projects projects;
    @Inject
    transient SigningKeys keys;
    @Inject
    transient AuthorizeEndpoint authorize;
    @Inject
    transient TokenEndpoint token;
    @Inject
    transient UserinfoEndpoint userinfo;
    @Inject
    transient EndSessionEndpoint endSession;

    /** {@code /<projectId>/<endpoint>[/<id>]} */
    private record Route(String projectId, String endpoint, String id) {
        static Route of(HttpServletRequest request) {
            String path = request.getPathInfo();
            String[] parts = path == null ? new String[0] : path.split("/", -1);
            if (parts.length < 3 || !parts[0].isEmpty() || parts[1].isEmpty()) {
                return null;
            }
            String rest = path.substring(parts[1].length() + 2);
            if (rest.startsWith("continue/") && parts.length == 4) {
                return new Route(parts[1], "continue", parts[3]);
            }
            return new Route(parts[1], rest, null);
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Route route = Route.of(request);
        Project project = route == null ? null : project(route.projectId());
        if (project == null) {
            OidcPages.problem(response, 404, "Unknown sign-in service", "No project answers at this address.");
            return;
        }
        String issuer = Issuer.of(BaseUrl.of(request), project.id());
        String method = request.getMethod();
        if (CORS.contains(route.endpoint()) && cors(request, response, method)) {
            return;
        }
        try {
            switch (route.endpoint()) {
                case ".well-known/openid-configuration" -> json(response, Discovery.of(issuer).toJSONObject().toJSONString(), 300);
                case "jwks" -> json(response, keys.published(project.id()).toString(), 60);
                case "authorize" -> only(method, GET_POST, response, () -> authorize.authorize(request, response, project, issuer));
                case "continue" -> only(method, List.of("GET"), response, () -> authorize.resume(request, response, project, route.id(), issuer));
                case "token" -> only(method, List.of("POST"), response, () -> token.token(request, response, project, issuer));
                case "userinfo" -> only(method, GET_POST, response, () -> userinfo.userinfo(request, response, project, issuer));
                case "logout" -> only(method, GET_POST, response, () -> endSession.logout(request, response, project, issuer));
                default -> OidcPages.problem(response, 404, "Not found", "The sign-in service has no such endpoint.");
            }
        } catch (DomainException e) {
            LOG.log(Level.INFO, "OpenID Connect request refused: " + e.getMessage());
            OidcPages.problem(response, e.kind() == DomainException.Kind.UNAVAILABLE ? 503 : 400, "Request refused", e.getMessage());
        }
    }

    /**
     * Browser applications (public clients) call these from their own origin. No cookie is read there
     * (the client authenticates itself or proves PKCE), so any origin may: the answer is the same.
     */
    private static final java.util.Set<String> CORS = java.util.Set.of(".well-known/openid-configuration", "jwks", "token", "userinfo");

    /** Sets the CORS headers; answers a preflight request itself (true). */
    private static boolean cors(HttpServletRequest request, HttpServletResponse response, String method) {
        response.setHeader("Access-Control-Allow-Origin", "*");
        if (!"OPTIONS".equals(method)) {
            return false;
        }
        response.setHeader("Access-Control-Allow-Methods", "GET, POST");
        response.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type");
        response.setHeader("Access-Control-Max-Age", "600");
        response.setStatus(204);
        return true;
    }

    private interface Endpoint {
        void answer() throws IOException;
    }

    private static final List<String> GET_POST = List.of("GET", "POST");

    private static void only(String method, List<String> allowed, HttpServletResponse response, Endpoint endpoint)
            throws IOException {
        if (!allowed.contains(method)) {
            response.setHeader("Allow", String.join(", ", allowed));
            OidcPages.problem(response, 405, "Method not allowed", "Use " + String.join(" or ", allowed) + ".");
            return;
        }
        endpoint.answer();
    }

    private static void json(HttpServletResponse response, String body, int maxAgeSeconds) throws IOException {
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "public, max-age=" + maxAgeSeconds);
        response.getWriter().write(body);
    }

    private Project project(String projectId) {
        try {
            return projects.get(projectId);
        } catch (DomainException notFound) {
            return null;
        }
    }
}
