package io.gatehouse.oidc;

/**
 * What the token endpoint answers: the ID token, the access token (a JWT), its lifetime, the next
 * refresh token. The client credentials grant has the access token only (no ID or refresh token: null).
 */
record IssuedTokens(String idToken, String accessToken, int expiresIn, String refreshToken, String scope) {
}
