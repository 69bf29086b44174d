package io.leadline.whatsapp;

import io.leadline.platform.Text;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lenient reading of Meta's JSON: a missing or mistyped part reads as absent instead of failing the
 * whole notification. Texts come back trimmed, without NUL characters (PostgreSQL cannot store them),
 * with unpaired surrogates replaced by U+FFFD (not Unicode; PostgreSQL would keep a "?") and null
 * when empty.
 */
final class MetaJson {

    private MetaJson() {}

    /** The text at {@code path} under {@code node}; numbers and booleans read as their text. */
    static String text(JsonNode node, String... path) {
        JsonNode at = node;
        for (String field : path) {
            if (at == null || !at.isObject()) {
                return null;
            }
            at = at.get(field);
        }
        if (at == null || !(at.isString() || at.isNumber() || at.isBoolean())) {
            return null;
        }
        return clean(at.asString());
    }

    /**
     * JSON that Meta sends as text inside a message (a Flow's {@code response_json}); null when it is
     * not JSON. Numbers keep their exact value, as in the notification itself.
     */
    static JsonNode parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return EMBEDDED.readTree(json);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static final JsonMapper EMBEDDED = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    static boolean flag(JsonNode node, String field) {
        JsonNode at = node == null ? null : node.get(field);
        return at != null && at.isBoolean() && at.booleanValue();
    }

    /** The objects of the array at {@code field}; empty when it is absent or not an array. */
    static List<JsonNode> objects(JsonNode node, String field) {
        JsonNode at = node == null || !node.isObject() ? null : node.get(field);
        List<JsonNode> out = new ArrayList<>();
        if (at != null && at.isArray()) {
            for (JsonNode item : at) {
                if (item.isObject()) {
                    out.add(item);
                }
            }
        }
        return out;
    }

    /** Meta's timestamps are Unix seconds as a string; null when absent or unreadable. */
    static OffsetDateTime time(JsonNode node, String field) {
        String seconds = text(node, field);
        if (seconds == null || !seconds.matches("[0-9]{1,12}")) {
            return null;
        }
        return OffsetDateTime.ofInstant(Instant.ofEpochSecond(Long.parseLong(seconds)), ZoneOffset.UTC);
    }

    static String clean(String s) {
        if (s == null) {
            return null;
        }
        String out = Text.storable(s).strip();
        return out.isEmpty() ? null : out;
    }

    /** Longest text kept in a bounded copy: Meta's own limit for a text message's body. */
    static final int MAX_TEXT = 4096;

    /** Most items of one array kept in a bounded copy. */
    static final int MAX_ITEMS = 100;

    /**
     * A copy of {@code node} fit for a lead's timeline and for webhook events, which are read far
     * more often than written: every text clipped to {@value #MAX_TEXT} characters and made
     * storable, every array to its first {@value #MAX_ITEMS} items. The message as received stays
     * whole in {@code whatsapp_messages}.
     */
    static JsonNode bounded(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isString()) {
            return NODES.stringNode(Text.storable(clip(node.asString(), MAX_TEXT)));
        }
        if (node.isObject()) {
            ObjectNode out = NODES.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                out.set(Text.storable(clip(field.getKey(), 255)), bounded(field.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            for (int i = 0; i < Math.min(node.size(), MAX_ITEMS); i++) {
                out.add(bounded(node.get(i)));
            }
            return out;
        }
        return node;
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
