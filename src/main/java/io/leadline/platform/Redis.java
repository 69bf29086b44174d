package io.leadline.platform;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
    static final Duration STARTUP_WAIT = Duration.ofSeconds(5);

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
     * The command and subscription connections. Redis may come up after Leadline, or be away at
     * start: the connections are tried for up to {@link #STARTUP_WAIT}, then the start goes on
     * without them and they are made in the background once Redis answers (see {@link RedisLink}).
     */
    @Bean(destroyMethod = "close")
    RedisLink redisLink(RedisClient client) throws InterruptedException {
        return new RedisLink(client, STARTUP_WAIT);
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
