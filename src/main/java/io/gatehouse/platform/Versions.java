package io.gatehouse.platform;

/** Optimistic concurrency for clients: entity versions as ETags, and If-Match checks. */
public final class Versions {
    private Versions() {
    }

    public static String etag(long version) {
        return "W/\"" + version + "\"";
    }

    /** The version an If-Match header names; null when the header is absent or "*". */
    public static Long fromIfMatch(String header) {
        if (header == null || header.isBlank() || header.strip().equals("*")) {
            return null;
        }
        String value = header.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw DomainException.preconditionFailed("If-Match does not name a version of this resource");
        }
    }

    /** Refuses the change when the client's version is not the current one (a lost update otherwise). */
    public static void check(Long expected, long actual) {
        if (expected != null && expected != actual) {
            throw DomainException.preconditionFailed("The resource has changed (now version " + actual
                    + ", you sent " + expected + "); reload it and retry");
        }
    }
}
