package io.gatehouse.oidc;

import io.gatehouse.platform.DomainException;
import io.gatehouse.platform.Names;
import io.gatehouse.platform.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * What an admin sets on an application, validated: redirect URIs are absolute, without fragment,
 * https outside development mode (http only for localhost, as OAuth 2.0 for native apps allows),
 * and compared exactly later, so they are kept exactly as given.
 */
public record ApplicationSettings(String name, List<String> redirectUris, List<String> postLogoutRedirectUris,
                                  String backchannelLogoutUri, int accessTokenSeconds) {
    static final int DEFAULT_ACCESS_TOKEN_SECONDS = 300;
    static final int MAX_ACCESS_TOKEN_SECONDS = 3600;
    static final int MIN_ACCESS_TOKEN_SECONDS = 5;
    private static final int MAX_URIS = 20;
    private static final int MAX_URI_LENGTH = 2000;

    public static ApplicationSettings of(String name, List<String> redirectUris, List<String> postLogoutRedirectUris,
                                         String backchannelLogoutUri, Integer accessTokenSeconds) {
        String validName = Names.require("name", name, 200);
        List<String> redirects = uris("redirectUris", redirectUris);
        if (redirects.isEmpty()) {
            throw DomainException.invalid("redirectUris must name at least one URI");
        }
        int ttl = accessTokenSeconds == null ? DEFAULT_ACCESS_TOKEN_SECONDS : accessTokenSeconds;
        if (ttl < MIN_ACCESS_TOKEN_SECONDS || ttl > MAX_ACCESS_TOKEN_SECONDS) {
            throw DomainException.invalid("accessTokenSeconds must be " + MIN_ACCESS_TOKEN_SECONDS + " to " + MAX_ACCESS_TOKEN_SECONDS);
        }
        String backchannel = backchannelLogoutUri == null || backchannelLogoutUri.isBlank() ? null
                : uri("backchannelLogoutUri", backchannelLogoutUri.strip());
        return new ApplicationSettings(validName, redirects, uris("postLogoutRedirectUris", postLogoutRedirectUris),
                backchannel, ttl);
    }

    private static List<String> uris(String field, List<String> given) {
        if (given == null) {
            return List.of();
        }
        if (given.size() > MAX_URIS) {
            throw DomainException.invalid(field + " may hold at most " + MAX_URIS + " URIs");
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String uri : given) {
            unique.add(uri(field, uri == null ? null : uri.strip()));
        }
        return new ArrayList<>(unique);
    }

    /** One URI checked: absolute, no fragment, no user info, https unless localhost or development mode. */
    static String uri(String field, String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_URI_LENGTH) {
            throw DomainException.invalid(field + ": each URI must be 1 to " + MAX_URI_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw DomainException.invalid(field + ": \"" + text + "\" is not a URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw DomainException.invalid(field + ": \"" + text + "\" must be an absolute http(s) URI without fragment or user info");
        }
        boolean local = "localhost".equalsIgnoreCase(uri.getHost()) || "127.0.0.1".equals(uri.getHost()) || "[::1]".equals(uri.getHost());
        if (!scheme.equals("https") && !(scheme.equals("http") && (local || Settings.devMode()))) {
            throw DomainException.invalid(field + ": \"" + text + "\" must use https (http only for localhost, or in development mode)");
        }
        return text;
    }
}
