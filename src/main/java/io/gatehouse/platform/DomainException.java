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

    /**
     * Null for a refusal that says "not found" (the caller answers its own 404); any other refusal,
     * such as the database being unavailable, is thrown on, so it is not mistaken for an unknown address.
     */
    public static <T> T unlessNotFound(DomainException e) {
        if (e.kind() == Kind.NOT_FOUND) {
            return null;
        }
        throw e;
    }

    public static DomainException unavailable(String message) {
        return new DomainException(Kind.UNAVAILABLE, message);
    }
}
