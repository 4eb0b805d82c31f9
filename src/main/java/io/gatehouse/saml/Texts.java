package io.gatehouse.saml;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the sign-in trace and the expiry warnings write times: minutes, UTC, unambiguous for any reader. */
final class Texts {
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Texts() {
    }

    static String at(Instant instant) {
        return instant == null ? "never" : AT.format(instant);
    }
}
