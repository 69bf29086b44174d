package io.leadline.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testing.Receiver;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One delivery attempt over real HTTP to a receiver on 127.0.0.1, with a fake DNS in front of it:
 * {@code rebind.test} answers as each test tells.
 */
class WebhookClientTests {

    Receiver receiver;
    List<String> asked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void aNameThatAnswersPublicForTheCheckAndLoopbackForTheConnectionIsNeverConnectedTo() throws Exception {
        OutboundUrls.Lookup rebinding = host -> {
            asked.add(host);
            return new InetAddress[] {InetAddress.getByName(asked.size() == 1 ? "93.184.216.34" : "127.0.0.1")};
        };
        try (WebhookClient client = new WebhookClient(settings(false, Duration.ofSeconds(5)), rebinding)) {
            WebhookClient.Answer answer = client.post(due(at("rebind.test")), now());

            assertThat(answer)
                    .isEqualTo(new WebhookClient.Answer(null, null, "URL refused: " + OutboundUrls.PRIVATE_ADDRESS));
        }
        assertThat(asked).as("checked, then resolved again to connect").containsExactly("rebind.test", "rebind.test");
        Thread.sleep(200);
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void anIpLiteralIsCheckedAgainWhenConnectingToo() throws Exception {
        // Contrived (a literal cannot change), but it shows the connection does not bypass the check.
        OutboundUrls.Lookup flipping = host -> {
            asked.add(host);
            return new InetAddress[] {InetAddress.getByName(asked.size() == 1 ? "93.184.216.34" : host)};
        };
        try (WebhookClient client = new WebhookClient(settings(false, Duration.ofSeconds(5)), flipping)) {
            WebhookClient.Answer answer = client.post(due(receiver.url("/hook")), now());

            assertThat(answer.error()).isEqualTo("URL refused: resolves to a private or local address");
        }
        assertThat(asked).containsExactly("127.0.0.1", "127.0.0.1");
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void withPrivateAddressesAllowedTheSameNameGetsTheDocumentedRequest() throws Exception {
        WebhookRepository.Due due = due(at("rebind.test"));
        long unix = now();
        try (WebhookClient client = new WebhookClient(settings(true, Duration.ofSeconds(5)), loopback())) {
            WebhookClient.Answer answer = client.post(due, unix);

            assertThat(answer).isEqualTo(new WebhookClient.Answer(200, "{\"received\":200}", null));
        }
        Receiver.Request got = receiver.requests().getFirst();
        assertThat(got.body()).isEqualTo(due.payload());
        assertThat(got.header("Content-Type")).isEqualTo("application/json");
        assertThat(got.header("User-Agent")).isEqualTo("Leadline-Webhooks/1");
        assertThat(got.header("Leadline-Event-Id")).isEqualTo("evt_test");
        assertThat(got.header("Leadline-Event-Type")).isEqualTo("lead.created");
        assertThat(got.header("Leadline-Delivery-Id")).isEqualTo("42");
        assertThat(got.header("Leadline-Signature")).isEqualTo(Signatures.header(due.secret(), unix, due.payload()));
        assertThat(got.header("Accept-Encoding")).isNull();
        assertThat(got.header("Host")).isEqualTo("rebind.test:" + port(receiver));
    }

    @Test
    void anAnswerIsKeptToItsFirstThousandBytesAndErrorStatusesAreNotRetriedByTheClient() throws Exception {
        receiver.answering(n -> 503).replying("x".repeat(50_000));
        try (WebhookClient client = new WebhookClient(settings(true, Duration.ofSeconds(5)), loopback())) {
            WebhookClient.Answer answer = client.post(due(at("rebind.test")), now());

            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.excerpt()).isEqualTo("x".repeat(WebhookClient.EXCERPT));
            assertThat(answer.error()).isNull();
        }
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void aReceiverThatDoesNotAnswerInTimeIsATimeout() throws Exception {
        receiver.delaying(Duration.ofSeconds(5));
        try (WebhookClient client = new WebhookClient(settings(true, Duration.ofSeconds(1)), loopback())) {
            WebhookClient.Answer answer = client.post(due(at("rebind.test")), now());

            assertThat(answer).isEqualTo(new WebhookClient.Answer(null, null, "Timed out after 1 s"));
        }
    }

    @Test
    void aReceiverThatAnswersByteByByteIsCutAtTheRequestTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                WebhookClient client = new WebhookClient(settings(true, Duration.ofSeconds(1)), loopback())) {
            Thread.ofVirtual().start(() -> drip(server));
            String url = "http://rebind.test:" + server.getLocalPort() + "/hook";
            long started = System.nanoTime();

            WebhookClient.Answer answer = client.post(due(url), now());

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
            assertThat(answer).isEqualTo(new WebhookClient.Answer(200, null, "Timed out after 1 s"));
        }
    }

