package io.gatehouse.platform;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.logging.Logger;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets Gatehouse must keep in the database in a form it can use again (SP private
 * keys) with AES-256-GCM under the key-encryption key from configuration. The context (the
 * project id) is authenticated with the ciphertext, so a key copied to another project's row
 * does not decrypt. The sealed form names the key by fingerprint, so a wrong key-encryption key
 * gives a clear error rather than garbage.
 */
@ApplicationScoped
public class KeyEncryption {
    private static final Logger LOG = Logger.getLogger(KeyEncryption.class.getName());
    static final String FILE = "key-encryption-key";
    static final int MIN_LENGTH = 32;
    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private volatile SecretKey key;
    private volatile String fingerprint;

    public String encrypt(byte[] clear, String context) {
        try {
            byte[] nonce = Secrets.randomBytes(NONCE_BYTES);
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, context);
            byte[] sealed = cipher.doFinal(clear);
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return VERSION + ":" + fingerprint + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public byte[] decrypt(String sealed, String context) {
        String[] parts = sealed.split(":", 3);
        key();
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new IllegalStateException("Stored secret is not in a known encrypted form");
        }
        if (!parts[1].equals(fingerprint)) {
            throw new IllegalStateException("Stored secret was encrypted with another key-encryption key ("
                    + parts[1] + ", this node has " + fingerprint + "); set the same GATEHOUSE_KEY_ENCRYPTION_KEY on every node");
        }
        try {
            byte[] in = Base64.getDecoder().decode(parts[2]);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, java.util.Arrays.copyOf(in, NONCE_BYTES), context);
            return cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Stored secret does not decrypt (tampered with, or moved from another row)", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String context) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key(), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private SecretKey key() {
        if (key == null) {
            synchronized (this) {
                if (key == null) {
                    load();
                }
            }
        }
        return key;
    }

    private void load() {
        String material = Settings.GATEHOUSE_KEY_ENCRYPTION_KEY.value().orElseGet(() -> {
            var file = Settings.dataDir().resolve(FILE);
            LOG.warning("GATEHOUSE_KEY_ENCRYPTION_KEY is not set; using the generated key in " + file
                    + " (set the same key on every node of a cluster)");
            return SecretFile.readOrCreate(file, () -> Secrets.random(32));
        });
        if (material.length() < MIN_LENGTH) {
            throw new IllegalStateException("GATEHOUSE_KEY_ENCRYPTION_KEY must have at least " + MIN_LENGTH + " characters");
        }
        byte[] derived = sha256("gatehouse key-encryption key|" + material);
        key = new SecretKeySpec(derived, "AES");
        fingerprint = HexFormat.of().formatHex(sha256("fingerprint|" + material), 0, 4);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
