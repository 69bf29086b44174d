package io.leadline.platform;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Answers of a lookup on the hot path (a key to what it grants), kept so that a busy key costs one
 * database query per {@link #TTL} and instance. Only found answers are kept: an unknown key always
 * asks the database, so random guesses cannot fill the cache. The owner clears it with {@link
 * #invalidateAll()} whenever the data behind it changes (see {@link Invalidations}); the time bound
 * covers an invalidation that never arrives.
 *
 * <p>{@link #invalidateAll()} also wins over lookups in flight: an answer read before a change was
 * committed is not kept once that change's invalidation has run.
 */
public final class LookupCache<K, V> {

    /** The longest a cached answer is used; the staleness bound when an invalidation is lost. */
    public static final Duration TTL = Duration.ofSeconds(1);

    static final long MAXIMUM_SIZE = 100_000;

    private final Cache<K, V> cache;
    /** Bumped by every invalidation, so a lookup can tell that one ran while it read. */
    private final AtomicLong generation = new AtomicLong();

    /** A cache whose hits, misses and size are published as {@code cache_*{cache="<name>"}}. */
    public LookupCache(String name, MeterRegistry meters) {
        this(Ticker.systemTicker());
        CaffeineCacheMetrics.monitor(meters, cache, name);
    }

    LookupCache(Ticker ticker) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(MAXIMUM_SIZE)
                .expireAfterWrite(TTL)
                .ticker(ticker)
                .recordStats()
                .build();
    }

    /** The cached answer for {@code key}, else {@code lookup}'s, which is kept only when found. */
    public Optional<V> get(K key, Function<K, Optional<V>> lookup) {
        V cached = cache.getIfPresent(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        long before = generation.get();
        Optional<V> found = lookup.apply(key);
        found.ifPresent(value -> {
            cache.put(key, value);
            // An invalidation since the read may have cleared the cache before this put.
            if (generation.get() != before) {
                cache.invalidate(key);
            }
        });
        return found;
    }

    /** Forgets every answer, including those of lookups still reading. */
    public void invalidateAll() {
        generation.incrementAndGet();
        cache.invalidateAll();
    }
}
