package io.leadline.platform;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadline's two Redis connections (commands, and the subscription cache invalidations arrive on),
 * made when Redis first answers: at start when it is there, else in the background once a second
 * until it is. An instance therefore starts, serves capture and the API on its own rate-limit
 * buckets and reports {@code redis: down} on readiness while Redis is unreachable — as it does
 * when Redis goes away later — instead of failing its start. Once made, Lettuce reconnects the
 * connections by itself.
 */
public final class RedisLink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
    static final Duration RETRY = Duration.ofSeconds(1);

    /** The connections, set once both are made. */
    record Connections(
            StatefulRedisConnection<String, byte[]> commands, StatefulRedisPubSubConnection<String, String> pubSub) {}

    private final RedisClient client;
    private final ScheduledExecutorService retries;
    private final List<Consumer<Connections>> whenConnected = new ArrayList<>();
    private volatile Connections connections;
    private boolean closed;

    /** Tries to connect for up to {@code startupWait}, then goes on trying in the background. */
    RedisLink(RedisClient client, Duration startupWait) throws InterruptedException {
        this.client = client;
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "leadline-redis-connect");
            t.setDaemon(true);
            return t;
        });
        long deadline = System.nanoTime() + startupWait.toNanos();
        while (!tryConnect()) {
            if (System.nanoTime() - deadline >= 0) {
                log.warn("Redis not reachable at start: starting without it (rate limits on this instance's own"
                        + " buckets, readiness reports redis down) and connecting once it answers");
                retries.scheduleWithFixedDelay(this::retry, RETRY.toMillis(), RETRY.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            Thread.sleep(RETRY.toMillis());
        }
    }

    /** The command connection, when Redis has answered since the start. */
    public Optional<StatefulRedisConnection<String, byte[]>> commands() {
        Connections c = connections;
        return c == null ? Optional.empty() : Optional.of(c.commands());
    }

    /**
     * Runs {@code action} with the command connection now if Redis has answered, else once it does
     * (on the thread that connects).
     */
    public void whenConnected(Consumer<StatefulRedisConnection<String, byte[]>> action) {
        onConnections(c -> action.accept(c.commands()));
    }

    /** Runs {@code action} with the subscription connection now, or once Redis answers. */
    void whenSubscribable(Consumer<StatefulRedisPubSubConnection<String, String>> action) {
        onConnections(c -> action.accept(c.pubSub()));
    }

    private void onConnections(Consumer<Connections> action) {
        Connections now;
        synchronized (this) {
            now = connections;
            if (now == null) {
                whenConnected.add(action);
                return;
            }
        }
        action.accept(now);
    }

    private void retry() {
        if (connections != null || !tryConnect()) {
            return;
        }
        log.info("Redis answers now: rate limits, sessions and cache invalidations are shared again");
        retries.shutdown();
    }

    private boolean tryConnect() {
        StatefulRedisConnection<String, byte[]> commands = null;
        try {
            commands = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
            StatefulRedisPubSubConnection<String, String> pubSub = client.connectPubSub(StringCodec.UTF8);
            Connections made = new Connections(commands, pubSub);
            List<Consumer<Connections>> waiting;
            synchronized (this) {
                if (closed) {
                    commands.close();
                    pubSub.close();
                    return true;
                }
                connections = made;
                waiting = List.copyOf(whenConnected);
                whenConnected.clear();
            }
            waiting.forEach(action -> action.accept(made));
            return true;
        } catch (RedisException e) {
            if (commands != null) {
                commands.close();
            }
            log.debug("Redis not reachable yet: {}", e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        retries.shutdownNow();
        Connections c;
        synchronized (this) {
            closed = true;
            c = connections;
        }
        if (c != null) {
            c.pubSub().close();
            c.commands().close();
        }
    }
}
