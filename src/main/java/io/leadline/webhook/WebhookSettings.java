package io.leadline.webhook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param allowPrivate deliver to loopback/private/link-local addresses ({@code LEADLINE_WEBHOOKS_ALLOW_PRIVATE})
 * @param allowHttp accept {@code http://} endpoint URLs, not only https ({@code LEADLINE_WEBHOOKS_ALLOW_HTTP})
 * @param workerEnabled whether this instance sends deliveries (every instance may)
 * @param pollInterval how often the worker looks for due deliveries
 * @param batchSize endpoints leased per round (each then gets up to 20 of its due deliveries, in order)
 * @param requestTimeout a delivery succeeds only with a 2xx within this time
 * @param lease how long a leased endpoint stays one instance's without a sign of life: its sender
 *     renews it before each attempt, so it must exceed {@code requestTimeout}; an instance that dies
 *     holds its endpoints at most this long
 * @param initialBackoff wait after the first failure; doubled after each further one
 * @param maxBackoff longest wait between attempts
 * @param retryWindow how long a delivery is retried before it is marked failed
 */
@ConfigurationProperties("leadline.webhooks")
record WebhookSettings(
        boolean allowPrivate,
        boolean allowHttp,
        boolean workerEnabled,
        Duration pollInterval,
        int batchSize,
        Duration requestTimeout,
        Duration lease,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration retryWindow) {

    WebhookSettings {
        if (lease != null && requestTimeout != null && lease.compareTo(requestTimeout.plusSeconds(2)) < 0) {
            throw new IllegalArgumentException("leadline.webhooks.lease (" + lease + ") must exceed request-timeout ("
                    + requestTimeout + ") by at least 2 s: a sender renews it once per attempt");
        }
    }
}
