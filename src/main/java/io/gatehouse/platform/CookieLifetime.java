package io.gatehouse.platform;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The lifetime attributes of a Set-Cookie header: Max-Age and the equivalent Expires. Browsers use
 * Max-Age; Expires is there for clients that read a cookie with Max-Age alone as an RFC 2965 cookie
 * (java.net.HttpCookie does) and send it back as {@code $Version="1"; name="value"}, which Tomcat 11,
 * having dropped RFC 2109 parsing, ignores, so the cookie is lost.
 */
public final class CookieLifetime {
    /** RFC 6265's sane-cookie-date (RFC 1123 with a two-digit day). */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private CookieLifetime() {
    }

    public static String attributes(long maxAgeSeconds) {
        Instant expires = maxAgeSeconds <= 0 ? Instant.EPOCH : Instant.now().plusSeconds(maxAgeSeconds);
        return "; Max-Age=" + maxAgeSeconds + "; Expires="
                + DATE.format(expires.atZone(ZoneOffset.UTC));
    }
}
