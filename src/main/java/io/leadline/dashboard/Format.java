package io.leadline.dashboard;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** How the dashboard writes captured values (times: the templates' app/time fragments). */
final class Format {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Format() {}

    /** A captured attribute's value as a person reads it: text as is, lists and objects as JSON. */
    static String value(Object v) {
        if (v == null) {
            return "—";
        }
        return v instanceof Map<?, ?> || v instanceof List<?> ? JSON.writeValueAsString(v) : String.valueOf(v);
    }
}
