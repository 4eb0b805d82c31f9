package io.gatehouse.oidc;

import com.nimbusds.jwt.JWTClaimsSet;
import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.platform.DaemonThreads;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.Ids;
import io.gatehouse.platform.Metrics;
import io.gatehouse.platform.OutboundAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends queued back-channel logouts (OpenID Connect Back-Channel Logout 1.0): a signed
 * {@code logout_token} POSTed to the application's URI, 10 s timeout, redirects not followed, retried
 * with exponential backoff. Every node runs a sender; a delivery is claimed with a conditional
 * update (a lease), so two nodes never send the same attempt, and a node that dies mid-send leaves
 * the delivery to be retried when its lease runs out.
 */
@ApplicationScoped
public class LogoutSender {
    private static final Logger LOG = Logger.getLogger(LogoutSender.class.getName());
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

    private Database database;
    private TokenSigner signer;
    private AuditLog audit;
    private Metrics metrics;
    private volatile ScheduledExecutorService worker;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();

    protected LogoutSender() {
    }

    @Inject
    public LogoutSender(Database database, TokenSigner signer, AuditLog audit, Metrics metrics) {
        this.database = database;
        this.signer = signer;
        this.audit = audit;
        this.metrics = metrics;
    }

    /** Starts with the web application. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object context) {
        worker = DaemonThreads.scheduler("gatehouse-backchannel-logout");
        worker.scheduleWithFixedDelay(this::sendDue, 5, 1, TimeUnit.SECONDS);
    }

    /** A session just ended with deliveries queued: send soon (after its commit) rather than at the next tick. */
    void wake() {
        ScheduledExecutorService running = worker;
        if (running != null && !running.isShutdown()) {
            running.schedule(this::sendDue, 200, TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    void stop() {
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    private void sendDue() {
        try {
            List<LogoutDelivery> due = database.read(em -> em.createQuery("SELECT d FROM LogoutDelivery d WHERE d.nextAttemptAt <= :now"
                    + " ORDER BY d.nextAttemptAt", LogoutDelivery.class).setParameter("now", Instant.now()).setMaxResults(20).getResultList());
            for (LogoutDelivery delivery : due) {
                if (claim(delivery)) {
                    send(delivery);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Back-channel logout sender: " + e.getMessage(), e);
        }
    }

    private boolean claim(LogoutDelivery delivery) {
        return database.write(em -> em.createQuery("UPDATE LogoutDelivery d SET d.nextAttemptAt = :lease WHERE d.id = :id"
                        + " AND d.nextAttemptAt = :seen").setParameter("lease", Instant.now().plus(LEASE))
                .setParameter("id", delivery.id()).setParameter("seen", delivery.nextAttemptAt()).executeUpdate() == 1);
    }

    private void send(LogoutDelivery delivery) {
        Application app = database.read(em -> em.find(Application.class, delivery.applicationId()));
        if (app == null || app.backchannelLogoutUri() == null) {
            record(delivery, null, app == null ? "the application was removed" : "no back-channel logout URI", 0);
            return;
        }
        URI uri = URI.create(app.backchannelLogoutUri());
        String refused = OutboundAddress.refusal(uri);
        if (refused != null) {
            record(delivery, null, "not sent: " + refused, 0);
            return;
        }
        long started = System.nanoTime();
        try {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("logout_token=" + URLEncoder.encode(logoutToken(app, delivery),
                            StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.discarding());
            int status = answer.statusCode();
            record(delivery, status, status == 200 || status == 204 ? null : "the application answered " + status, elapsed(started));
        } catch (java.io.IOException e) {
            record(delivery, null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), elapsed(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String logoutToken(Application app, LogoutDelivery delivery) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(delivery.issuer()).audience(app.clientId())
                .subject(delivery.subject()).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(120)))
                .jwtID(Ids.next()).claim("sid", delivery.sid()).claim("events", Map.of(EVENT, Map.of())).build();
        return signer.sign(app.projectId(), TokenSigner.LOGOUT_TOKEN, claims);
    }

    private void record(LogoutDelivery delivery, Integer status, String error, long latencyMs) {
        metrics.count("gatehouse.oidc.backchannel_logouts", "result", error == null ? "delivered" : "failed");
        database.writing(em -> {
            LogoutDelivery row = em.find(LogoutDelivery.class, delivery.id());
            if (row == null) {
                return;
            }
            if (error == null) {
                row.delivered(status, latencyMs);
            } else {
                row.failed(status, error, latencyMs);
            }
            Application app = em.find(Application.class, row.applicationId());
            String name = app == null ? row.applicationId() : app.name();
            if (error == null || row.gaveUpAt() != null || row.attempts() == 1) {
                audit.record(em, row.projectId(), Actor.system(), new AuditLog.Entry("oidc.backchannel-logout", "application",
                        row.applicationId(), error == null ? "Back-channel logout delivered to \"" + name + "\" (" + status + ", "
                        + latencyMs + " ms)" : "Back-channel logout to \"" + name + "\" failed"
                        + (row.gaveUpAt() != null ? " for good" : ", retrying"), error));
            }
        });
    }

    private static long elapsed(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
