package io.leadline.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SignInThrottleTests {

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final SignInThrottle throttle = new SignInThrottle(new DashboardSettings(true, 5, 15), clock);

    @Test
    void locksAnEmailFromAnAddressAfterFiveFailures() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("Jane@Example.com", "10.0.0.1");
        }
        assertThat(throttle.locked("jane@example.com", "10.0.0.1")).isFalse();
        throttle.failed("jane@example.com ", "10.0.0.1");
        assertThat(throttle.locked("jane@example.com", "10.0.0.1")).isTrue();
        assertThat(throttle.locked("jane@example.com", "10.0.0.2"))
                .as("another address")
                .isFalse();
        assertThat(throttle.locked("john@example.com", "10.0.0.1"))
                .as("another email")
                .isFalse();
    }

    @Test
    void theLockEndsWhenTheWindowOfTheFirstFailureEnds() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("jane@example.com", "10.0.0.1");
            clock.now = clock.now.plus(Duration.ofMinutes(1));
        }
        assertThat(throttle.locked("jane@example.com", "10.0.0.1")).isTrue();
        clock.now = clock.now.plus(Duration.ofMinutes(10));
        assertThat(throttle.locked("jane@example.com", "10.0.0.1")).isFalse();
    }

    @Test
    void aSuccessClearsTheEmailsFailures() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("jane@example.com", "10.0.0.1");
        }
        throttle.succeeded("jane@example.com", "10.0.0.1");
        throttle.failed("jane@example.com", "10.0.0.1");
        assertThat(throttle.locked("jane@example.com", "10.0.0.1")).isFalse();
    }

    @Test
    void oneAddressTryingManyEmailsIsLockedToo() {
        for (int i = 0; i < 50; i++) {
            throttle.failed("user" + i + "@example.com", "10.0.0.9");
        }
        assertThat(throttle.locked("fresh@example.com", "10.0.0.9")).isTrue();
        assertThat(throttle.locked("fresh@example.com", "10.0.0.8")).isFalse();
    }

    @Test
    void rightSignInsFromOneAddressNeverLockIt() {
        for (int i = 0; i < 200; i++) {
            assertThat(throttle.attempt("user" + (i % 20) + "@example.com", "10.0.0.5"))
                    .as("sign-in %d", i)
                    .isTrue();
            throttle.succeeded("user" + (i % 20) + "@example.com", "10.0.0.5");
        }
        for (int i = 0; i < 49; i++) {
            throttle.attempt("sprayed" + i + "@example.com", "10.0.0.5");
        }
        assertThat(throttle.locked("fresh@example.com", "10.0.0.5"))
                .as("49 failures")
                .isFalse();
        throttle.attempt("sprayed49@example.com", "10.0.0.5");
        assertThat(throttle.locked("fresh@example.com", "10.0.0.5"))
                .as("50 failures")
                .isTrue();
    }

    @Test
    void simultaneousAttemptsGetOnlyTheAllowedNumberThrough() throws Exception {
        int allowed;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(16)) {
            var latch = new java.util.concurrent.CountDownLatch(1);
            var results = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
            for (int i = 0; i < 40; i++) {
                results.add(pool.submit(() -> {
                    latch.await();
                    return throttle.attempt("victim@example.com", "10.0.0.7");
                }));
            }
            latch.countDown();
            allowed = 0;
            for (var r : results) {
                allowed += r.get() ? 1 : 0;
            }
        }
        assertThat(allowed).isEqualTo(5);
        assertThat(throttle.locked("victim@example.com", "10.0.0.7")).isTrue();
    }
}
