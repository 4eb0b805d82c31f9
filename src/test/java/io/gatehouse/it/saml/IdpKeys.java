package io.gatehouse.it.saml;

import io.gatehouse.mockidp.MockIdentityProvider;
import io.gatehouse.saml.SpKeyPair;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test IdP keys whose certificate expires when the test says (SpKeyPair's last ten years). */
public final class IdpKeys {
    private IdpKeys() {
    }

    /** A key pair whose self-signed certificate, named CN={@code name}, is valid until {@code notAfter}. */
    public static SpKeyPair expiring(String name, Instant notAfter) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            var subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
            Instant notBefore = notAfter.isAfter(Instant.now()) ? Instant.now().minus(Duration.ofDays(1))
                    : notAfter.minus(Duration.ofDays(365));
            var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()), Date.from(notBefore),
                    Date.from(notAfter), subject, pair.getPublic());
            var signer = new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate());
            return new SpKeyPair(pair.getPrivate(), new JcaX509CertificateConverter().getCertificate(builder.build(signer)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A test IdP signing with {@code keys}. */
    public static MockIdentityProvider idp(SpKeyPair keys) {
        String id = "https://idp-" + UUID.randomUUID() + ".test";
        return new MockIdentityProvider(id + "/metadata", id + "/sso", id + "/slo", keys);
    }

    /** The IdP's metadata with a validUntil on its EntityDescriptor. */
    public static String withValidUntil(String metadataXml, Instant validUntil) {
        return metadataXml.replaceFirst(" entityID=", " validUntil=\"" + validUntil + "\" entityID=");
    }
}
