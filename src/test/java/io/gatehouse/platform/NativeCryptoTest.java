package io.gatehouse.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NativeCryptoTest {
    private static final byte[] DATA = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0".getBytes(StandardCharsets.US_ASCII);

    @Test
    void loadsOnLinuxX8664() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64"));
        assertTrue(NativeCrypto.provider().isPresent(), "the native provider ships for linux-x86_64 and must load there");
    }

    /** RSASSA-PKCS1-v1_5 is deterministic: the native signature must be the JDK's, byte for byte, and verify with the JDK. */
    @Test
    void signsExactlyAsTheJdk() throws Exception {
        assumeTrue(NativeCrypto.provider().isPresent());
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        PrivateKey converted = NativeCrypto.forSigning(pair.getPrivate());
        assertNotSame(pair.getPrivate(), converted);

        Signature nativeSigner = Signature.getInstance("SHA256withRSA", NativeCrypto.provider().get());
        nativeSigner.initSign(converted);
        nativeSigner.update(DATA);
        byte[] nativeSignature = nativeSigner.sign();
        Signature jdkSigner = Signature.getInstance("SHA256withRSA");
        jdkSigner.initSign(pair.getPrivate());
        jdkSigner.update(DATA);
        assertArrayEquals(jdkSigner.sign(), nativeSignature);

        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(pair.getPublic());
        verifier.update(DATA);
        assertTrue(verifier.verify(nativeSignature));
        DATA[0] ^= 1;
        verifier.update(DATA);
        DATA[0] ^= 1;
        assertEquals(false, verifier.verify(nativeSignature), "a changed message must not verify");
    }
}
