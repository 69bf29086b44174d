package io.leadline.webhook;

import io.leadline.platform.Text;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP side of a delivery attempt: one signed POST, sent only to an address that {@link
 * OutboundUrls} allows at the moment of connecting (its {@link OutboundUrls.Resolver} is the
 * client's DNS), never following a redirect, answered within the request timeout or not at all —
 * DNS included: both lookups of an attempt (the check, then the connection's) wait only for what is
 * left of it.
 */
final class WebhookClient implements AutoCloseable {

    /** Bytes of an answer that are kept. */
    static final int EXCERPT = 1000;

    /**
     * What came of one attempt: the status when the receiver answered (the excerpt of its body with
     * it), the error otherwise, or both when reading the answer failed.
     */
    record Answer(Integer status, String excerpt, String error) {}

    private final WebhookSettings settings;
    /** The lookup of an attempt, bounded by its deadline. */
    private final OutboundUrls.Lookup lookup;
    /**
     * When the attempt on this thread must end ({@link System#nanoTime}). The classic client
     * resolves on the thread that sends, so the connection's lookup sees its attempt's deadline.
     */
    private final ThreadLocal<Long> until = new ThreadLocal<>();

    private final CloseableHttpClient http;
    /** Cancels attempts that outlive the request timeout (see {@link #post}). */
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().name("webhook-deadlines").daemon().factory());

    WebhookClient(WebhookSettings settings, OutboundUrls.Lookup lookup) {
        this.settings = settings;
        this.lookup = OutboundUrls.bounded(lookup, this::left);
        // A finished attempt's deadline leaves the queue at once rather than holding its request.
        deadlines.setRemoveOnCancelPolicy(true);
        Timeout timeout = Timeout.of(settings.requestTimeout());
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new OutboundUrls.Resolver(settings.allowPrivate(), this.lookup))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(5))
                                .setSocketTimeout(timeout)
                                // A kept-alive connection the receiver closed meanwhile would fail the
                                // attempt: check one that sat idle before sending on it.
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                                .build())
                        // Senders, not the pool, bound the connections (one sender per endpoint at a
                        // time); a limit here would make deliveries to a busy host wait for each other.
                        .setMaxConnTotal(Integer.MAX_VALUE)
                        .setMaxConnPerRoute(Integer.MAX_VALUE)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(timeout)
                        .setResponseTimeout(timeout)
                        .build())
                .evictIdleConnections(TimeValue.ofSeconds(30))
                // A redirect is an answer (a failed attempt), not an instruction; a 429 or 503 is
                // retried by the delivery's own backoff; a receiver gets only the headers below.
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .build();
    }

    /** Sends {@code d}, signed at {@code unix} seconds. Never throws for what the receiver does. */
    Answer post(WebhookRepository.Due d, long unix) {
        until.set(System.nanoTime() + settings.requestTimeout().toNanos());
        try {
            return send(d, unix);
        } finally {
            until.remove();
        }
    }

    private Duration left() {
        Long end = until.get();
        return end == null ? settings.requestTimeout() : Duration.ofNanos(end - System.nanoTime());
    }

    private Answer send(WebhookRepository.Due d, long unix) {
        String problem = OutboundUrls.problem(d.url(), settings.allowHttp(), settings.allowPrivate(), lookup);
        if (problem != null) {
            return new Answer(
                    null, null, problem.equals(OutboundUrls.SLOW_LOOKUP) ? slowDns() : "URL refused: " + problem);
        }
        HttpPost request = new HttpPost(URI.create(d.url()));
        request.setHeader("Content-Type", "application/json");
        request.setHeader("User-Agent", "Leadline-Webhooks/1");
        request.setHeader("Leadline-Event-Id", d.eventId());
        request.setHeader("Leadline-Event-Type", d.eventType());
        request.setHeader("Leadline-Delivery-Id", Long.toString(d.id()));
        request.setHeader("Leadline-Signature", Signatures.header(d.signingSecrets(), unix, d.payload()));
        request.setEntity(new ByteArrayEntity(d.payload().getBytes(StandardCharsets.UTF_8), null));
        // The timeouts above bound each step; this bounds the whole attempt, connecting included, so
        // that a receiver cannot keep a sender (and its endpoint's lease) by answering byte by byte.
        ScheduledFuture<?> deadline =
                deadlines.schedule(request::cancel, Math.max(0, left().toNanos()), TimeUnit.NANOSECONDS);
        Integer status = null;
        try {
            CloseableHttpResponse response = CloseableHttpResponse.adapt(http.executeOpen(null, request, null));
            boolean readToEnd = false;
            try {
                status = response.getCode();
                HttpEntity entity = response.getEntity();
                byte[] excerpt = new byte[0];
                if (entity == null) {
                    readToEnd = true;
                } else {
                    InputStream body = entity.getContent();
                    excerpt = body.readNBytes(EXCERPT);
                    readToEnd = body.read() == -1;
                }
                // What a receiver answers is recorded, not accepted: whatever bytes it sent (NUL
                // included, which PostgreSQL cannot store) must not stop the attempt's row.
                return new Answer(status, Text.storable(new String(excerpt, StandardCharsets.UTF_8)), null);
            } finally {
                // A graceful close reads the rest of the answer to keep the connection; the rest of a
                // longer answer is not wanted, so that connection is dropped instead.
                response.close(readToEnd ? CloseMode.GRACEFUL : CloseMode.IMMEDIATE);
            }
        } catch (OutboundUrls.SlowLookup e) {
            return new Answer(null, null, slowDns());
        } catch (OutboundUrls.Refused e) {
            return new Answer(null, null, "URL refused: " + e.getMessage());
        } catch (SocketTimeoutException e) {
            return new Answer(status, null, timedOut());
        } catch (IOException | RuntimeException e) {
            if (request.isCancelled()) {
                return new Answer(status, null, timedOut());
            }
            return new Answer(
                    status, null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } finally {
            deadline.cancel(false);
        }
    }

    private String timedOut() {
        return "Timed out after " + settings.requestTimeout().toSeconds() + " s";
    }

    private String slowDns() {
        return timedOut() + " resolving the host name";
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        http.close(CloseMode.GRACEFUL);
    }
}
