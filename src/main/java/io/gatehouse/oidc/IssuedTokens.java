package io.gatehouse.oidc;

/** What the token endpoint answers: the ID token, the access token (a JWT), its lifetime, the next refresh token. */
record IssuedTokens(String idToken, String accessToken, int expiresIn, String refreshToken, String scope) {
}
