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

    /**
     * Makes both connections and runs the waiting actions with them; the connections are published
     * only once every action has run. If Redis goes away in between (an action's command fails), both
     * are closed, the actions stay waiting, and the next try runs them all again on new connections —
     * so no user is left holding a closed connection.
     */
    private boolean tryConnect() {
        StatefulRedisConnection<String, byte[]> commands = null;
        StatefulRedisPubSubConnection<String, String> pubSub = null;
        try {
            commands = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
            pubSub = client.connectPubSub(StringCodec.UTF8);
            Connections made = new Connections(commands, pubSub);
            int ran = 0;
            while (true) {
                List<Consumer<Connections>> next;
                synchronized (this) {
                    if (closed) {
                        close(made);
                        return true;
                    }
                    if (ran == whenConnected.size()) {
                        // Every action ran on these connections: from now on, new ones run at once.
                        connections = made;
                        whenConnected.clear();
                        return true;
                    }
                    next = List.copyOf(whenConnected.subList(ran, whenConnected.size()));
                }
                for (Consumer<Connections> action : next) {
                    action.accept(made);
                    ran++;
                }
            }
        } catch (RuntimeException e) {
            // Whatever failed (Redis, or an action), the next try starts over: a scheduled retry that
            // threw would never run again.
            close(new Connections(commands, pubSub));
            if (e instanceof RedisException) {
                log.debug("Redis not reachable yet: {}", e.getMessage());
            } else {
                log.warn("Connecting to Redis failed; trying again", e);
            }
            return false;
        }
    }

    private static void close(Connections c) {
        if (c.pubSub() != null) {
            c.pubSub().close();
        }
        if (c.commands() != null) {
            c.commands().close();
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
