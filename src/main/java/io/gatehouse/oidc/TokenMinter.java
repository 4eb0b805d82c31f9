package io.gatehouse.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import io.gatehouse.platform.Ids;
import io.gatehouse.platform.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Makes the tokens of one grant: a signed access token (RFC 9068 JWT), a signed ID token carrying
 * the person, their groups and effective role, and a new refresh token (stored by its hash); or, for
 * the client credentials grant, the application's own access token alone.
 */
@ApplicationScoped
public class TokenMinter {
    /** The access token's claim naming its grant family (see {@link Grants#familyLive}). */
    static final String GRANT_FAMILY = "grant_family";

    static final Duration ID_TOKEN_LIFETIME = Duration.ofHours(1);

    private TokenSigner signer;

    protected TokenMinter() {
    }

    @Inject
    public TokenMinter(TokenSigner signer) {
        this.signer = signer;
    }

    IssuedTokens mint(EntityManager em, Grant grant, Application app, Person person, String issuer, String familyId) {
        Instant now = Instant.now();
        String accessToken = accessToken(grant, app, issuer, now, familyId);
        JWTClaimsSet.Builder id = new JWTClaimsSet.Builder().issuer(issuer).audience(app.clientId())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ID_TOKEN_LIFETIME)))
                .claim("azp", app.clientId()).claim("auth_time", grant.authTime().getEpochSecond())
                .claim("sid", grant.memberSessionId())
                .claim("at_hash", AccessTokenHash.compute(new BearerAccessToken(accessToken), JWSAlgorithm.RS256, null).getValue());
        person.claims().forEach(id::claim);
        if (grant.nonce() != null) {
            id.claim("nonce", grant.nonce());
        }
        String refresh = Secrets.random(32);
        em.persist(new RefreshToken(Secrets.hash(refresh), familyId, grant));
        return new IssuedTokens(signer.sign(app.projectId(), null, id.build()), accessToken, app.accessTokenSeconds(), refresh,
                grant.scope());
    }

    /**
     * The access token names its grant family (the code the chain started from, by its hash), so that
     * userinfo refuses it once the family is revoked: a replayed code or refresh token ends the access
     * tokens issued for it too (RFC 6749 4.1.2, RFC 9700 4.14), not only its refresh tokens.
     */
    private String accessToken(Grant grant, Application app, String issuer, Instant now, String familyId) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject(grant.userId()).audience(List.of(app.clientId()))
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(app.accessTokenSeconds())))
                .jwtID(Ids.next()).claim("client_id", app.clientId()).claim("scope", grant.scope())
                .claim("sid", grant.memberSessionId()).claim(GRANT_FAMILY, familyId).build();
        return signer.sign(app.projectId(), TokenSigner.ACCESS_TOKEN, claims);
    }

    /**
     * The application's own access token (client credentials grant): it names no person and no
     * session, its subject is the client (RFC 9068 section 2.2), its audience the management API.
     * Nothing is stored; it ends with its expiry or with its application.
     */
    IssuedTokens applicationToken(Application app, String issuer, String audience, String scope) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject(app.clientId()).audience(List.of(audience))
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(app.accessTokenSeconds())))
                .jwtID(Ids.next()).claim("client_id", app.clientId()).claim("scope", scope).build();
        return new IssuedTokens(null, signer.sign(app.projectId(), TokenSigner.ACCESS_TOKEN, claims), app.accessTokenSeconds(),
                null, scope);
    }
}
