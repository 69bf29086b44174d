package io.leadline.platform;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Redis, only when {@code REDIS_URL} is set: shared rate-limit buckets, dashboard sessions and
 * cache invalidations across instances. The
 * connection reconnects by itself; while it is down commands fail at once instead of queueing (so
 * callers fall back without waiting), and a command on a silent connection gives up after
 * {@link #COMMAND_TIMEOUT}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${leadline.redis-url:}' != ''")
class Redis {

    private static final Logger log = LoggerFactory.getLogger(Redis.class);
    static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
    static final Duration STARTUP_WAIT = Duration.ofSeconds(30);

    /** Reconnects every 100 ms at first and at least once a second, so recovery takes about a second. */
    @Bean(destroyMethod = "shutdown")
    ClientResources redisResources() {
        return DefaultClientResources.builder()
                .reconnectDelay(
                        Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
    }

    @Bean(destroyMethod = "shutdown")
    RedisClient redisClient(PlatformSettings settings, ClientResources resources) {
        RedisURI uri = RedisURI.create(settings.redisUrl());
        // The connection handshake waits this long; commands have their own COMMAND_TIMEOUT.
        uri.setTimeout(Duration.ofSeconds(3));
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(options());
        return client;
    }

    /**
     * The shared connection. Redis may come up after Leadline (or be briefly away at start): the
     * first connection is tried for up to {@link #STARTUP_WAIT} before the start fails; after
     * that, reconnection is automatic.
     */
    @Bean(destroyMethod = "close")
    StatefulRedisConnection<String, byte[]> redisConnection(RedisClient client) throws InterruptedException {
        return connectWithin(
                STARTUP_WAIT, () -> client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE)));
    }

    /**
     * The connection {@link Invalidations} listens on (a subscribed connection serves nothing
     * else). On reconnection Lettuce subscribes again by itself.
     */
    @Bean(destroyMethod = "close")
    StatefulRedisPubSubConnection<String, String> redisSubscription(
            RedisClient client, StatefulRedisConnection<String, byte[]> shared) throws InterruptedException {
        // Made after the shared connection, so Redis has already answered once.
        return connectWithin(STARTUP_WAIT, () -> client.connectPubSub(StringCodec.UTF8));
    }

    private static <C> C connectWithin(Duration wait, Supplier<C> connect) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                return connect.get();
            } catch (RedisException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                log.warn("Redis not reachable yet, retrying: {}", e.getMessage());
                Thread.sleep(1000);
            }
        }
    }

    /**
     * The same Redis for Spring Data Redis users (dashboard sessions), with the same behaviour when
     * Redis goes away.
     */
    @Bean
    LettuceConnectionFactory redisConnectionFactory(PlatformSettings settings, ClientResources resources) {
        LettuceClientConfiguration client = LettuceClientConfiguration.builder()
                .clientResources(resources)
                .clientOptions(options())
                .commandTimeout(COMMAND_TIMEOUT)
                .build();
        return new LettuceConnectionFactory(
                LettuceConnectionFactory.createRedisConfiguration(settings.redisUrl()), client);
    }

    private static ClientOptions options() {
        return ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(Duration.ofSeconds(2))
                        .keepAlive(true)
                        .build())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build();
    }
}
