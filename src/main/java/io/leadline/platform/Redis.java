package io.leadline.platform;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Redis, only when {@code REDIS_URL} is set: shared rate-limit buckets and dashboard sessions
 * across instances. The
 * connection reconnects by itself; while it is down commands fail at once instead of queueing (so
 * callers fall back without waiting), and a command on a silent connection gives up after
 * {@link #COMMAND_TIMEOUT}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${leadline.redis-url:}' != ''")
class Redis {

    static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);

    /** Reconnects every 100 ms at first and at least once a second, so recovery takes about a second. */
    @Bean(destroyMethod = "shutdown")
    ClientResources redisResources() {
        return DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
    }

    @Bean(destroyMethod = "shutdown")
    RedisClient redisClient(PlatformSettings settings, ClientResources resources) {
        RedisURI uri = RedisURI.create(settings.redisUrl());
        uri.setTimeout(COMMAND_TIMEOUT);
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(options());
        return client;
    }

    @Bean(destroyMethod = "close")
    StatefulRedisConnection<String, byte[]> redisConnection(RedisClient client) {
        return client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
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
                        .connectTimeout(Duration.ofSeconds(1))
                        .keepAlive(true)
                        .build())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build();
    }
}
