package io.gatehouse.rp.jakarta;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * Where the relying party's provider is: the test creates the Gatehouse project and application at
 * run time and posts issuer, client id and secret to {@link ConfigServlet} before the first
 * protected request. Soteria 3.0 evaluates the annotation's ${rpSettings.*} expressions once, when it
 * builds its configuration at the first protected request, and keeps that configuration (with the
 * provider's discovery document) for the application's life: so the settings can be given once only.
 */
@Named("rpSettings")
@ApplicationScoped
public class RpSettings {
    private volatile String issuer;
    private volatile String clientId;
    private volatile String clientSecret;

    /** Sets all three once; false when already set (Soteria would not see a change). */
    synchronized boolean set(String issuer, String clientId, String clientSecret) {
        if (this.issuer != null) {
            return false;
        }
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.issuer = issuer;
        return true;
    }

    public String getIssuer() {
        return issuer;
    }

    public String getClientId() {
        return clientId;
    }

    public String getClientSecret() {
        return clientSecret;
    }
}
