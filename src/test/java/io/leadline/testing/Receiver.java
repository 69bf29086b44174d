package io.leadline.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import java.util.function.Predicate;

/** A real HTTP server on 127.0.0.1 that records what it receives and answers as told. */
public final class Receiver implements AutoCloseable {

    /** One request as received. */
    public record Request(Map<String, List<String>> headers, String body, int answeredWith) {
        public String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().getFirst();
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile IntUnaryOperator status = n -> 200;
    private volatile String reply;
    private volatile Duration delay = Duration.ZERO;

    public Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            int answer = status.applyAsInt(count.incrementAndGet());
            requests.add(new Request(
                    Map.copyOf(exchange.getRequestHeaders()), new String(body, StandardCharsets.UTF_8), answer));
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] reply = (body() != null ? body() : "{\"received\":" + answer + "}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    /** The body of every answer from now on, instead of {@code {"received":<status>}}. */
    public Receiver replying(String body) {
        this.reply = body;
        return this;
    }

    private String body() {
        return reply;
    }

    /** Answers every request only after {@code delay} (a receiver that hangs), recording it at once. */
    public Receiver delaying(Duration delay) {
        this.delay = delay;
        return this;
    }

    /** Status for the n-th request (1-based). */
    public Receiver answering(IntUnaryOperator status) {
        this.status = status;
        return this;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** Waits until at least {@code n} requests match, or fails after the timeout. */
    public List<Request> await(int n, Predicate<Request> matching, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            List<Request> hits = requests.stream().filter(matching).toList();
            if (hits.size() >= n) {
                return hits;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("expected " + n + " matching requests within " + timeout + ", got "
                + requests.stream().filter(matching).count() + " of " + requests.size());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
