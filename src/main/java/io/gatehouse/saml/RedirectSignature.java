package io.gatehouse.saml;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies the signature of an HTTP-Redirect binding message (SAML bindings 3.4.4.1): it covers
 * the raw, URL-encoded {@code SAMLRequest|SAMLResponse}, {@code RelayState} and {@code SigAlg}
 * exactly as they appear in the query. pac4j 5 does not check this signature, so without this
 * class anyone could end anyone's session with an unsigned redirect LogoutRequest.
 */
final class RedirectSignature {
    private static final Map<String, String> ALGORITHMS = Map.of(
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", "SHA256withRSA",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384", "SHA384withRSA",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512", "SHA512withRSA",
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256", "SHA256withECDSA");

    private RedirectSignature() {
    }

    static boolean present(String rawQuery) {
        Map<String, String> raw = raw(rawQuery);
        return raw.containsKey("Signature") && raw.containsKey("SigAlg");
    }

    /** Whether one of the certificates signed the query; SHA-1 and unknown algorithms are refused. */
    static boolean verify(String rawQuery, List<X509Certificate> certificates) {
        Map<String, String> raw = raw(rawQuery);
        String message = raw.containsKey("SAMLRequest") ? "SAMLRequest" : "SAMLResponse";
        if (!raw.containsKey(message) || !raw.containsKey("Signature") || !raw.containsKey("SigAlg")) {
            return false;
        }
        String algorithm = ALGORITHMS.get(decode(raw.get("SigAlg")));
        if (algorithm == null) {
            return false;
        }
        String signed = message + "=" + raw.get(message)
                + (raw.containsKey("RelayState") ? "&RelayState=" + raw.get("RelayState") : "")
                + "&SigAlg=" + raw.get("SigAlg");
        byte[] signature;
        try {
            signature = Base64.getMimeDecoder().decode(decode(raw.get("Signature")));
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (X509Certificate certificate : certificates) {
            try {
                Signature verifier = Signature.getInstance(algorithm);
                verifier.initVerify(certificate.getPublicKey());
                verifier.update(signed.getBytes(StandardCharsets.UTF_8));
                if (verifier.verify(signature)) {
                    return true;
                }
            } catch (GeneralSecurityException wrongKeyType) {
                // try the next certificate
            }
        }
        return false;
    }

    private static Map<String, String> raw(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.putIfAbsent(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return params;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
