package io.gatehouse.platform;

import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.util.Map;

/**
 * JSON on Jersey (Payara's JAX-RS): Jackson from the WAR with Gatehouse's ObjectMapper, as on RESTEasy
 * (Tomcat, WildFly), where resteasy-jackson2-provider already does it and this feature does nothing.
 * Jersey's own JSON features are switched off by {@link #PROPERTIES}, which both Applications return.
 */
public class JerseyJson implements Feature {
    /**
     * Application properties (RESTEasy ignores them): no Jersey auto-discovered features, so neither
     * JSON-B, MOXy nor Jersey's Jackson feature (whose exception mappers answer bad JSON in plain text);
     * Gatehouse registers all it needs in its Applications.
     */
    public static final Map<String, Object> PROPERTIES = Map.of(
            "jersey.config.server.disableAutoDiscovery", true,
            "jersey.config.server.disableJsonBinding", true,
            "jersey.config.server.disableMoxyJson", true);

    @Override
    public boolean configure(FeatureContext context) {
        if (!context.getClass().getName().startsWith("org.glassfish.jersey")) {
            return false;
        }
        context.register(new JacksonJsonProvider(JsonConfig.MAPPER));
        return true;
    }
}
