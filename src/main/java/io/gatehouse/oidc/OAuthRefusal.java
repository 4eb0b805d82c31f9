package io.gatehouse.oidc;

import com.nimbusds.oauth2.sdk.ErrorObject;

/**
 * A request the OpenID Connect provider refuses, as an OAuth 2.0 error (RFC 6749 section 4.1.2.1 and
 * 5.2). Each endpoint answers it in its protocol's form: an error redirect, a JSON error body, or a
 * WWW-Authenticate challenge. The description is for the application's developer; never a secret.
 */
public class OAuthRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ErrorObject error;

    public OAuthRefusal(ErrorObject error, String description) {
        super(description, null, false, false);
        this.error = error.setDescription(description);
    }

    public ErrorObject error() {
        return error;
    }
}
