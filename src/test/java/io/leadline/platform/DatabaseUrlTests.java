package io.leadline.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

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
}
