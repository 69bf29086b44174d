package io.leadline.webhook;

import java.time.OffsetDateTime;

/** One event on its way to one endpoint, as the delivery log shows it. */
public record Delivery(
        long id,
        String endpointId,
        String eventId,
        String eventType,
        String leadId,
        String payload,
        String status,
        int attempts,
        OffsetDateTime nextAttemptAt,
        Integer lastStatusCode,
        String lastError,
        OffsetDateTime createdAt,
        OffsetDateTime completedAt) {}
