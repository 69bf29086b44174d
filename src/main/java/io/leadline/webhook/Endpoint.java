package io.leadline.webhook;

import io.leadline.lead.LeadEvent;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** A workspace's webhook endpoint and the rules of delivering to it. */
public record Endpoint(
        String id,
        String workspaceId,
        String url,
        Set<String> events,
        String projectId,
        boolean enabled,
        String secret,
        String disabledReason,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public static final List<String> EVENT_TYPES = List.of(
            LeadEvent.CREATED,
            LeadEvent.UPDATED,
            LeadEvent.MERGED,
            LeadEvent.STATUS_CHANGED,
            LeadEvent.DELETED,
            LeadEvent.WHATSAPP_MESSAGE);
    static final String TEST_EVENT = "webhook.test";

    /** The stored form of the event set, {@code ,a,b,}, so one LIKE finds subscribers. */
    static String storedEvents(Set<String> events) {
        return "," + String.join(",", events) + ",";
    }

    static Set<String> parseEvents(String stored) {
        Set<String> out = new LinkedHashSet<>();
        for (String e : stored.split(",")) {
            if (!e.isEmpty()) {
                out.add(e);
            }
        }
        return out;
    }

    /** A retry window in words: "24 h", "90 min", "40 s". */
    static String span(Duration window) {
        if (window.toMinutes() >= 60 && window.toMinutesPart() == 0 && window.toSecondsPart() == 0) {
            return window.toHours() + " h";
        }
        if (window.toSeconds() >= 60 && window.toSecondsPart() == 0) {
            return window.toMinutes() + " min";
        }
        return window.toSeconds() + " s";
    }

    /**
     * When to try again after {@code failures} failed attempts: exponential from the initial
     * backoff, capped, with ±20 % jitter so retries of many deliveries do not arrive together.
     */
    static Duration backoff(int failures, Duration initial, Duration max) {
        double exponential = initial.toMillis() * Math.pow(2, Math.max(0, failures - 1));
        double capped = Math.min(exponential, max.toMillis());
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis(Math.max(1, (long) (capped * jitter)));
    }
}
