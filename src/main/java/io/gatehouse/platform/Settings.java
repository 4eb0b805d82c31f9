package io.gatehouse.platform;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Every setting Gatehouse reads, in one place. A setting is looked up, first match wins, as a JNDI
 * environment entry {@code java:comp/env/NAME}, a Java system property {@code NAME}, then an
 * environment variable {@code NAME}. The README lists the same names.
 */
public enum Settings {
    /** Bootstrap admin API key for the management API (at least 24 characters). */
    GATEHOUSE_ADMIN_API_KEY,
    /** Initial password of the console's bootstrap admin account "admin". */
    GATEHOUSE_ADMIN_PASSWORD,
    /** Public base URL (scheme, host, port, context path) when behind a reverse proxy. */
    GATEHOUSE_BASE_URL,
    /** "true" enables development-only features such as the mock identity provider. */
    GATEHOUSE_DEV_MODE,
    /**
     * Key that encrypts the SP private keys stored in the database (at least 32 characters). Every
     * node of a cluster needs the same one; without it, one is generated into the data directory.
     */
    GATEHOUSE_KEY_ENCRYPTION_KEY,
    /** Directory for files Gatehouse writes (first-start credentials). */
    GATEHOUSE_DATA_DIR,
    /** JNDI name of the data source. */
    GATEHOUSE_DATASOURCE,
    /** Days directory events stay in the feed (and available to webhooks); 30 when unset. */
    GATEHOUSE_EVENT_RETENTION_DAYS,
    /** Bearer token a Prometheus scraper presents at /metrics; the endpoint answers 404 when unset. */
    GATEHOUSE_METRICS_TOKEN,
    /**
     * "true" lets Gatehouse call loopback and private addresses a tenant chose (webhooks, back-channel
     * logout URIs); true in development mode when unset, false otherwise.
     */
    GATEHOUSE_OUTBOUND_ALLOW_PRIVATE,
    /** "false" turns the SCIM request log off (it is on when unset). */
    GATEHOUSE_SCIM_REQUEST_LOG,
    /** Days the SCIM request log keeps a request; 7 when unset. */
    GATEHOUSE_SCIM_LOG_RETENTION_DAYS,
    /** Requests the SCIM request log keeps per project at most (the oldest go first); 10,000 when unset. */
    GATEHOUSE_SCIM_LOG_MAX_PER_PROJECT,
    /**
     * Fraction (0 < scale <= 1) of the webhook retry schedule and of the 3 days after which a webhook
     * is marked failing; 1 when unset. For tests, which cannot wait hours.
     */
    GATEHOUSE_WEBHOOK_RETRY_SCALE,
    /** Seconds a webhook request may take (connect and answer); 10 when unset. */
    GATEHOUSE_WEBHOOK_TIMEOUT_SECONDS;

    static final String DEFAULT_DATASOURCE = "java:comp/env/jdbc/gatehouse";

    public Optional<String> value() {
        return fromJndi().or(() -> Optional.ofNullable(System.getProperty(name())))
                .or(() -> Optional.ofNullable(System.getenv(name())))
                .map(String::trim)
                .filter(v -> !v.isEmpty());
    }

    public boolean isTrue() {
        return value().map(Boolean::parseBoolean).orElse(false);
    }

    public static boolean devMode() {
        return GATEHOUSE_DEV_MODE.isTrue();
    }

    public static int eventRetentionDays() {
        return GATEHOUSE_EVENT_RETENTION_DAYS.number(Integer::valueOf, d -> d > 0, 30);
    }

    /** The token /metrics asks for, or empty: the endpoint is off. */
    public static Optional<String> metricsToken() {
        return GATEHOUSE_METRICS_TOKEN.value();
    }

    public static boolean outboundAllowPrivate() {
        return GATEHOUSE_OUTBOUND_ALLOW_PRIVATE.value().map(Boolean::parseBoolean).orElseGet(Settings::devMode);
    }

    public static boolean scimRequestLog() {
        return GATEHOUSE_SCIM_REQUEST_LOG.value().map(Boolean::parseBoolean).orElse(true);
    }

    public static int scimLogRetentionDays() {
        return GATEHOUSE_SCIM_LOG_RETENTION_DAYS.number(Integer::valueOf, d -> d > 0, 7);
    }

    public static int scimLogMaxPerProject() {
        return GATEHOUSE_SCIM_LOG_MAX_PER_PROJECT.number(Integer::valueOf, n -> n > 0, 10_000);
    }

    public static double webhookRetryScale() {
        return GATEHOUSE_WEBHOOK_RETRY_SCALE.number(Double::valueOf, s -> s > 0 && s <= 1, 1.0);
    }

    public static int webhookTimeoutSeconds() {
        return GATEHOUSE_WEBHOOK_TIMEOUT_SECONDS.number(Integer::valueOf, s -> s > 0 && s <= 60, 10);
    }

    /**
     * A numeric setting, or {@code fallback} when it is unset, not a number or out of range: a
     * mistyped value must not stop the background work that reads it (it is read on every run).
     */
    private <T extends Number> T number(java.util.function.Function<String, T> parse, java.util.function.Predicate<T> valid,
                                        T fallback) {
        try {
            return value().map(parse).filter(valid).orElse(fallback);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public static String dataSourceName() {
        return GATEHOUSE_DATASOURCE.value().orElse(DEFAULT_DATASOURCE);
    }

    public static Path dataDir() {
        return GATEHOUSE_DATA_DIR.value().map(Path::of)
                .orElse(Path.of(System.getProperty("user.home"), ".gatehouse"));
    }

    /** The web application's JNDI environment, fixed once it is deployed: looked up once per setting. */
    private static final Map<Settings, Optional<String>> JNDI = new ConcurrentHashMap<>();

    private Optional<String> fromJndi() {
        Optional<String> known = JNDI.get(this);
        if (known != null) {
            return known;
        }
        Context environment;
        try {
            environment = (Context) new InitialContext().lookup("java:comp/env");
        } catch (NamingException | RuntimeException noEnvironment) {
            return Optional.empty(); // not on a web application's thread (or no JNDI at all): ask again later
        }
        Optional<String> found = lookup(environment);
        JNDI.put(this, found);
        return found;
    }

    private Optional<String> lookup(Context environment) {
        try {
            return Optional.ofNullable(environment.lookup(name())).map(Object::toString);
        } catch (NamingException notBound) {
            return Optional.empty();
        }
    }
}
