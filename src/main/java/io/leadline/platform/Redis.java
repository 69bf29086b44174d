package io.leadline.platform;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Redis, only when {@code REDIS_URL} is set: shared rate-limit buckets across instances. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${leadline.redis-url:}' != ''")
class Redis {

    @Bean(destroyMethod = "shutdown")
    RedisClient redisClient(PlatformSettings settings) {
        RedisURI uri = RedisURI.create(settings.redisUrl());
        uri.setTimeout(Duration.ofSeconds(2));
        return RedisClient.create(uri);
    }

    @Bean(destroyMethod = "close")
    StatefulRedisConnection<String, byte[]> redisConnection(RedisClient client) {
        return client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }
}
