package io.gatehouse.saml;

import io.gatehouse.member.SignInFailure;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The sentences of the sign-in trace: what the response says against what Gatehouse expects, in
 * words an admin who does not know SAML can act on ("addressed to X, this project's address is Y:
 * correct the ACS URL in the IdP"). The technical detail the audit log keeps follows in brackets.
 */
final class TraceExplanations {
    private final MessageFacts facts;
    private final SignInTrace.Expected expected;

    TraceExplanations(MessageFacts facts, SignInTrace.Expected expected) {
        this.facts = facts;
        this.expected = expected;
    }

    String refusal(SignInFailure failure) {
        String technical = " [" + failure.detail() + "]";
        if (facts == null) {
            return failure.reason().title() + "." + technical;
        }
        String explained = switch (failure.reason()) {
            case SIGNATURE -> signatureRefused();
            case ISSUER -> "The response says it comes from " + list(facts.issuers()) + ", but the metadata Gatehouse has is for "
                    + quoted(expected.idpEntityId()) + ". The metadata is probably of another identity provider or application: "
                    + "download it again from the identity provider and update it under Single sign-on.";
            case DESTINATION -> "The response is addressed to " + quoted(facts.destination()) + " (Destination) and "
                    + list(facts.recipients()) + " (Recipient); this project's sign-in address (ACS URL) is "
                    + quoted(expected.acsUrl()) + ". Correct the ACS / single sign-on URL in the identity provider.";
            case AUDIENCE -> "The response is meant for " + list(facts.audiences()) + " (Audience); this project's entity ID is "
                    + quoted(expected.spEntityId()) + ". Correct the Audience URI / Identifier (Entity ID) in the identity provider.";
            case EXPIRED -> "The response was issued " + orNone(facts.issueInstant()) + " and is valid from "
                    + orNone(facts.notBefore()) + " until " + orNone(facts.notOnOrAfter()) + "; Gatehouse received it "
                    + Instant.now() + " and allows " + SamlClients.CLOCK_SKEW_SECONDS + " seconds of clock difference. "
                    + "Check that the clocks of the identity provider and this server agree, or the response was used too late.";
            case IDP_ERROR -> "The identity provider answered with the status " + quoted(facts.statusCode())
                    + (facts.statusMessage() == null ? "" : " (" + quoted(facts.statusMessage()) + ")")
                    + ": it did not sign the person in. Its own log says why.";
            case FLOW_MISMATCH, UNSOLICITED -> "The response answers the request " + list(facts.answered())
                    + ", which is not a sign-in this browser started here (or it was already answered). Start the sign-in again.";
            case IDP_INITIATED_OFF -> "The response answers no request: the sign-in was started at the identity provider, "
                    + "and this project accepts only sign-ins started from Gatehouse (Single sign-on settings).";
            case REPLAY -> "This response (ID " + quoted(facts.responseId()) + ", assertion " + quoted(facts.assertionId())
                    + ") was already used to sign in. Each response counts once; start the sign-in again.";
            default -> failure.reason().title() + ".";
        };
        return explained + technical;
    }

    private String signatureRefused() {
        String metadata = "the metadata has " + describe(expected.certificates());
        if (!facts.signed()) {
            return "Neither the Response nor its assertion is signed; Gatehouse accepts only signed sign-ins. Turn on signing "
                    + "of the assertion or the response in the identity provider.";
        }
        List<X509Certificate> unknown = facts.keyInfoCertificates().stream()
                .filter(c -> !expected.certificates().contains(c)).toList();
        if (!unknown.isEmpty()) {
            return "The identity provider signed with a certificate Gatehouse does not know: " + describe(unknown) + "; "
                    + metadata + ". The identity provider's certificate changed (or the metadata is of another one): "
                    + "update the metadata under Single sign-on.";
        }
        if (facts.keyInfoCertificates().isEmpty()) {
            return "The signature does not verify with the certificate in the metadata, and the message names no certificate; "
                    + metadata + ". The message was changed after signing, or the metadata is out of date.";
        }
        return "The message names the metadata's certificate, but its signature does not verify: the message was changed "
                + "after it was signed, or " + facts.signedParts() + " with another key (" + metadata + ").";
    }

    String signatureVerified(X509Certificate signer) {
        String parts = facts == null ? "The message is signed" : capitalised(facts.signedParts());
        return parts + "; the signature verifies with the metadata's certificate "
                + (signer == null ? describe(expected.certificates()) : describe(List.of(signer))) + ".";
    }

    String issuerMatches() {
        return "From " + quoted(expected.idpEntityId()) + ", the identity provider of the metadata.";
    }

    String destinationMatches() {
        return "Addressed to " + quoted(expected.acsUrl()) + ", this project's sign-in address (ACS URL).";
    }

    String audienceMatches() {
        return "Meant for " + quoted(expected.spEntityId()) + ", this project's entity ID.";
    }

    String timeWindow() {
        return facts == null ? "Within its validity." : "Issued " + orNone(facts.issueInstant()) + ", valid from "
                + orNone(facts.notBefore()) + " until " + orNone(facts.notOnOrAfter()) + "; received " + Instant.now() + ".";
    }

    static String describe(Collection<X509Certificate> certificates) {
        if (certificates.isEmpty()) {
            return "no signing certificate";
        }
        return certificates.stream().map(c -> IdpExpiry.certificate(c, Instant.now()).describe())
                .collect(Collectors.joining("; and "));
    }

    private static String list(Collection<String> values) {
        return values.isEmpty() ? "nothing" : values.stream().map(TraceExplanations::quoted).collect(Collectors.joining(", "));
    }

    private static String quoted(String value) {
        return value == null ? "(none)" : "'" + value + "'";
    }

    private static String orNone(String value) {
        return value == null ? "(not given)" : value;
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
