package io.leadline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LookupCacheTests {

    final AtomicLong nanos = new AtomicLong();
    final LookupCache<String, String> cache = new LookupCache<>(nanos::get);
    final AtomicInteger lookups = new AtomicInteger();

    Optional<String> database(String key) {
        lookups.incrementAndGet();
        return key.startsWith("known") ? Optional.of("caller of " + key) : Optional.empty();
    }

    @Test
    void aFoundAnswerIsLookedUpOnceUntilItExpires() {
        assertThat(cache.get("known", this::database)).contains("caller of known");
        nanos.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(cache.get("known", this::database)).contains("caller of known");
        assertThat(lookups).hasValue(1);

        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(cache.get("known", this::database)).contains("caller of known");
        assertThat(lookups).hasValue(2);
    }

    @Test
    void anUnknownKeyIsNeverKept() {
        assertThat(cache.get("garbage", this::database)).isEmpty();
        assertThat(cache.get("garbage", this::database)).isEmpty();
        assertThat(lookups).hasValue(2);
    }

    @Test
    void anInvalidationMakesTheNextGetAskAgain() {
        cache.get("known", this::database);
        cache.invalidateAll();
        cache.get("known", this::database);
        assertThat(lookups).hasValue(2);
    }

    @Test
    void anAnswerReadBeforeAnInvalidationIsNotKeptAfterIt() {
        Optional<String> stale = cache.get("known", key -> {
            Optional<String> read = database(key);
            cache.invalidateAll(); // the change commits and is announced while this lookup runs
            return read;
        });

        assertThat(stale).contains("caller of known");
        assertThat(cache.get("known", this::database)).contains("caller of known");
        assertThat(lookups).as("the stale answer was not kept").hasValue(2);
    }
}
