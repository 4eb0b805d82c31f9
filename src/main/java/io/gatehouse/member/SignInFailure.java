package io.gatehouse.member;

/**
 * Why a sign-in was refused. The title is shown to the person on the failure page; the detail
 * goes only to the audit log (it may name internals, never secrets).
 */
public class SignInFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        NOT_CONFIGURED(409, "Single sign-on is not set up for this project yet",
                "An administrator has to give Gatehouse the identity provider's metadata first."),
        MALFORMED(400, "The sign-in response could not be read",
                "Your identity provider sent something that is not a valid SAML response."),
        TOO_LARGE(413, "The sign-in response is too large", "The SAML response exceeds the size Gatehouse accepts."),
        SIGNATURE(403, "The sign-in response is not signed by your identity provider",
                "Its signature is missing, invalid, or made with a key the project does not trust."),
        REPLAY(403, "This sign-in response was already used", "Each response can be used once. Start the sign-in again."),
        UNSOLICITED(403, "The sign-in response answers a request Gatehouse never sent",
                "Start the sign-in again from your identity provider or from the application."),
        FLOW_MISMATCH(403, "The sign-in response belongs to another sign-in",
                "It does not answer the sign-in this browser started. Start the sign-in again here."),
        IDP_INITIATED_OFF(403, "This project accepts only sign-ins started from Gatehouse",
                "Your identity provider sent a sign-in that Gatehouse did not ask for, and this project does not accept "
                        + "those. Start from the application, or use Sign in again."),
        AUDIENCE(403, "The sign-in response is meant for another application",
                "Its audience is not this project's service provider."),
        DESTINATION(403, "The sign-in response was addressed to another URL",
                "Its Destination or Recipient is not this project's sign-in address."),
        EXPIRED(403, "The sign-in response has expired or is not valid yet",
                "Check that the clocks of the identity provider and the server agree, and sign in again."),
        ISSUER(403, "The sign-in response comes from another identity provider",
                "Its issuer is not the identity provider configured for this project."),
        IDP_CERT_EXPIRED(403, "The identity provider signed with an expired certificate",
                "Its signing certificate is past its expiry date, so Gatehouse no longer trusts it. An administrator has to "
                        + "renew the certificate at the identity provider and give Gatehouse the new metadata."),
        IDP_METADATA_EXPIRED(403, "The identity provider's metadata has expired",
                "The metadata Gatehouse has for the identity provider is past its validUntil date. An administrator has to "
                        + "give Gatehouse current metadata (or fetch the metadata URL again)."),
        IDP_ERROR(403, "Your identity provider did not sign you in", "It answered with an error status."),
        INVALID(403, "The sign-in response was refused", "It did not pass Gatehouse's security checks."),
        UNKNOWN_USER(403, "You do not have access to this project",
                "Your account is not provisioned here, and just-in-time provisioning is off. Ask your administrator."),
        DEACTIVATED(403, "Your account is deactivated", "Your access to this project was turned off. Ask your administrator."),
        BAD_PASSWORD(401, "Wrong user name or password", "Check both and try again."),
        LOCKED(429, "Too many failed attempts", "Password sign-in is paused for this account for 15 minutes."),
        CSRF(403, "The sign-in form expired", "Reload the page and sign in again."),
        USE_IDP(403, "Sign in with your identity provider",
                "Your account uses single sign-on; password sign-in is turned off for it.");

        private final int status;
        private final String title;
        private final String explanation;

        Reason(int status, String title, String explanation) {
            this.status = status;
            this.title = title;
            this.explanation = explanation;
        }

        public int status() { return status; }
        public String title() { return title; }
        public String explanation() { return explanation; }
    }

    private final Reason reason;
    private final String detail;

    public SignInFailure(Reason reason, String detail) {
        super(reason.name() + ": " + detail);
        this.reason = reason;
        this.detail = detail;
    }

    public SignInFailure(Reason reason, String detail, Throwable cause) {
        this(reason, detail);
        initCause(cause);
    }

    public Reason reason() { return reason; }
    public String detail() { return detail; }
}
