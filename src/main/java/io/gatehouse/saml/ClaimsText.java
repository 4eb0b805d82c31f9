package io.gatehouse.saml;

import java.util.stream.Collectors;

/** The claims a sign-in read, as one sentence of the sign-in trace. */
final class ClaimsText {
    private static final int GROUPS_SHOWN = 20;

    private ClaimsText() {
    }

    static String of(Claims claims) {
        return "NameID '" + claims.nameId() + "'" + (claims.nameIdFormat() == null ? "" : " (format " + claims.nameIdFormat() + ")")
                + ", read as the user name '" + claims.userName() + "'; e-mail " + value(claims.email())
                + "; given name " + value(claims.givenName()) + "; family name " + value(claims.familyName()) + "; "
                + groups(claims) + ".";
    }

    private static String groups(Claims claims) {
        if (!claims.groupsSent()) {
            return "no groups claim (group memberships stay as they are)";
        }
        if (claims.groups().isEmpty()) {
            return "an empty groups claim (the person leaves the identity provider's groups)";
        }
        String shown = claims.groups().stream().limit(GROUPS_SHOWN).map(g -> "'" + g + "'").collect(Collectors.joining(", "));
        int more = claims.groups().size() - GROUPS_SHOWN;
        return "groups " + shown + (more > 0 ? " and " + more + " more" : "");
    }

    private static String value(String value) {
        return value == null ? "not sent" : "'" + value + "'";
    }
}
