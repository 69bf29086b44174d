package io.leadline.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Creates one throw-away PostgreSQL database per test JVM on 127.0.0.1:5432 (user postgres, trust
 * auth) and drops it when the JVM ends. Also checks Redis. Exposes both as system properties that
 * {@link OnPostgres} reads. Without PostgreSQL: under CI=true the run fails; elsewhere these tests
 * are skipped, and the skip is printed.
 */
public final class PostgresDatabase implements BeforeAllCallback {

    static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static String url;
    private static String unavailable;

    @Override
    public void beforeAll(ExtensionContext context) {
        String problem = ensure();
        if (problem != null) {
            Prerequisite.missing(context, problem);
        }
    }

    private static synchronized String ensure() {
        if (url != null || unavailable != null) {
            return unavailable;
        }
        String name =
                "leadline_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            unavailable = "PostgreSQL is not reachable at 127.0.0.1:5432 (" + e.getMessage() + ")";
            return unavailable;
        }
        String redisProblem = Redis.problem();
        if (redisProblem != null) {
            unavailable = redisProblem;
            return unavailable;
        }
        url = "jdbc:postgresql://127.0.0.1:5432/" + name + "?user=postgres";
        System.setProperty("leadline.test.postgres-url", url);
        System.setProperty("leadline.test.database-name", name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(name)));
        return null;
    }

    /** A plain JDBC connection to the test database, for assertions on what was stored. */
    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    private static void drop(String name) {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            System.err.println("Could not drop test database " + name + ": " + e.getMessage());
        }
    }

    /** Redis on 127.0.0.1:6379, checked with a raw PING so tests need no client. */
    static final class Redis {
        static String problem() {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", 6379), 1000);
                socket.setSoTimeout(1000);
                socket.getOutputStream().write("PING\r\n".getBytes());
                byte[] buf = new byte[7];
                int n = socket.getInputStream().read(buf);
                return n > 0 && new String(buf, 0, n).startsWith("+PONG") ? null : "Redis did not answer PING";
            } catch (java.io.IOException e) {
                return "Redis is not reachable at 127.0.0.1:6379 (" + e.getMessage() + ")";
            }
        }
    }
}
