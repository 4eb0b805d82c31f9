package io.gatehouse.it;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A plain data source for tests that talk to the test database directly, without the server. */
public final class DriverManagerDataSource implements DataSource {
    private final String url;
    private final String user;

    public DriverManagerDataSource(String url, String user) {
        this.url = url;
        this.user = user;
    }

    /**
     * The database of this integration run (H2: a file of its own, since the server holds the other,
     * kept open for the life of the test JVM: with a connection per statement H2 would otherwise close
     * and reopen the file between every two operations; one CI run missed a just-committed row, most
     * likely across such a reopen).
     */
    public static DriverManagerDataSource forThisRun() {
        String db = System.getProperty("it.db");
        String url = System.getProperty("it.db.url") + ("h2".equals(db) ? "_direct;DB_CLOSE_DELAY=-1" : "");
        return new DriverManagerDataSource(url, System.getProperty("it.db.user"));
    }

    @Override
    public Connection getConnection() throws SQLException {
        return DriverManager.getConnection(url, user, "");
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return DriverManager.getConnection(url, username, password);
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("test");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
