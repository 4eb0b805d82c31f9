package io.gatehouse.oidc;

import java.time.Instant;

/**
 * What tokens are issued for: a person (in a member session) signed in to an application, with the
 * scope they asked for. The nonce is only carried from a code into the first ID token.
 */
record Grant(String projectId, String applicationId, String memberSessionId, String userId, String scope, Instant authTime,
             String nonce) {
}
