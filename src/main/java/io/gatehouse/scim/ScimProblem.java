package io.gatehouse.scim;

/**
 * A SCIM request refused with an RFC 7644 section 3.12 error: HTTP status, optional scimType
 * (invalidFilter, invalidSyntax, invalidValue, invalidPath, noTarget, mutability, uniqueness, ...)
 * and a detail safe to show to the client.
 */
public class ScimProblem extends RuntimeException {
    private final int status;
    private final String scimType;

    public ScimProblem(int status, String scimType, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.scimType = scimType;
    }

    public static ScimProblem badRequest(String scimType, String detail) {
        return new ScimProblem(400, scimType, detail);
    }

    public static ScimProblem invalidValue(String detail) {
        return badRequest("invalidValue", detail);
    }

    public static ScimProblem invalidFilter(String detail) {
        return badRequest("invalidFilter", detail);
    }

    public static ScimProblem invalidPath(String detail) {
        return badRequest("invalidPath", detail);
    }

    public static ScimProblem notFound(String detail) {
        return new ScimProblem(404, null, detail);
    }

    public int status() {
        return status;
    }

    public String scimType() {
        return scimType;
    }
}
