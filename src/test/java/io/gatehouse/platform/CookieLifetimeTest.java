package io.gatehouse.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.HttpCookie;
import org.junit.jupiter.api.Test;

class CookieLifetimeTest {
    @Test
    void javasCookieParserReadsItAsAPlainNetscapeCookieWithItsLifetime() {
        HttpCookie cookie = HttpCookie.parse("Set-Cookie: gh=v; Path=/x/" + CookieLifetime.attributes(600)).get(0);
        assertEquals(0, cookie.getVersion(), "version 0: sent back as name=value, which Tomcat 11 reads");
        assertTrue(cookie.getMaxAge() > 590 && cookie.getMaxAge() <= 600, "max age " + cookie.getMaxAge());
    }

    @Test
    void aZeroLifetimeExpiresTheCookieAtOnce() {
        String attributes = CookieLifetime.attributes(0);
        assertTrue(attributes.contains("Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT"), attributes);
        assertEquals(0, HttpCookie.parse("Set-Cookie: gh=; Path=/" + attributes).get(0).getMaxAge());
    }
}
