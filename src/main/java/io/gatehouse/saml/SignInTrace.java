package io.gatehouse.saml;

import io.gatehouse.member.SignInFailure;
import io.gatehouse.member.SignInFailure.Reason;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one SAML response posted to the ACS went through, check by check, as the admin reads it in
 * the console. Built along the sign-in (SsoServlet, SamlSignIn) and stored once it is decided
 * (SignInAttempts). A check is listed once it was made: after a refusal, the failed one is the last.
 */
final class SignInTrace {
    static final String SHAPE = "Response shape";
    static final String METADATA = "IdP metadata";
    static final String STATUS = "Status";
    static final String SIGNATURE = "Signature";
    static final String CERTIFICATE = "Signing certificate";
    static final String ISSUER = "Issuer";
    static final String DESTINATION = "Destination/Recipient";
    static final String AUDIENCE = "Audience";
    static final String TIME = "Time window";
    static final String VALIDATION = "SAML validation";
    static final String IN_RESPONSE_TO = "InResponseTo (this browser's request)";
    static final String REPLAY = "Replay";
    static final String CLAIMS = "Claims";
    static final String USER = "User";
    static final String ROLE = "Role";

    /** The check a refusal reason comes from. */
    private static final Map<Reason, String> FAILED_CHECK = Map.ofEntries(Map.entry(Reason.MALFORMED, SHAPE),
            Map.entry(Reason.TOO_LARGE, SHAPE), Map.entry(Reason.NOT_CONFIGURED, METADATA),
            Map.entry(Reason.IDP_METADATA_EXPIRED, METADATA), Map.entry(Reason.IDP_ERROR, STATUS),
            Map.entry(Reason.SIGNATURE, SIGNATURE), Map.entry(Reason.IDP_CERT_EXPIRED, CERTIFICATE),
            Map.entry(Reason.ISSUER, ISSUER), Map.entry(Reason.DESTINATION, DESTINATION), Map.entry(Reason.AUDIENCE, AUDIENCE),
            Map.entry(Reason.EXPIRED, TIME), Map.entry(Reason.FLOW_MISMATCH, IN_RESPONSE_TO),
            Map.entry(Reason.UNSOLICITED, IN_RESPONSE_TO), Map.entry(Reason.IDP_INITIATED_OFF, IN_RESPONSE_TO),
            Map.entry(Reason.REPLAY, REPLAY), Map.entry(Reason.UNKNOWN_USER, USER), Map.entry(Reason.DEACTIVATED, USER));

    /** What the response is checked against: this project's addresses and the IdP metadata's entity and certificates. */
    record Expected(String acsUrl, String spEntityId, String idpEntityId, List<X509Certificate> certificates) {
        static final Expected UNKNOWN = new Expected(null, null, null, List.of());
    }

    private final String message;
    private final MessageFacts facts;
    private final List<TraceCheck> checks = new ArrayList<>();
    private Expected expected = Expected.UNKNOWN;
    private String userName;
    private Reason refusal;
    private boolean screened;
    private boolean signedIn;

    private SignInTrace(TraceMessage.Traced traced) {
        this.message = traced.message();
        this.facts = traced.facts();
    }

    static SignInTrace of(String samlResponse) {
        try {
            return new SignInTrace(TraceMessage.of(samlResponse));
        } catch (RuntimeException e) { // the trace must never be why a sign-in fails
            return new SignInTrace(new TraceMessage.Traced("(the message could not be decoded for the trace)", null));
        }
    }

    void expect(Expected expected) {
        this.expected = expected;
    }

    /** A check made and passed; one made again (a retried transaction) replaces its earlier entry. */
    void passed(String name, String detail) {
        checks.removeIf(c -> c.name().equals(name));
        checks.add(new TraceCheck(name, true, detail));
    }

    void screened() {
        screened = true;
        passed(SHAPE, "One assertion, children in the schema's order, no comments inside the assertion, no ID twice; "
                + (facts == null ? "" : facts.signedParts()) + ".");
    }

    /** pac4j returned credentials: every check it makes passed. */
    void validated(X509Certificate signer) {
        TraceExplanations explain = new TraceExplanations(facts, expected);
        passed(STATUS, "Success: the identity provider signed the person in.");
        passed(SIGNATURE, explain.signatureVerified(signer));
        if (signer != null) {
            passed(CERTIFICATE, "The certificate that signed is valid until " + Texts.at(signer.getNotAfter().toInstant()) + ".");
        }
        passed(ISSUER, explain.issuerMatches());
        passed(DESTINATION, explain.destinationMatches());
        passed(AUDIENCE, explain.audienceMatches());
        passed(TIME, explain.timeWindow());
    }

    void failed(SignInFailure failure) {
        refusal = failure.reason();
        String name = FAILED_CHECK.getOrDefault(failure.reason(), screened ? VALIDATION : SHAPE);
        checks.removeIf(c -> c.name().equals(name));
        checks.add(new TraceCheck(name, false, new TraceExplanations(facts, expected).refusal(failure)));
    }

    /** The browser holds the member session: the attempt is a success. */
    void signedIn() {
        signedIn = true;
    }

    /** An error no check explains (a bug, the database away): the attempt is kept as refused, code ERROR. */
    void crashed() {
        checks.add(new TraceCheck("Gatehouse", false, "The sign-in stopped on an unexpected error (the server log has the "
                + "details); the person saw an error page."));
    }

    /** The stored reason: the refusal's code, ERROR when it neither signed in nor was refused, null once signed in. */
    String reasonCode() {
        return refusal != null ? refusal.name() : signedIn ? null : "ERROR";
    }

    void userName(String name) {
        this.userName = name;
    }

    String expectedIdp() {
        return expected.idpEntityId() == null ? "(no entity ID)" : "'" + expected.idpEntityId() + "'";
    }

    String message() { return message; }
    MessageFacts facts() { return facts; }
    List<TraceCheck> checks() { return List.copyOf(checks); }
    String userName() { return userName; }
}
