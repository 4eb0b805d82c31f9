package io.gatehouse.admin;

import io.gatehouse.platform.DaemonThreads;
import io.gatehouse.platform.SecretFile;
import io.gatehouse.platform.Secrets;
import io.gatehouse.platform.Settings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * First start: creates the console's bootstrap admin and the management API's bootstrap key, from
 * configuration when given, otherwise generated and written once to files in the data directory that
 * only the server's user can read (never to the log). Runs during deployment; when the database is
 * not reachable yet, the application starts anyway and this retries every 10 seconds.
 */
@ApplicationScoped
public class Bootstrap {
    private static final Logger LOG = Logger.getLogger(Bootstrap.class.getName());
    static final String PASSWORD_FILE = "bootstrap-admin-password";
    static final String API_KEY_FILE = "bootstrap-admin-api-key";

    @Inject
    AdminAccounts accounts;
    @Inject
    AdminApiKeys apiKeys;

    private ScheduledExecutorService retry;

    void onStart(@Observes @Initialized(ApplicationScoped.class) ServletContext context) {
        String where = Settings.GATEHOUSE_BASE_URL.value().orElse("http://localhost:"
                + System.getProperty("gatehouse.http.port", "8080") + context.getContextPath());
        retry = DaemonThreads.scheduler("gatehouse-bootstrap");
        attempt(where); // synchronously, so the first request finds the bootstrap key installed
    }

    private void attempt(String where) {
        try {
            run(where);
            retry.shutdown();
        } catch (RuntimeException | IOException e) {
            LOG.log(Level.WARNING, "Gatehouse could not finish start-up (" + e.getMessage() + "); retrying in 10 s");
            retry.schedule(() -> attempt(where), 10, TimeUnit.SECONDS);
        }
    }

    private void run(String where) throws IOException {
        Path dataDir = Settings.dataDir();
        String passwordSource = bootstrapAdmin(dataDir);
        String keySource = bootstrapApiKey(dataDir);
        LOG.info(() -> "\n==================== Gatehouse is running ====================\n"
                + "  Console:        " + where + "/\n"
                + "  Sign in as:     " + passwordSource + "\n"
                + "  Management API: " + where + "/api/v1 with Authorization: Bearer <key>, key " + keySource + "\n"
                + "  Health:         " + where + "/health/ready\n"
                + (Settings.devMode() ? "  Development mode is ON (GATEHOUSE_DEV_MODE); never use it in production\n" : "")
                + "==============================================================");
    }

    private String bootstrapAdmin(Path dataDir) throws IOException {
        var configured = Settings.GATEHOUSE_ADMIN_PASSWORD.value();
        String admin = AdminAccounts.BOOTSTRAP_USERNAME + ", password ";
        if (accounts.exists(AdminAccounts.BOOTSTRAP_USERNAME)) {
            return admin + (configured.isPresent() ? "from GATEHOUSE_ADMIN_PASSWORD (set at first start)"
                    : "as set at first start (see " + dataDir.resolve(PASSWORD_FILE) + " if you have not changed it)");
        }
        // only a console without any admin gets the bootstrap admin: one an admin removed stays removed
        if (accounts.any()) {
            return "one of the console's admin accounts";
        }
        if (configured.isPresent()) {
            accounts.createBootstrapAdmin(configured.get());
            return admin + "from GATEHOUSE_ADMIN_PASSWORD";
        }
        String generated = Secrets.random(15);
        SecretFile.write(dataDir.resolve(PASSWORD_FILE), generated);
        accounts.createBootstrapAdmin(generated);
        return admin + "in " + dataDir.resolve(PASSWORD_FILE);
    }

    private String bootstrapApiKey(Path dataDir) throws IOException {
        var configured = Settings.GATEHOUSE_ADMIN_API_KEY.value();
        if (configured.isPresent()) {
            apiKeys.installBootstrapKey(configured.get());
            return "from GATEHOUSE_ADMIN_API_KEY";
        }
        Path file = dataDir.resolve(API_KEY_FILE);
        if (!apiKeys.hasBootstrapKey()) {
            String generated = "gh-" + Secrets.random(32);
            SecretFile.write(file, generated);
            apiKeys.installBootstrapKey(generated);
        }
        return "in " + file + " (or set GATEHOUSE_ADMIN_API_KEY)";
    }

    @PreDestroy
    void stop() {
        if (retry != null) {
            retry.shutdownNow();
        }
    }
}
