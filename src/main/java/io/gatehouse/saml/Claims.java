package io.gatehouse.saml;

import io.gatehouse.member.SignInFailure;
import io.gatehouse.member.SignInFailure.Reason;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.pac4j.saml.credentials.SAML2Credentials;

/**
 * The claims Gatehouse reads from a validated assertion; every other attribute is ignored. Names
 * follow PRODUCT.md: NameID or {@code email}, {@code firstName}, {@code lastName}, Microsoft's
 * claim URIs, and an optional {@code groups}.
 */
public record Claims(String nameId, String nameIdFormat, String userName, String email, String givenName, String familyName,
                     String displayName, List<String> groups, boolean groupsSent, String sessionIndex) {
    static final String MS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/";
    static final List<String> EMAIL = List.of("email", MS + "emailaddress");
    static final List<String> GIVEN_NAME = List.of("firstName", MS + "givenname");
    static final List<String> FAMILY_NAME = List.of("lastName", MS + "surname");
    static final List<String> NAME = List.of(MS + "name");
    static final String GROUPS = "groups";
    static final int USER_NAME_MAX = 320;
    static final int NAME_MAX = 255;
    static final int GROUPS_MAX = 1000;

    static Claims from(SAML2Credentials credentials) {
        List<SAML2Credentials.SAMLAttribute> attributes = credentials.getAttributes();
        String nameId = credentials.getNameId() == null ? null : credentials.getNameId().getValue();
        String email = first(attributes, EMAIL).orElse(null);
        String userName = Optional.ofNullable(email).or(() -> Optional.ofNullable(blankToNull(nameId)))
                .or(() -> first(attributes, NAME))
                .orElseThrow(() -> new SignInFailure(Reason.INVALID, "Assertion names nobody: no NameID and no e-mail claim"));
        if (userName.length() > USER_NAME_MAX) {
            throw new SignInFailure(Reason.INVALID, "User name longer than " + USER_NAME_MAX + " characters");
        }
        if (email == null && userName.contains("@")) {
            email = userName;
        }
        String given = bounded(first(attributes, GIVEN_NAME).orElse(null));
        String family = bounded(first(attributes, FAMILY_NAME).orElse(null));
        List<String> groups = all(attributes, GROUPS);
        boolean groupsSent = attributes.stream().anyMatch(a -> GROUPS.equals(a.getName()));
        String format = credentials.getNameId() == null ? null : credentials.getNameId().getFormat();
        return new Claims(nameId, format, userName.strip(), email, given, family, displayName(given, family), groups, groupsSent,
                credentials.getSessionIndex());
    }

    private static Optional<String> first(List<SAML2Credentials.SAMLAttribute> attributes, List<String> names) {
        for (String name : names) {
            for (var attribute : attributes) {
                if (name.equals(attribute.getName()) && !attribute.getAttributeValues().isEmpty()) {
                    String value = blankToNull(attribute.getAttributeValues().get(0));
                    if (value != null) {
                        return Optional.of(value.strip());
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> all(List<SAML2Credentials.SAMLAttribute> attributes, String name) {
        LinkedHashSet<String> values = new LinkedHashSet<>();
        for (var attribute : attributes) {
            if (name.equals(attribute.getName())) {
                attribute.getAttributeValues().stream().map(Claims::blankToNull).filter(v -> v != null)
                        .map(String::strip).map(Claims::bounded).forEach(values::add);
            }
        }
        if (values.size() > GROUPS_MAX) {
            throw new SignInFailure(Reason.INVALID, "More than " + GROUPS_MAX + " groups in the assertion");
        }
        return new ArrayList<>(values);
    }

    private static String displayName(String given, String family) {
        String joined = ((given == null ? "" : given) + " " + (family == null ? "" : family)).strip();
        return joined.isEmpty() ? null : bounded(joined);
    }

    private static String bounded(String value) {
        return value == null || value.length() <= NAME_MAX ? value : value.substring(0, NAME_MAX);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    String userNameKey() {
        return userName.toLowerCase(Locale.ROOT);
    }
}
