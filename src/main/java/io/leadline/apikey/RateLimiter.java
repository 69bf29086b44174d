package io.leadline.apikey;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.caffeine.Bucket4jCaffeine;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.leadline.platform.RedisLink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Per-minute request budgets (Bucket4j, the whole budget refilled each minute). With Redis the
 * buckets are shared by every instance, so a limit is one budget however many instances serve it;
 * without Redis they live in this process.
 *
 * <p>While Redis is unreachable every budget falls back to this instance's buckets (each instance
 * then allows up to the full limit on its own), so capture and the API keep working. Each fallback
 * is counted in {@code leadline.ratelimit.fallback}; the first of an outage is logged as a warning,
 * and for {@link #REDIS_RETRY} after a failure Redis is not asked at all, so an outage costs no
 * timeouts per request. The first successful call after that ends the outage (logged).
 */
@Component
public class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
    private static final ExpirationAfterWriteStrategy EXPIRY =
            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10));
    static final Duration REDIS_RETRY = Duration.ofSeconds(1);

    private final ProxyManager<String> local;
    /** Whether REDIS_URL is set: budgets are meant to be shared. */
    private final boolean redisConfigured;
    /** The Redis-backed buckets; null until Redis has answered once (it may be away at start). */
    private volatile ProxyManager<String> shared;
    /**
     * Redis-backed buckets kept per key, each with Bucket4j's batching: requests for one key that
     * arrive while its Redis round trip is under way go together in the next one (exact, one
     * compare-and-swap for many requests instead of one each, racing on the same key).
     */
    private final Cache<String, BucketProxy> sharedBuckets = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(2))
            .build();

    private final Counter fallbacks;
    /** System.nanoTime() before which Redis is skipped; 0 while Redis is healthy. */
    private final AtomicLong skipRedisUntil = new AtomicLong();

    RateLimiter(ObjectProvider<RedisLink> redis, MeterRegistry meters) {
        this.local = Bucket4jCaffeine.<String>builderFor(Caffeine.newBuilder().maximumSize(1_000_000))
                .expirationAfterWrite(EXPIRY)
                .build();
        RedisLink link = redis.getIfAvailable();
        this.redisConfigured = link != null;
        if (link != null) {
            link.whenConnected(connection -> this.shared = Bucket4jLettuce.casBasedBuilder(connection)
                    .expirationAfterWrite(EXPIRY)
                    .build());
        }
        this.fallbacks = Counter.builder("leadline.ratelimit.fallback")
                .description("Rate-limit decisions taken by this instance alone because Redis was unreachable")
                .register(meters);
    }

    /**
     * Takes one request from the bucket {@code key} allowing {@code perMinute} requests a minute. A
     * changed limit starts a fresh bucket, so an admin's raise applies at once on every instance.
     *
     * @param policy the name the client sees in the {@code RateLimit} headers
     */
    public RateLimit consume(String policy, String key, int perMinute) {
        String bucketKey = "leadline:rl:" + key + ":" + perMinute;
        BucketConfiguration config = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillIntervally(perMinute, Duration.ofMinutes(1)))
                .build();
        ConsumptionProbe probe = redisConfigured ? sharedOrLocal(bucketKey, config) : take(local, bucketKey, config);
        long reset = seconds(probe.getNanosToWaitForReset());
        long retryAfter = Math.max(1, seconds(probe.getNanosToWaitForRefill()));
        return new RateLimit(policy, probe.isConsumed(), perMinute, probe.getRemainingTokens(), reset, retryAfter);
    }

    private ConsumptionProbe sharedOrLocal(String bucketKey, BucketConfiguration config) {
        long skipUntil = skipRedisUntil.get();
        if (skipUntil == 0 || System.nanoTime() - skipUntil >= 0) {
            try {
                ProxyManager<String> buckets = shared;
                if (buckets == null) {
                    throw new IllegalStateException("Redis has not answered since the start");
                }
                ConsumptionProbe probe = sharedBuckets
                        .get(
                                bucketKey,
                                k -> buckets.builder()
                                        .withOptimization(Optimizations.batching())
                                        .build(k, () -> config))
                        .tryConsumeAndReturnRemaining(1);
                if (skipUntil != 0 && skipRedisUntil.compareAndSet(skipUntil, 0)) {
                    log.info("Redis rate limiting is back; budgets are shared again");
                }
                return probe;
            } catch (RuntimeException e) {
                long next = System.nanoTime() + REDIS_RETRY.toNanos();
                if (skipRedisUntil.getAndSet(next) == 0) {
                    log.warn(
                            "Redis rate limiting unavailable, each instance limits on its own until it is back: {}",
                            e.toString());
                }
            }
        }
        fallbacks.increment();
        return take(local, bucketKey, config);
    }

    private static ConsumptionProbe take(ProxyManager<String> buckets, String key, BucketConfiguration config) {
        return buckets.getProxy(key, () -> config).tryConsumeAndReturnRemaining(1);
    }

    private static long seconds(long nanos) {
        return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    }
}
