package io.leadline.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The plan's month is the UTC calendar month, and Retry-After runs to its end. */
class MonthlyUsageTests {

    @Test
    void monthIsTheUtcCalendarMonth() {
        OffsetDateTime newYork = OffsetDateTime.of(2025, 1, 31, 23, 30, 0, 0, ZoneOffset.ofHours(-5));
        assertThat(MonthlyUsage.month(newYork)).isEqualTo("2025-02");
        assertThat(MonthlyUsage.month(OffsetDateTime.of(2025, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC)))
                .isEqualTo("2025-12");
    }

    @Test
    void retryAfterRunsUntilTheMonthTurns() {
        assertThat(MonthlyUsage.secondsUntilNextMonth(OffsetDateTime.of(2025, 12, 31, 23, 59, 0, 0, ZoneOffset.UTC)))
                .isEqualTo(60);
        assertThat(MonthlyUsage.secondsUntilNextMonth(OffsetDateTime.of(2025, 2, 1, 0, 0, 0, 0, ZoneOffset.UTC)))
                .isEqualTo(28L * 24 * 3600);
        assertThat(MonthlyUsage.secondsUntilNextMonth(
                        OffsetDateTime.of(2025, 3, 31, 23, 59, 59, 999_000_000, ZoneOffset.UTC)))
                .isEqualTo(1);
    }
}
