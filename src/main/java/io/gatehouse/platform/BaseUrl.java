package io.gatehouse.platform;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The public base URL of Gatehouse (scheme, host, port and context path, no trailing slash): the
 * GATEHOUSE_BASE_URL setting when behind a proxy, otherwise what the request says (with Tomcat's
 * RemoteIpValve, that already honours X-Forwarded-* from a trusted proxy).
 */
public final class BaseUrl {
    private BaseUrl() {
    }

    public static String of(HttpServletRequest request) {
        return Settings.GATEHOUSE_BASE_URL.value().map(BaseUrl::withoutTrailingSlash).orElseGet(() -> {
            String scheme = request.getScheme();
            int port = request.getServerPort();
            boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
            return scheme + "://" + request.getServerName() + (defaultPort ? "" : ":" + port) + request.getContextPath();
        });
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
