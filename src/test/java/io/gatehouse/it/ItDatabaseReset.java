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
 * default gatehouse_it, dropped and created; H2: files deleted), so every run starts from migration V1 whatever an earlier
 * run left behind. Does nothing in unit-test runs (no it.db property).
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
                case "mariadb" -> execute("DROP DATABASE IF EXISTS " + name,
                        "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
                default -> throw new IllegalStateException("unknown it.db " + db);
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Cannot reset the " + db + " test database: " + e.getMessage(), e);
        }
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
