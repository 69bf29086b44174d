package io.leadline.lead;

import io.leadline.platform.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;

/**
 * What a lead list asks for: filters, and the keyset cursor of the page before. {@code assignedTo} is
 * a person's id, or {@link #NOBODY} for leads assigned to nobody.
 */
record LeadFilter(
        String workspaceId,
        LeadStatus status,
        Channel channel,
        String source,
        String projectId,
        String tag,
        String assignedTo,
        OffsetDateTime createdAfter,
        OffsetDateTime createdBefore,
        String q,
        Cursor cursor) {

    /** Position after the last lead of a page: newest first, ties broken by id. */
    record Cursor(OffsetDateTime createdAt, long id) {

        String encode() {
            long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt.toInstant());
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((micros + ":" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String value) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8).split(":");
                Instant at = Instant.EPOCH.plus(Long.parseLong(parts[0]), ChronoUnit.MICROS);
                return new Cursor(OffsetDateTime.ofInstant(at, ZoneOffset.UTC), Long.parseLong(parts[1]));
            } catch (RuntimeException e) {
                throw ApiException.validation("cursor", "is not a cursor this API returned");
            }
        }
    }

    /** The {@code assignedTo} filter value of leads assigned to nobody. */
    static final String NOBODY = "none";

    /** The assignee filter as a request gives it: a person's id, {@code me} (the caller), {@code none}. */
    static String assignee(String value, String callerUserId) {
        String v = LeadRequests.trim(value);
        if (v == null) {
            return null;
        }
        if (v.equalsIgnoreCase("me")) {
            return callerUserId;
        }
        return v.equalsIgnoreCase(NOBODY) ? NOBODY : v;
    }

    static OffsetDateTime time(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        OffsetDateTime time = null;
        String v = value.trim();
        // With an offset; a date-time without one, or a date, is UTC (every time Leadline shows is).
        for (java.util.function.Function<String, OffsetDateTime> form :
                List.<java.util.function.Function<String, OffsetDateTime>>of(
                        OffsetDateTime::parse,
                        t -> java.time.LocalDateTime.parse(t).atOffset(ZoneOffset.UTC),
                        t -> java.time.LocalDate.parse(t).atStartOfDay().atOffset(ZoneOffset.UTC))) {
            try {
                time = form.apply(v);
                break;
            } catch (DateTimeParseException e) {
                // the next form
            }
        }
        if (time == null) {
            throw ApiException.validation(field, "must be an ISO-8601 date or date-time, e.g. 2026-01-31T00:00:00Z");
        }
        // The instant in UTC: PostgreSQL refuses offsets past ±15:59 that ISO-8601 (and Java) allow up
        // to ±18:00. Its year is what both databases can compare with (PostgreSQL's timestamps end in
        // the year 294276); a year within 1..9999 converts without overflow.
        if (time.getYear() < 1 || time.getYear() > 9999) {
            throw ApiException.validation(field, "must be a date between the years 1 and 9999");
        }
        OffsetDateTime utc = time.withOffsetSameInstant(ZoneOffset.UTC);
        if (utc.getYear() < 1 || utc.getYear() > 9999) {
            throw ApiException.validation(field, "must be a date between the years 1 and 9999");
        }
        // Times are kept to the microsecond. A finer bound is taken up to the next microsecond, which
        // keeps its meaning (a time at or after it, before it): PostgreSQL would round it to the
        // nearest one, and take a lead of 12:00:00.000001 as at or after 12:00:00.0000014, while H2
        // compares the nanoseconds.
        OffsetDateTime micros = utc.truncatedTo(ChronoUnit.MICROS);
        return micros.equals(utc) ? utc : micros.plus(1, ChronoUnit.MICROS);
    }
}
