package io.leadline.webhook;

import io.leadline.platform.Text;
import java.net.InetAddress;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends due deliveries, on any instance. Each round leases endpoints with due deliveries (so no two
 * instances send to one endpoint at once) and, for each, sends its due deliveries one after another
 * in the order they were written, on a thread of its own: endpoints do not wait for each other, so
 * a receiver that hangs holds back only its own events. A 2xx within the timeout is success;
 * anything else is retried with backoff until the retry window closes, then the delivery fails and
 * its endpoint is disabled with the reason. A 410 Gone is not retried: it disables the endpoint at
 * once. After a failure the endpoint's round ends (the rest wait for the next round), so a failing
 * receiver costs one timeout a round.
 */
@Component
class Deliverer implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Deliverer.class);
    /** Deliveries sent to one endpoint in one round, at most. */
    private static final int PER_ENDPOINT = 20;
    /** What a receiver answers to unsubscribe. */
    private static final int GONE = 410;

    private final WebhookRepository repository;
    private final WebhookSettings settings;
    private final WebhookClient http;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final String instance = io.leadline.platform.Ids.random(12);

    Deliverer(WebhookRepository repository, WebhookSettings settings) {
        this.repository = repository;
        this.settings = settings;
        this.http = new WebhookClient(settings, InetAddress::getAllByName);
    }

    @Override
    public void destroy() {
        http.close();
    }

    @Scheduled(fixedDelayString = "${leadline.webhooks.poll-interval}")
    void poll() {
        if (!settings.workerEnabled()) {
            return;
        }
        try {
            startRound();
        } catch (DataAccessException e) {
            log.warn("Webhook round skipped: {}", e.getMessage());
        }
    }

    /** Leases the endpoints that have due deliveries and starts sending to each; does not wait. */
    void startRound() {
        OffsetDateTime now = Webhooks.now();
        String owner = instance + ":" + io.leadline.platform.Ids.random(20);
        for (String endpoint :
                repository.leaseEndpoints(owner, now, now.plus(settings.lease()), settings.batchSize())) {
            senders.submit(() -> drain(endpoint, owner));
        }
    }

    /**
     * Sends the endpoint's due deliveries in order. The lease is renewed before each attempt for
     * {@code lease} (longer than an attempt may take), so a live sender keeps its endpoint however
     * long its round, and an instance that dies holds it at most one lease — then another instance
     * takes over. A sender that finds its lease gone (it stalled past it) stops at once. Each
     * attempt reads the endpoint afresh: disabled, deleted, given a new URL or a new secret while
     * an attempt was in flight, it gets the next one accordingly (nothing, or the new URL and secret).
     */
    private void drain(String endpointId, String owner) {
        try {
            for (int sent = 0; sent < PER_ENDPOINT; sent++) {
                List<WebhookRepository.Due> next = repository.dueFor(endpointId, Webhooks.now(), 1);
                if (next.isEmpty()) {
                    break;
                }
                WebhookRepository.Due due = next.getFirst();
                OffsetDateTime leaseUntil = Webhooks.now().plus(settings.lease());
                if (!repository.renewEndpoint(endpointId, owner, leaseUntil)
                        || !repository.startAttempt(due.id(), owner, leaseUntil)) {
                    break;
                }
                if (!send(due.nextAttempt(), owner)) {
                    break;
                }
            }
        } catch (DataIntegrityViolationException e) {
            // The endpoint was deleted while a delivery to it was in flight: nothing left to record.
            log.debug("Webhook endpoint {} deleted during its round", endpointId);
        } catch (RuntimeException e) {
            log.warn("Webhook round for endpoint {} stopped", endpointId, e);
        } finally {
            try {
                repository.releaseEndpoint(endpointId, owner);
            } catch (DataAccessException e) {
                log.debug("Webhook endpoint {} not released (its lease will expire): {}", endpointId, e.toString());
            }
        }
    }

    /** One attempt of {@code d}, recorded; whether the receiver took it. */
    private boolean send(WebhookRepository.Due d, String owner) {
        OffsetDateTime started = Webhooks.now();
        long t0 = System.nanoTime();
        WebhookClient.Answer answer = http.post(d, started.toEpochSecond());
        int latency = (int) ((System.nanoTime() - t0) / 1_000_000);
        Integer status = answer.status();
        String error = answer.error() == null
                ? null
                : Text.storable(
                        answer.error().substring(0, Math.min(answer.error().length(), 500)));
        repository.recordAttempt(d.id(), d.attempts(), started, status, latency, answer.excerpt(), error);
        OffsetDateTime now = Webhooks.now();
        if (status != null && status >= 200 && status < 300) {
            repository.succeed(d.id(), owner, status, now);
            return true;
        }
        String reason = error != null ? error : "HTTP " + status;
        if (status != null && status == GONE) {
            // The receiver's way of unsubscribing: no retries, and nothing more until someone enables
            // the endpoint again (the same state as after a whole retry window of failures).
            repository.fail(d.id(), owner, status, "HTTP 410 Gone", now);
            repository.disable(d.endpointId(), Endpoint.goneReason(now), now);
            log.warn("Webhook endpoint {} disabled: its receiver answered 410 Gone", d.endpointId());
        } else if (d.retryFrom().plus(settings.retryWindow()).isBefore(now)) {
            repository.fail(d.id(), owner, status, reason, now);
            repository.disable(
                    d.endpointId(),
                    "Deliveries kept failing for " + Endpoint.span(settings.retryWindow()) + " (last: " + reason + ")",
                    now);
            log.warn(
                    "Webhook endpoint {} disabled: delivery {} failed for the whole retry window",
                    d.endpointId(),
                    d.id());
        } else {
            repository.retryLater(
                    d.id(),
                    owner,
                    status,
                    reason,
                    now.plus(Endpoint.backoff(d.attempts(), settings.initialBackoff(), settings.maxBackoff())));
        }
        return false;
    }
}
