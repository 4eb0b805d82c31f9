package io.gatehouse.platform;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.Method;
import java.util.List;
import javax.sql.DataSource;

/**
 * Gauges of the connection pool behind the data source, where the pool tells: the servers share no
 * pool API, so each pool Gatehouse is deployed on is read by the getters it has. Tomcat's default
 * (DBCP 2, {@code server-config/tomcat/context.xml}) and the Tomcat JDBC pool have them; WildFly's
 * and Payara's data sources keep theirs in the server's management model (their own consoles and
 * JMX), so there no pool gauge is registered and the database probe is what the scrape shows.
 */
final class PoolGauges {
    /** A gauge and the getter names that read it, per pool: DBCP 2's first, then the Tomcat JDBC pool's. */
    private record Reading(String name, String description, List<String> getters) {
    }

    private static final List<Reading> READINGS = List.of(
            new Reading("gatehouse.database.pool.active", "Connections in use", List.of("getNumActive", "getActive")),
            new Reading("gatehouse.database.pool.idle", "Connections open and idle", List.of("getNumIdle", "getIdle")),
            new Reading("gatehouse.database.pool.max", "The pool's limit", List.of("getMaxTotal", "getMaxActive")));

    private PoolGauges() {
    }

    /** Registers the gauges the pool can answer; returns how many. */
    static int bind(DataSource dataSource, MeterRegistry registry) {
        int bound = 0;
        for (Reading reading : READINGS) {
            Method getter = getter(dataSource.getClass(), reading.getters());
            if (getter != null) {
                Gauge.builder(reading.name(), dataSource, ds -> read(getter, ds)).description(reading.description())
                        .strongReference(true).register(registry); // the registry closes with the application
                bound++;
            }
        }
        return bound;
    }

    private static Method getter(Class<?> type, List<String> names) {
        for (String name : names) {
            try {
                Method method = type.getMethod(name);
                if (method.getParameterCount() == 0 && (method.getReturnType() == int.class || method.getReturnType() == long.class)) {
                    return method;
                }
            } catch (NoSuchMethodException | SecurityException absent) {
                // the next name, or no gauge
            }
        }
        return null;
    }

    private static double read(Method getter, Object dataSource) {
        try {
            return ((Number) getter.invoke(dataSource)).doubleValue();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
