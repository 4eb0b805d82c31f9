package io.gatehouse.platform;

import java.io.IOException;
import java.io.Writer;
import org.eclipse.persistence.platform.database.H2Platform;

/**
 * EclipseLink's H2 platform, fixed for H2 2.x: it binds parameters in queries with functions (the
 * stock platform prints them into the SQL, and prints booleans as 0/1, which H2 2 refuses to
 * compare with BOOLEAN columns).
 */
public class H2Dialect extends H2Platform {
    @Override
    public boolean isDynamicSQLRequiredForFunctions() {
        return false;
    }

    @Override
    protected void appendBoolean(Boolean value, Writer writer) throws IOException {
        writer.write(Boolean.TRUE.equals(value) ? "TRUE" : "FALSE");
    }
}
