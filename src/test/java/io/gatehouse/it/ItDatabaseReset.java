package io.gatehouse.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Before an integration run: an empty database for it (PostgreSQL and MariaDB: database it.db.name,
 * default gatehouse_it, dropped and created; H2: the run's it.work.dir deleted, database file and all), so
 * every run starts from migration V1 whatever an earlier run left behind. Does nothing in unit-test runs
 * (no it.db property).
 */
public class ItDatabaseReset implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String db = System.getProperty("it.db");
        if (db == null) {
            return;
        }
        try {
            String name = System.getProperty("it.db.name", "gatehouse_it");
            if (!name.matches("[a-z0-9_]+")) {
                throw new IllegalStateException("it.db.name must be [a-z0-9_]+");
            }
            switch (db) {
                case "h2" -> deleteTree(Path.of(System.getProperty("it.work.dir")));
                case "postgresql" -> execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", "CREATE DATABASE " + name);
                case "mariadb" -> {
                    execute("DROP DATABASE IF EXISTS " + name,
                            "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
                    createServerUser(name);
                }
                default -> throw new IllegalStateException("unknown it.db " + db);
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Cannot reset the " + db + " test database: " + e.getMessage(), e);
        }
    }

    /**
     * The account WildFly's and Payara's data sources use (it.db.server.user, their runs only): both refuse
     * the empty password of the test's root account. Rights on this run's database only.
     */
    private static void createServerUser(String database) throws SQLException {
        String user = System.getProperty("it.db.server.user");
        if (user == null) {
            return;
        }
        String password = System.getProperty("it.db.server.password");
        if (!user.matches("[a-z0-9_]+") || !password.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalStateException("it.db.server.user must be [a-z0-9_]+, it.db.server.password [A-Za-z0-9_-]+");
        }
        String account = "'" + user + "'@'%'";
        execute("CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY '" + password + "'",
                "ALTER USER " + account + " IDENTIFIED BY '" + password + "'",
                "GRANT ALL PRIVILEGES ON " + database + ".* TO " + account);
    }

    private static void execute(String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(System.getProperty("it.db.admin.url"),
                System.getProperty("it.db.user"), "");
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
