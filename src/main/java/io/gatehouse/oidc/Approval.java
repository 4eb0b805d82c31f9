package io.gatehouse.oidc;

/**
 * What a validated authorization request asks for: the application, where the answer goes, and what
 * the code will be bound to (nonce, PKCE challenge). The same whether it is answered at once or after
 * the person signed in at the IdP.
 */
record Approval(String projectId, String applicationId, String redirectUri, String scope, String state, String nonce,
                String codeChallenge) {
}
