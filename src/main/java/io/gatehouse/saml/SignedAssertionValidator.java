package io.gatehouse.saml;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.encryption.Decrypter;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.SignatureValidator;
import org.opensaml.xmlsec.signature.support.SignatureTrustEngine;
import org.pac4j.saml.config.SAML2Configuration;
import org.pac4j.saml.context.SAML2MessageContext;
import org.pac4j.saml.credentials.SAML2Credentials;
import org.pac4j.saml.crypto.SAML2SignatureTrustEngineProvider;
import org.pac4j.saml.exceptions.SAMLAssertionAudienceException;
import org.pac4j.saml.exceptions.SAMLException;
import org.pac4j.saml.replay.ReplayCacheProvider;
import org.pac4j.saml.sso.impl.SAML2AuthnResponseValidator;

/**
 * pac4j's response validation, with what it leaves to the unsigned envelope taken from the signed
 * assertion instead. pac4j checks the Response's InResponseTo (which, with only the assertion
 * signed, anyone can rewrite) and never the bearer {@code SubjectConfirmationData/@InResponseTo};
 * here that signed value is the one the credentials carry (SsoServlet checks it names a request of
 * this browser), and an envelope that names another request is refused. pac4j already checks the
 * bearer confirmation's Recipient and NotOnOrAfter; it skips the audience when the assertion has no
 * Conditions and accepts an audience named in any one of several AudienceRestrictions, so both are
 * tightened to what SAML core says: every AudienceRestriction must name this SP. pac4j trusts the
 * metadata's keys whatever their certificates' dates; here a response signed with a certificate
 * past its notAfter is refused (IDP_CERT_EXPIRED), and the certificate that signed is left in the
 * request for the sign-in trace.
 */
class SignedAssertionValidator extends SAML2AuthnResponseValidator {

    /** The envelope's InResponseTo disagrees with the signed one: a rewritten envelope. */
    static final class EnvelopeMismatch extends SAMLException {
        private static final long serialVersionUID = 1L;

        EnvelopeMismatch(String message) {
            super(message);
        }
    }

    /** The metadata's certificate that verified the signature is past its notAfter. */
    static final class CertificateExpired extends SAMLException {
        private static final long serialVersionUID = 1L;

        CertificateExpired(String message) {
            super(message);
        }
    }

    /** Request attribute: the metadata's certificate (X509Certificate) that verified the response's signature. */
    static final String SIGNER_ATTRIBUTE = "io.gatehouse.saml.signer";

    private final List<X509Certificate> trusted;

    SignedAssertionValidator(SAML2SignatureTrustEngineProvider engine, Decrypter decrypter, ReplayCacheProvider replayCache,
                             SAML2Configuration configuration, List<X509Certificate> trusted) {
        super(engine, decrypter, replayCache, configuration);
        this.trusted = List.copyOf(trusted);
    }

    @Override
    protected void validateSamlSSOResponse(Response response, SAML2MessageContext context, SignatureTrustEngine engine,
                                           Decrypter decrypter) {
        super.validateSamlSSOResponse(response, context, engine, decrypter); // the subject assertion is now validated
        String signed = signedInResponseTo(context);
        if (response.getInResponseTo() != null && signed != null && !response.getInResponseTo().equals(signed)) {
            throw new EnvelopeMismatch("The Response says InResponseTo " + response.getInResponseTo()
                    + ", its signed assertion " + signed);
        }
        for (Signature signature : new Signature[] {response.getSignature(), context.getSubjectAssertion().getSignature()}) {
            X509Certificate signer = signature == null ? null : signer(signature);
            if (signer != null) {
                context.getWebContext().setRequestAttribute(SIGNER_ATTRIBUTE, signer);
                if (signer.getNotAfter().toInstant().isBefore(Instant.now())) {
                    throw new CertificateExpired("Signed with the identity provider's certificate "
                            + IdpExpiry.certificate(signer, Instant.now()).describe());
                }
            }
        }
    }

    /** Which of the metadata's certificates verifies the signature pac4j has already accepted. */
    private X509Certificate signer(Signature signature) {
        for (X509Certificate certificate : trusted) {
            try {
                SignatureValidator.validate(signature, new BasicX509Credential(certificate));
                return certificate;
            } catch (SignatureException notThisOne) {
                // the next certificate (an IdP rolling its key over publishes two)
            }
        }
        return null;
    }

    /** The credentials, with the signed InResponseTo (null: unsolicited) instead of the envelope's. */
    @Override
    protected SAML2Credentials buildSAML2Credentials(SAML2MessageContext context, Response response) {
        SAML2Credentials stock = super.buildSAML2Credentials(context, response);
        return new SAML2Credentials(stock.getNameId(), stock.getIssuerId(), stock.getAttributes(),
                context.getSubjectAssertion().getConditions(), stock.getSessionIndex(), stock.getAuthnContexts(),
                signedInResponseTo(context));
    }

    /**
     * The InResponseTo of the assertion's bearer confirmations that pass pac4j's checks (Recipient,
     * NotOnOrAfter). The assertion is signed, or inside a signed Response, so this is signed data.
     * Confirmations that disagree are refused rather than one of them chosen.
     */
    private String signedInResponseTo(SAML2MessageContext context) {
        Assertion assertion = context.getSubjectAssertion();
        Set<String> answered = new HashSet<>();
        for (SubjectConfirmation confirmation : assertion.getSubject().getSubjectConfirmations()) {
            if (SubjectConfirmation.METHOD_BEARER.equals(confirmation.getMethod())
                    && isValidBearerSubjectConfirmationData(confirmation.getSubjectConfirmationData(), context)) {
                answered.add(Objects.requireNonNullElse(confirmation.getSubjectConfirmationData().getInResponseTo(), ""));
            }
        }
        if (answered.size() != 1) {
            throw new EnvelopeMismatch("The assertion's bearer confirmations answer " + answered.size() + " different requests");
        }
        String value = answered.iterator().next();
        return value.isEmpty() ? null : value;
    }

    @Override
    protected void validateAssertionConditions(Conditions conditions, SAML2MessageContext context) {
        if (conditions == null) {
            throw new SAMLAssertionAudienceException("The assertion has no Conditions, so no audience");
        }
        super.validateAssertionConditions(conditions, context);
    }

    @Override
    protected void validateAudienceRestrictions(List<AudienceRestriction> restrictions, String spEntityId) {
        super.validateAudienceRestrictions(restrictions, spEntityId);
        for (AudienceRestriction restriction : restrictions) {
            if (restriction.getAudiences().stream().noneMatch(audience -> spEntityId.equals(audience.getURI()))) {
                throw new SAMLAssertionAudienceException("An AudienceRestriction of the assertion does not name " + spEntityId);
            }
        }
    }
}
