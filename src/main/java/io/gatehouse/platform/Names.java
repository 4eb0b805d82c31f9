package io.gatehouse.platform;

import java.util.Locale;

/** Validation and normalisation of the names people type: trimmed, bounded, compared case-insensitively. */
public final class Names {
    private Names() {
    }

    /** The trimmed value, or an INVALID refusal naming the field. */
    public static String require(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw DomainException.invalid(field + " is required");
        }
        return bounded(field, value, maxLength);
    }

    /** The trimmed value, null when absent or blank. */
    public static String optional(String field, String value, int maxLength) {
        return value == null || value.isBlank() ? null : bounded(field, value, maxLength);
    }

    /** The key under which a name is unique: the database enforces uniqueness on it. */
    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String bounded(String field, String value, int maxLength) {
        String trimmed = value.strip();
        if (trimmed.length() > maxLength) {
            throw DomainException.invalid(field + " is longer than " + maxLength + " characters");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw DomainException.invalid(field + " contains control characters");
        }
        return trimmed;
    }
}
