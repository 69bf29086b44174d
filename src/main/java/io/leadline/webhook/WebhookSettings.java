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
 * @param lease how long a leased endpoint belongs to one instance before another may take it (its sender
 *     stops starting attempts at half of it)
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
        Duration retryWindow) {}
