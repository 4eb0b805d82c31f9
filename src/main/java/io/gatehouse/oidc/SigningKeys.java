package io.gatehouse.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.Ids;
import io.gatehouse.platform.KeyEncryption;
import io.gatehouse.project.Project;
import io.gatehouse.project.Projects;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The projects' token signing keys: generated on first use, rotated by an admin (the new key signs
 * at once, the old one stays published for {@link #PUBLISHED_AFTER_RETIREMENT}), kept in the database
 * with the private half encrypted. Key rows never change but for their retirement, so the decrypted
 * key is kept in memory by kid; which key is current is re-read every few seconds, so a rotation on
 * another node is followed here within {@link #CURRENT_KEY_RECHECK}.
 */
@ApplicationScoped
public class SigningKeys {
    /** Longer than any token a key signs lives (ID and access tokens: at most an hour). */
    static final Duration PUBLISHED_AFTER_RETIREMENT = Duration.ofHours(2);
    private static final Duration CURRENT_KEY_RECHECK = Duration.ofSeconds(5);

    private Database database;
    private KeyEncryption encryption;
    private AuditLog audit;
    /** kid -> decrypted key; the kid is random, the project is checked where a key is used to verify. */
    private final Map<String, RSAKey> privateKeys = new ConcurrentHashMap<>();
    private final Map<String, String> projectOfKey = new ConcurrentHashMap<>();
    private final Map<String, Current> current = new ConcurrentHashMap<>();

    private record Current(String kid, Instant checkedAt) {
    }

    protected SigningKeys() {
    }

    @Inject
    public SigningKeys(Database database, KeyEncryption encryption, AuditLog audit) {
        this.database = database;
        this.encryption = encryption;
        this.audit = audit;
    }

    /** The key that signs the project's tokens now (generated if the project has none). */
    public RSAKey signing(String projectId) {
        Current known = current.get(projectId);
        if (known != null && known.checkedAt().isAfter(Instant.now().minus(CURRENT_KEY_RECHECK))) {
            return privateKeys.get(known.kid());
        }
        SigningKey key = database.read(em -> newestActive(em, projectId)).orElseGet(() -> database.write(em -> {
            Projects.require(em, projectId);
            em.find(Project.class, projectId, LockModeType.PESSIMISTIC_WRITE); // two nodes racing: one key
            return newestActive(em, projectId).orElseGet(() -> generate(em, projectId, Actor.system(), "Token signing key generated"));
        }));
        RSAKey rsa = privateKey(key);
        current.put(projectId, new Current(key.id(), Instant.now()));
        return rsa;
    }

    /** A new signing key; the previous one is retired but stays in the JWKS until its tokens have expired. */
    public SigningKey rotate(String projectId, Actor actor) {
        SigningKey key = database.write(em -> {
            Projects.require(em, projectId);
            em.find(Project.class, projectId, LockModeType.PESSIMISTIC_WRITE);
            keys(em, projectId).forEach(SigningKey::retire);
            return generate(em, projectId, actor, "Token signing key rotated");
        });
        current.remove(projectId);
        return key;
    }

    public List<SigningKey> list(String projectId) {
        return database.read(em -> {
            Projects.require(em, projectId);
            return keys(em, projectId);
        });
    }

    /** The public keys relying parties verify with: the current one and those retired recently. */
    public JWKSet published(String projectId) {
        signing(projectId);
        Instant cutoff = Instant.now().minus(PUBLISHED_AFTER_RETIREMENT);
        List<com.nimbusds.jose.jwk.JWK> keys = list(projectId).stream()
                .filter(k -> !k.retired() || k.retiredAt().isAfter(cutoff))
                .map(k -> (com.nimbusds.jose.jwk.JWK) parse(k.publicJwk())).toList();
        return new JWKSet(keys);
    }

    private SigningKey generate(EntityManager em, String projectId, Actor actor, String summary) {
        String kid = Ids.next();
        RSAKey rsa;
        try {
            rsa = new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("RSA key generation is not available", e);
        }
        String sealed = encryption.encrypt(rsa.toJSONString().getBytes(StandardCharsets.UTF_8), context(projectId, kid));
        SigningKey key = new SigningKey(kid, projectId, rsa.toPublicJWK().toJSONString(), sealed);
        em.persist(key);
        privateKeys.put(kid, rsa);
        projectOfKey.put(kid, projectId);
        audit.record(em, projectId, actor, AuditLog.Entry.of("oidc.signing-key", "project", projectId, summary + " (kid " + kid + ")"));
        return key;
    }

    /** The public key with this kid if it is one of the project's keys (to verify tokens Gatehouse issued). */
    public Optional<RSAKey> verifying(String projectId, String kid) {
        if (kid == null || kid.length() > 36) {
            return Optional.empty();
        }
        if (!privateKeys.containsKey(kid)) {
            SigningKey key = database.read(em -> em.find(SigningKey.class, kid));
            if (key == null || !key.projectId().equals(projectId)) {
                return Optional.empty();
            }
            privateKey(key);
        }
        return projectId.equals(projectOfKey.get(kid)) ? Optional.of(privateKeys.get(kid).toPublicJWK()) : Optional.empty();
    }

    private RSAKey privateKey(SigningKey key) {
        projectOfKey.putIfAbsent(key.id(), key.projectId());
        return privateKeys.computeIfAbsent(key.id(), kid -> parse(new String(
                encryption.decrypt(key.privateKey(), context(key.projectId(), kid)), StandardCharsets.UTF_8)));
    }

    private static Optional<SigningKey> newestActive(EntityManager em, String projectId) {
        return em.createQuery("SELECT k FROM SigningKey k WHERE k.projectId = :p AND k.retiredAt IS NULL ORDER BY k.createdAt DESC",
                SigningKey.class).setParameter("p", projectId).setMaxResults(1).getResultStream().findFirst();
    }

    private static List<SigningKey> keys(EntityManager em, String projectId) {
        return em.createQuery("SELECT k FROM SigningKey k WHERE k.projectId = :p ORDER BY k.createdAt DESC", SigningKey.class)
                .setParameter("p", projectId).getResultList();
    }

    private static RSAKey parse(String json) {
        try {
            return RSAKey.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("Stored signing key is not a JWK", e);
        }
    }

    /** Authenticated with the ciphertext: a key row copied to another project or kid does not decrypt. */
    private static String context(String projectId, String kid) {
        return "oidc-key|" + projectId + "|" + kid;
    }
}
