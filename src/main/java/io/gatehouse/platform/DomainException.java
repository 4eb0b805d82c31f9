package io.gatehouse.platform;

/**
 * A request the domain refuses, with a message safe to show to the caller. Each boundary (management
 * API, SCIM, console, SAML pages) maps the {@link Kind} to its own protocol's error.
 */
public class DomainException extends RuntimeException {
    public enum Kind { INVALID, NOT_FOUND, CONFLICT, PRECONDITION_FAILED, UNAVAILABLE }

    private final Kind kind;

    public DomainException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static DomainException invalid(String message) {
        return new DomainException(Kind.INVALID, message);
    }

    public static DomainException notFound(String what) {
        return new DomainException(Kind.NOT_FOUND, what + " not found");
    }

    public static DomainException conflict(String message) {
        return new DomainException(Kind.CONFLICT, message);
    }

    public static DomainException preconditionFailed(String message) {
        return new DomainException(Kind.PRECONDITION_FAILED, message);
    }

    public static DomainException unavailable(String message) {
        return new DomainException(Kind.UNAVAILABLE, message);
    }
}