    @Test
    void aNameServerThatDoesNotAnswerTheCheckEndsTheAttemptAtTheRequestTimeout() throws Exception {
        try (WebhookClient client = new WebhookClient(settings(false, Duration.ofSeconds(1)), silent())) {
            long started = System.nanoTime();

            WebhookClient.Answer answer = client.post(due(at("rebind.test")), now());

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
            assertThat(answer)
                    .isEqualTo(new WebhookClient.Answer(null, null, "Timed out after 1 s resolving the host name"));
        }
        assertThat(asked).containsExactly("rebind.test");
    }

    @Test
    void aNameServerThatDoesNotAnswerTheConnectionEndsTheAttemptAtTheRequestTimeout() throws Exception {
        // Private addresses allowed: no check before connecting, the connection's lookup is the only one.
        try (WebhookClient client = new WebhookClient(settings(true, Duration.ofSeconds(1)), silent())) {
            long started = System.nanoTime();

            WebhookClient.Answer answer = client.post(due(at("rebind.test")), now());

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
            assertThat(answer)
                    .isEqualTo(new WebhookClient.Answer(null, null, "Timed out after 1 s resolving the host name"));
        }
        assertThat(receiver.requests()).isEmpty();
    }

    /** A DNS that answers after 5 s (a name server that drops queries makes the resolver wait longer). */
    private OutboundUrls.Lookup silent() {
        return host -> {
            asked.add(host);
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new InetAddress[] {InetAddress.getLoopbackAddress()};
        };
    }

    /** Answers 200 with a 100-byte body, one byte every 200 ms: each read is quick, the whole is not. */
    private static void drip(ServerSocket server) {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            in.read(new byte[8192]);
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 100; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(200);
            }
        } catch (Exception e) {
            // the client hung up, as it should
        }
    }

    private String at(String host) {
        return "http://" + host + ":" + port(receiver) + "/hook";
    }

    private static int port(Receiver receiver) {
        return URI.create(receiver.url("/")).getPort();
    }

    private OutboundUrls.Lookup loopback() {
        return host -> {
            asked.add(host);
            return new InetAddress[] {InetAddress.getLoopbackAddress()};
        };
    }

    private static long now() {
        return OffsetDateTime.now().toEpochSecond();
    }

    private static WebhookRepository.Due due(String url) {
        return new WebhookRepository.Due(
                42,
                "evt_test",
                "lead.created",
                "{\"id\":\"evt_test\",\"type\":\"lead.created\"}",
                1,
                OffsetDateTime.now(),
                "wh_test",
                url,
                "whsec_test",
                null);
    }

    private static WebhookSettings settings(boolean allowPrivate, Duration requestTimeout) {
        return new WebhookSettings(
                allowPrivate,
                true,
                true,
                Duration.ofSeconds(1),
                50,
                requestTimeout,
                Duration.ofSeconds(60),
                Duration.ofSeconds(10),
                Duration.ofHours(1),
                Duration.ofHours(24));
    }
}
