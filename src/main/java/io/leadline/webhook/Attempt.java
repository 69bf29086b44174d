package io.leadline.webhook;

import java.time.OffsetDateTime;

/** One try at sending a delivery: when, what came back (truncated) and how long it took. */
public record Attempt(
        int attempt,
        OffsetDateTime attemptedAt,
        Integer statusCode,
        int latencyMs,
        String responseExcerpt,
        String error) {}
