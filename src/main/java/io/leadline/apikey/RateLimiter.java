package io.leadline.apikey;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.caffeine.Bucket4jCaffeine;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Per-minute request budgets (Bucket4j, the whole budget refilled each minute). With Redis the
 * buckets are shared by every instance; without it, or while Redis is unreachable, they live in
 * this process.
 */
@Component
public class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
    private static final ExpirationAfterWriteStrategy EXPIRY =
            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10));

    private final ProxyManager<String> local;
    private final ProxyManager<String> shared;

    RateLimiter(ObjectProvider<StatefulRedisConnection<String, byte[]>> redis) {
        this.local = Bucket4jCaffeine.<String>builderFor(Caffeine.newBuilder().maximumSize(1_000_000))
                .expirationAfterWrite(EXPIRY)
                .build();
        StatefulRedisConnection<String, byte[]> connection = redis.getIfAvailable();
        this.shared = connection == null
                ? null
                : Bucket4jLettuce.casBasedBuilder(connection)
                        .expirationAfterWrite(EXPIRY)
                        .build();
    }

    /**
     * Takes one request from the bucket {@code key} allowing {@code perMinute} requests a minute. A
     * changed limit starts a fresh bucket, so an admin's raise applies at once.
     */
    public RateLimit consume(String key, int perMinute) {
        String bucketKey = "leadline:rl:" + key + ":" + perMinute;
        BucketConfiguration config = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillIntervally(perMinute, Duration.ofMinutes(1)))
                .build();
        ConsumptionProbe probe;
        if (shared != null) {
            try {
                probe = shared.getProxy(bucketKey, () -> config).tryConsumeAndReturnRemaining(1);
            } catch (RuntimeException e) {
                log.warn("Redis rate limiting unavailable, using this instance's buckets: {}", e.getMessage());
                probe = local.getProxy(bucketKey, () -> config).tryConsumeAndReturnRemaining(1);
            }
        } else {
            probe = local.getProxy(bucketKey, () -> config).tryConsumeAndReturnRemaining(1);
        }
        long reset = seconds(probe.getNanosToWaitForReset());
        long retryAfter = Math.max(1, seconds(probe.getNanosToWaitForRefill()));
        return new RateLimit(probe.isConsumed(), perMinute, probe.getRemainingTokens(), reset, retryAfter);
    }

    private static long seconds(long nanos) {
        return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    }
}
