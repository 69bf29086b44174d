package io.leadline.platform;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells every instance that data behind its caches changed. A topic is the name of the table
 * whose rows changed ({@code api_keys}, {@code users}, {@code projects}); modules that cache
 * answers built from a table register a listener for it with {@link #on}, and modules that change
 * the table {@link #publish} it.
 *
 * <p>A publication runs this instance's listeners synchronously (after the surrounding
 * transaction commits, if there is one) and, when {@code REDIS_URL} is set, reaches the other
 * instances through Redis pub/sub within milliseconds. A message can be lost (Redis away, a
 * connection cut): listeners then run for every topic when the subscription is made again, and
 * caches keep answers only for {@link LookupCache#TTL}, which bounds staleness either way.
 */
@Component
public class Invalidations {

    private static final Logger log = LoggerFactory.getLogger(Invalidations.class);
    static final String CHANNEL = "leadline:invalidate";

    private final Map<String, List<Runnable>> listeners = new ConcurrentHashMap<>();
    /** Where publications go; null without Redis. */
    private final RedisLink redis;

    Invalidations(ObjectProvider<RedisLink> redis) {
        this.redis = redis.getIfAvailable();
        if (this.redis != null) {
            this.redis.whenSubscribable(this::listen);
        }
    }

    /** Listens on the subscription connection (now, or once Redis first answers). */
    private void listen(StatefulRedisPubSubConnection<String, String> connection) {
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String topic) {
                runListeners(topic);
            }

            // Also after every reconnection: whatever was published meanwhile never arrived.
            @Override
            public void subscribed(String channel, long count) {
                listeners.keySet().forEach(Invalidations.this::runListeners);
                log.info("Listening for cache invalidations from other instances; local caches cleared");
            }
        });
        connection.sync().subscribe(CHANNEL);
    }

    /** Runs {@code clear} whenever {@code topic} is published here or on another instance. */
    public void on(String topic, Runnable clear) {
        listeners.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(clear);
    }

    /**
     * Announces that rows of {@code topic} changed: at once when called outside a transaction,
     * else once the transaction has committed (and not at all if it rolls back).
     */
    public void publish(String topic) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    announce(topic);
                }
            });
        } else {
            announce(topic);
        }
    }

    private void announce(String topic) {
        runListeners(topic);
        if (redis == null) {
            return;
        }
        try {
            StatefulRedisConnection<String, byte[]> connection = redis.commands()
                    .orElseThrow(() -> new IllegalStateException("Redis has not answered since the start"));
            connection.sync().publish(CHANNEL, topic.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            log.warn(
                    "Could not tell the other instances that {} changed; their caches catch up within {}: {}",
                    topic,
                    LookupCache.TTL,
                    e.toString());
        }
    }

    private void runListeners(String topic) {
        listeners.getOrDefault(topic, List.of()).forEach(Runnable::run);
    }
}
