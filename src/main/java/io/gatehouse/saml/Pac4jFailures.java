package io.gatehouse.saml;

import io.gatehouse.member.SignInFailure;
import io.gatehouse.member.SignInFailure.Reason;
import org.pac4j.saml.exceptions.SAMLAssertionAudienceException;
import org.pac4j.saml.exceptions.SAMLAssertionConditionException;
import org.pac4j.saml.exceptions.SAMLAuthnInstantException;
import org.pac4j.saml.exceptions.SAMLEndpointMismatchException;
import org.pac4j.saml.exceptions.SAMLInResponseToMismatchException;
import org.pac4j.saml.exceptions.SAMLIssueInstantException;
import org.pac4j.saml.exceptions.SAMLIssuerException;
import org.pac4j.saml.exceptions.SAMLReplayException;
import org.pac4j.saml.exceptions.SAMLSignatureRequiredException;
import org.pac4j.saml.exceptions.SAMLSignatureValidationException;

/** Names, in Gatehouse's terms, the check a pac4j validation failure comes from. */
final class Pac4jFailures {
    private Pac4jFailures() {
    }

    static SignInFailure translate(RuntimeException e) {
        Reason reason = reason(e);
        // the expired certificate is the metadata's, public: its own sentence is the detail the refusal page shows
        String detail = reason == Reason.IDP_CERT_EXPIRED ? expired(e) : describe(e);
        return new SignInFailure(reason, detail, e);
    }

    private static String expired(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SignedAssertionValidator.CertificateExpired) {
                return t.getMessage();
            }
        }
        return describe(e);
    }

    private static Reason reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SignedAssertionValidator.CertificateExpired) {
                return Reason.IDP_CERT_EXPIRED;
            }
            if (t instanceof SAMLSignatureValidationException || t instanceof SAMLSignatureRequiredException) {
                return Reason.SIGNATURE;
            }
            if (t instanceof SAMLReplayException) {
                return Reason.REPLAY;
            }
            if (t instanceof SignedAssertionValidator.EnvelopeMismatch) {
                return Reason.FLOW_MISMATCH;
            }
            if (t instanceof SAMLInResponseToMismatchException) {
                return Reason.UNSOLICITED;
            }
            if (t instanceof SAMLAssertionAudienceException) {
                return Reason.AUDIENCE;
            }
            if (t instanceof SAMLEndpointMismatchException || (t.getMessage() != null
                    && t.getMessage().startsWith("Assertion consumer service with destination"))) {
                return Reason.DESTINATION;
            }
            if (t instanceof SAMLIssueInstantException || t instanceof SAMLAssertionConditionException
                    || t instanceof SAMLAuthnInstantException) {
                return Reason.EXPIRED;
            }
            if (t instanceof SAMLIssuerException) {
                return Reason.ISSUER;
            }
            if (t.getMessage() != null && t.getMessage().startsWith("Response is not success")) {
                return Reason.IDP_ERROR;
            }
        }
        return Reason.INVALID;
    }

    private static String describe(Throwable e) {
        StringBuilder detail = new StringBuilder();
        for (Throwable t = e; t != null && detail.length() < 900; t = t.getCause()) {
            detail.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append("; ");
        }
        return detail.length() > 1000 ? detail.substring(0, 1000) : detail.toString();
    }
}
