package io.gatehouse.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.gatehouse.platform.NativeCrypto;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.text.ParseException;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signs the tokens a project issues with its current key (RS256, the kid in the header) and checks
 * tokens it issued before. Verification accepts RS256 only: a token naming another algorithm
 * ({@code none}, HS256 with the public key as secret) is refused before any key is used.
 */
@ApplicationScoped
public class TokenSigner {
    static final JOSEObjectType ACCESS_TOKEN = new JOSEObjectType("at+jwt");
    static final JOSEObjectType LOGOUT_TOKEN = new JOSEObjectType("logout+jwt");

    private SigningKeys keys;
    /** kid -> signer; Nimbus' signers are thread-safe, and keys never change once made (SigningKeys). */
    private final Map<String, JWSSigner> signers = new ConcurrentHashMap<>();

    protected TokenSigner() {
    }

    @Inject
    public TokenSigner(SigningKeys keys) {
        this.keys = keys;
    }

    public String sign(String projectId, JOSEObjectType type, JWTClaimsSet claims) {
        RSAKey key = keys.signing(projectId);
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(type).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signers.computeIfAbsent(key.getKeyID(), kid -> signer(key)));
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign a token", e);
        }
        return jwt.serialize();
    }

    /** Built once per key: decoding the key's numbers and converting them for the native provider is not per token. */
    private static JWSSigner signer(RSAKey key) {
        try {
            RSASSASigner signer = new RSASSASigner(NativeCrypto.forSigning(key.toPrivateKey()));
            if (NativeCrypto.provider().isPresent()) {
                signer.getJCAContext().setProvider(NativeCrypto.provider().get());
            }
            return signer;
        } catch (JOSEException e) {
            throw new IllegalStateException("Stored signing key cannot sign", e);
        }
    }

    /** The claims of a token this project signed, of this type; empty when it is not one (expiry is the caller's check). */
    public Optional<JWTClaimsSet> verify(String projectId, String token, JOSEObjectType type, String issuer) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWSHeader header = jwt.getHeader();
            boolean typeMatches = type == null ? header.getType() == null || JOSEObjectType.JWT.equals(header.getType())
                    : type.equals(header.getType()); // an access or logout token is never taken for an ID token
            if (!JWSAlgorithm.RS256.equals(header.getAlgorithm()) || !typeMatches) {
                return Optional.empty();
            }
            Optional<RSAKey> key = keys.verifying(projectId, header.getKeyID());
            if (key.isEmpty() || !jwt.verify(new RSASSAVerifier(key.get()))) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            return issuer.equals(claims.getIssuer()) ? Optional.of(claims) : Optional.empty();
        } catch (ParseException | JOSEException | RuntimeException notOurs) {
            return Optional.empty();
        }
    }

    static boolean expired(JWTClaimsSet claims) {
        Date exp = claims.getExpirationTime();
        return exp == null || exp.before(new Date());
    }
}
