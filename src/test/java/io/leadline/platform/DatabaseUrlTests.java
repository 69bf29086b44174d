package io.leadline.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseUrlTests {

    @Test
    void absentUrlMeansAnH2FileInTheDataDirectoryInPostgresMode() {
        DatabaseUrl url = DatabaseUrl.parse("", "/tmp/ll");
        assertThat(url.jdbcUrl()).startsWith("jdbc:h2:file:/tmp/ll/leadline;MODE=PostgreSQL");
        assertThat(url.postgres()).isFalse();
    }

    @Test
    void platformStyleUrlBecomesJdbcWithDecodedCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://lead%40er:p%3Ass@db.internal:6543/crm?sslmode=require", ".");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/crm?sslmode=require");
        assertThat(url.username()).isEqualTo("lead@er");
        assertThat(url.password()).isEqualTo("p:ss");
        assertThat(url.postgres()).isTrue();
    }

    @Test
    void postgresSchemeAndDefaultPortAreAccepted() {
        assertThat(DatabaseUrl.parse("postgres://u@localhost/db", ".").jdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost:5432/db");
    }

    @Test
    void jdbcUrlIsUsedAsGiven() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:5432/x?user=postgres", ".");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/x?user=postgres");
        assertThat(url.username()).isNull();
    }

    @Test
    void otherSchemesAreRefusedWithAHelpfulMessage() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://x/y", ".")).hasMessageContaining("postgresql://");
    }

    @Test
    void theEmbeddedDatabaseKeepsEveryCommitOfAKilledProcess(@TempDir Path dataDir) throws Exception {
        Process child = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        H2Committer.class.getName(),
                        dataDir.toString())
                .redirectErrorStream(true)
                .start();
        int acknowledged = 0;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            // Well past the start, and killed right after a commit returned: what an instance killed
            // under load (kill -9, the OOM killer, a container runtime) had just acknowledged.
            while (acknowledged < 300) {
                String line = out.readLine();
                assertThat(line).as("the committer's output").isNotNull().containsOnlyDigits();
                acknowledged = Integer.parseInt(line);
            }
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(Files.exists(dataDir.resolve("leadline.mv.db"))).isTrue();

        DatabaseUrl url = DatabaseUrl.parse(null, dataDir.toString());
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.username(), url.password());
                ResultSet rs = c.createStatement().executeQuery("select count(*), max(n) from committed")) {
            rs.next();
            assertThat(rs.getInt(2)).as("the last row found").isGreaterThanOrEqualTo(acknowledged);
            assertThat(rs.getInt(1)).isEqualTo(rs.getInt(2));
        }
    }
}
