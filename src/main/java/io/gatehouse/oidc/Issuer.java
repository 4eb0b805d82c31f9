package io.gatehouse.oidc;

/** A project's OpenID Connect issuer identifier, {@code <base>/oidc/<projectId>}, and the endpoints under it. */
public final class Issuer {
    private Issuer() {
    }

    public static String of(String baseUrl, String projectId) {
        return baseUrl + "/oidc/" + projectId;
    }
}
