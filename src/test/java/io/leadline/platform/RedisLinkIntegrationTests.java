package io.leadline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testing.PostgresDatabase;
import io.leadline.testing.TcpProxy;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Redis connections made after the start, through a proxy the test cuts and restores. */
@ExtendWith(PostgresDatabase.class)
class RedisLinkIntegrationTests {

    /**
     * Redis is away at start; once it answers, the waiting actions run on the new connections. One of
     * them fails the first time (a subscribe that timed out): nothing is published half-done — the
     * next try runs every action again on fresh connections, and the ones published are open.
     */
    @Test
    void anActionThatFailsWhileConnectingIsRetriedOnFreshConnections() throws Exception {
        try (TcpProxy proxy = new TcpProxy(6379)) {
            proxy.cut();
            RedisURI uri = RedisURI.create("redis://127.0.0.1:" + proxy.port());
            uri.setTimeout(Duration.ofSeconds(1));
            RedisClient client = RedisClient.create(uri);
            try (RedisLink link = new RedisLink(client, Duration.ofMillis(100))) {
                AtomicBoolean failOnce = new AtomicBoolean(true);
                AtomicInteger subscribed = new AtomicInteger();
                AtomicInteger limiter = new AtomicInteger();
                link.whenSubscribable(c -> {
                    if (failOnce.getAndSet(false)) {
                        throw new RedisCommandTimeoutException("subscribe timed out");
                    }
                    subscribed.incrementAndGet();
                });
                link.whenConnected(c -> limiter.incrementAndGet());
                assertThat(link.commands()).isEmpty();

                proxy.restore();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (link.commands().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(link.commands()).isPresent();
                assertThat(link.commands().get().isOpen()).isTrue();
                assertThat(link.commands().get().sync().ping()).isEqualTo("PONG");
                assertThat(subscribed.get()).isEqualTo(1);
                assertThat(limiter.get()).as("ran on the published connections").isPositive();
                // Registered now: runs at once.
                AtomicBoolean late = new AtomicBoolean();
                link.whenConnected(c -> late.set(c.isOpen()));
                assertThat(late.get()).isTrue();
            } finally {
                client.shutdown();
            }
        }
    }
}
