package io.gatehouse.saml;

import io.gatehouse.platform.BaseUrl;
import io.gatehouse.platform.CookieLifetime;
import io.gatehouse.platform.Secrets;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.regex.Pattern;

/**
 * Ties an SP-initiated sign-in to the browser that started it. {@code /init} gives the browser a
 * random secret in a cookie, and the AuthnRequest is stored with the secret's hash
 * ({@link SentRequest}); the response's signed InResponseTo must then name a request stored with the
 * hash of the secret this browser presents. A genuine response the IdP issued to someone else's
 * browser (the attacker's own sign-in) cannot sign this browser in (login CSRF). One secret per
 * browser and project, kept while it is in use, so sign-ins started in two tabs both finish.
 */
final class BrowserFlow {
    /** The request attribute by which /init hands the secret to the message store (SentRequests). */
    static final String ATTRIBUTE = "gatehouse.saml.browserFlow";
    private static final String COOKIE_PREFIX = "gh_saml_flow_";
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{20,64}");

    private BrowserFlow() {
    }

    /** The browser's flow secret, created when it has none; the cookie is (re)sent for another request lifetime. */
    static String begin(HttpServletRequest request, HttpServletResponse response, String projectId) {
        String secret = secret(request, projectId);
        if (secret == null) {
            secret = Secrets.random(24);
        }
        response.addHeader("Set-Cookie", cookie(request, projectId, secret));
        request.setAttribute(ATTRIBUTE, secret);
        return secret;
    }

    /** The flow secret this browser presents for the project, or null. */
    static String secret(HttpServletRequest request, String projectId) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if ((COOKIE_PREFIX + projectId).equals(c.getName()) && c.getValue() != null && SECRET.matcher(c.getValue()).matches()) {
                return c.getValue();
            }
        }
        return null;
    }

    /**
     * HttpOnly, on the /sso paths only. Behind https SameSite=None and Secure: the IdP's auto-post
     * to the ACS is a cross-site POST, which a Lax cookie would not accompany. On plain http
     * (development) no SameSite attribute, as browsers refuse SameSite=None without Secure.
     */
    private static String cookie(HttpServletRequest request, String projectId, String secret) {
        boolean secure = request.isSecure() || BaseUrl.of(request).startsWith("https:");
        return COOKIE_PREFIX + projectId + "=" + secret + "; Path=" + request.getContextPath() + "/sso/; HttpOnly"
                + CookieLifetime.attributes(SentRequests.LIFETIME.toSeconds()) + (secure ? "; SameSite=None; Secure" : "");
    }
}
