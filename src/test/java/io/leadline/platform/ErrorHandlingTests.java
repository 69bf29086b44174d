package io.leadline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionSystemException;

/** Which failures answer 503 (retry) rather than 500 (a bug). */
class ErrorHandlingTests {

    @Test
    void aRollbackThatFailedOnAClosedConnectionIsUnavailable() {
        // What scripts/chaos.sh saw when PostgreSQL was cut during a batch commit: the commit
        // failed, then the rollback failed on the connection HikariCP had already closed.
        var rollback = new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));

        assertThat(ErrorHandling.serviceUnavailable(rollback)).isTrue();
    }

    @Test
    void aConnectionClassSqlStateIsUnavailable() {
        assertThat(ErrorHandling.serviceUnavailable(new RuntimeException(new SQLException("gone", "08006"))))
                .isTrue();
    }

    @Test
    void aBugIsNotUnavailable() {
        assertThat(ErrorHandling.serviceUnavailable(new IllegalStateException("bug")))
                .isFalse();
        assertThat(ErrorHandling.serviceUnavailable(new TransactionSystemException("no cause")))
                .isFalse();
        assertThat(ErrorHandling.serviceUnavailable(new RuntimeException(new SQLException("syntax", "42601"))))
                .isFalse();
    }
}
