package io.leadline.webhook;

import io.leadline.lead.LeadEvent;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A workspace's webhook endpoint and the rules of delivering to it.
 *
 * @param previousSecret the secret rotated out, still signing beside {@code secret} until {@code
 *     previousSecretExpiresAt}; both null when there is none (or its window has passed)
 */
public record Endpoint(
        String id,
        String workspaceId,
        String url,
        Set<String> events,
        String projectId,
        boolean enabled,
        String secret,
        String previousSecret,
        OffsetDateTime previousSecretExpiresAt,
        String disabledReason,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    /** Longest overlap a rotation may give the old secret: a week. */
    public static final int MAX_OLD_SECRET_HOURS = 168;
    /** The overlap when none is asked for. */
    public static final int DEFAULT_OLD_SECRET_HOURS = 24;

    /** This endpoint as it is read at {@code now}: an old secret past its window is no secret. */
    Endpoint at(OffsetDateTime now) {
        if (previousSecretExpiresAt == null || previousSecretExpiresAt.isAfter(now)) {
            return this;
        }
        return new Endpoint(
                id,
                workspaceId,
                url,
                events,
                projectId,
                enabled,
                secret,
                null,
                null,
                disabledReason,
                createdAt,
                updatedAt);
    }

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

    /** Why an endpoint whose receiver answered 410 Gone at {@code at} was disabled. */
    static String goneReason(OffsetDateTime at) {
        return "The receiver answered 410 Gone on " + GONE_TIME.format(at.withOffsetSameInstant(ZoneOffset.UTC))
                + ": it asked for no more deliveries. Enable it again to resume.";
    }

    private static final DateTimeFormatter GONE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

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
