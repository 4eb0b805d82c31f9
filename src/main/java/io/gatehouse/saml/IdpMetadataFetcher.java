package io.gatehouse.saml;

import io.gatehouse.platform.DaemonThreads;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.DomainException;
import io.gatehouse.platform.UtcTimestamp;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fetches IdP metadata from the URL an admin gave: with time-outs and a size limit, validated
 * like pasted XML, cached in the database (so every node and every restart uses the same copy),
 * refreshed when the URL is set, on demand, and every {@link #MAX_AGE}. A failed fetch keeps the
 * last good copy and records the error for the console.
 */
@ApplicationScoped
public class IdpMetadataFetcher {
    private static final Logger LOG = Logger.getLogger(IdpMetadataFetcher.class.getName());
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    static final int MAX_BYTES = IdpMetadata.MAX_XML_CHARS;
    static final Duration MAX_AGE = Duration.ofHours(6);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private Database database;
    private ScheduledExecutorService schedule;

    protected IdpMetadataFetcher() {
    }

    @Inject
    public IdpMetadataFetcher(Database database) {
        this.database = database;
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) ServletContext context) {
        schedule = DaemonThreads.scheduler("gatehouse-idp-metadata");
        schedule.scheduleWithFixedDelay(this::refreshStale, 1, 10, TimeUnit.MINUTES);
    }

    @PreDestroy
    void stop() {
        if (schedule != null) {
            schedule.shutdownNow();
        }
    }

    /** Fetches the project's metadata URL now; returns the error, or null when the copy was updated. */
    public String refresh(String projectId) {
        String url = database.read(em -> {
            SamlSettings settings = em.find(SamlSettings.class, projectId);
            if (settings == null) {
                throw DomainException.notFound("Project");
            }
            return settings.idpMetadataUrl();
        });
        if (url == null) {
            throw DomainException.invalid("The project has no IdP metadata URL to fetch");
        }
        try {
            String xml = IdpMetadata.validXml(fetch(url));
            // native SQL: a fetched copy is not an admin's change, so the settings' version (ETag) stays
            database.writing(em -> em.createNativeQuery("UPDATE gh_saml_settings SET idp_metadata_cached = ?1,"
                            + " idp_metadata_fetched_at = ?2, idp_metadata_error = NULL, idp_metadata_error_at = NULL"
                            + " WHERE project_id = ?3 AND idp_metadata_url = ?4")
                    .setParameter(1, xml).setParameter(2, UtcTimestamp.sql(Instant.now())).setParameter(3, projectId)
                    .setParameter(4, url).executeUpdate());
            return null;
        } catch (DomainException | IOException e) {
            String error = e instanceof DomainException ? e.getMessage() : "Could not fetch " + url + ": " + describe(e);
            String bounded = error.length() > 1000 ? error.substring(0, 1000) : error;
            database.writing(em -> em.createNativeQuery("UPDATE gh_saml_settings SET idp_metadata_error = ?1,"
                            + " idp_metadata_error_at = ?2 WHERE project_id = ?3")
                    .setParameter(1, bounded).setParameter(2, UtcTimestamp.sql(Instant.now())).setParameter(3, projectId)
                    .executeUpdate());
            return bounded;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "Interrupted";
        }
    }

    private String fetch(String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(READ_TIMEOUT)
                .header("Accept", "application/samlmetadata+xml, application/xml, text/xml").GET().build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP status " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IOException("the document is larger than " + MAX_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private void refreshStale() {
        try {
            List<String> stale = database.read(em -> em.createQuery("SELECT s.projectId FROM SamlSettings s"
                            + " WHERE s.idpMetadataUrl IS NOT NULL AND (s.idpMetadataFetchedAt IS NULL OR s.idpMetadataFetchedAt < :before)",
                    String.class).setParameter("before", Instant.now().minus(MAX_AGE)).setMaxResults(100).getResultList());
            stale.forEach(this::refresh);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Refreshing IdP metadata failed: " + e.getMessage());
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }
}
