package io.gatehouse.rp.pac4j;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.pac4j.core.authorization.authorizer.RequireAnyRoleAuthorizer;
import org.pac4j.core.config.Config;
import org.pac4j.core.context.WebContext;
import org.pac4j.core.context.session.SessionStore;
import org.pac4j.core.http.callback.NoParameterCallbackUrlResolver;
import org.pac4j.core.logout.handler.DefaultSessionLogoutHandler;
import org.pac4j.core.profile.factory.ProfileManagerFactory;
import org.pac4j.jee.adapter.JEEFrameworkAdapter;
import org.pac4j.oidc.client.OidcClient;
import org.pac4j.oidc.config.OidcConfiguration;

/**
 * The relying party's pac4j configuration, made when the test posts the provider to /config (the
 * Gatehouse project and application exist only then). A new post replaces it, so each test can sign
 * in at a project of its own.
 */
final class Pac4jRp {
    static final String CLIENT = "OidcClient";
    static final String EDITOR = "editor";
    private static volatile Config config;
    /** Sessions pac4j ended because a back-channel logout token named them (for the tests to tell). */
    static final AtomicInteger BACK_CHANNEL_LOGOUTS = new AtomicInteger();

    private Pac4jRp() {
    }

    /** The current configuration, or null before the test gave one. */
    static Config config() {
        return config;
    }

    /**
     * @param callbackUrl the redirect URI, exactly as registered at Gatehouse (no client_name
     *     parameter); it is also the back-channel logout URI, which pac4j answers at its callback
     */
    static void configure(String issuer, String clientId, String clientSecret, String callbackUrl) {
        OidcConfiguration oidc = new OidcConfiguration();
        oidc.setDiscoveryURI(issuer + "/.well-known/openid-configuration");
        oidc.setClientId(clientId);
        oidc.setSecret(clientSecret);
        oidc.setScope("openid profile email");
        oidc.setUseNonce(true);
        // the session must end through the back-channel logout, not because an access token expired
        oidc.setExpireSessionWithToken(false);
        OidcClient client = new OidcClient(oidc);
        client.setName(CLIENT);
        client.setCallbackUrl(callbackUrl);
        client.setCallbackUrlResolver(new NoParameterCallbackUrlResolver());
        // Gatehouse's "roles" claim (the effective role) becomes the profile's roles
        client.addAuthorizationGenerator((ctx, profile) -> {
            if (profile.getAttribute("roles") instanceof List<?> roles) {
                roles.forEach(role -> profile.addRole(String.valueOf(role)));
            }
            return Optional.of(profile);
        });
        Config built = new Config(client);
        built.addAuthorizer(EDITOR, new RequireAnyRoleAuthorizer("Editor"));
        DefaultSessionLogoutHandler logout = new CountingLogoutHandler();
        // a back-channel logout invalidates the whole HTTP session, not only the profile in it
        logout.setDestroySession(true);
        built.setSessionLogoutHandler(logout);
        JEEFrameworkAdapter.INSTANCE.applyDefaultSettingsIfUndefined(built);
        config = built;
    }

    /** pac4j's own handler, counting the sessions it ends on a back-channel logout. */
    private static final class CountingLogoutHandler extends DefaultSessionLogoutHandler {
        @Override
        protected void destroy(WebContext context, SessionStore sessionStore, ProfileManagerFactory profileManagerFactory,
                String channel) {
            super.destroy(context, sessionStore, profileManagerFactory, channel);
            if ("back".equals(channel)) {
                BACK_CHANNEL_LOGOUTS.incrementAndGet();
            }
        }
    }
}
