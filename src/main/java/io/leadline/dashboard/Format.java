package io.leadline.dashboard;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** How the dashboard writes times (UTC, to the minute) and captured values. */
final class Format {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Format() {}

    static String time(OffsetDateTime t) {
        return t == null ? "" : t.withOffsetSameInstant(ZoneOffset.UTC).format(TIME);
    }

    /** A captured attribute's value as a person reads it: text as is, lists and objects as JSON. */
    static String value(Object v) {
        if (v == null) {
            return "—";
        }
        return v instanceof Map<?, ?> || v instanceof List<?> ? JSON.writeValueAsString(v) : String.valueOf(v);
    }
}
