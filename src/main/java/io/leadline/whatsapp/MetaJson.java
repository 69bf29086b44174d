package io.leadline.whatsapp;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Lenient reading of Meta's JSON: a missing or mistyped part reads as absent instead of failing the
 * whole notification. Texts come back trimmed, without NUL characters (PostgreSQL cannot store them)
 * and null when empty.
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
        String out = s.replace("\u0000", "").strip();
        return out.isEmpty() ? null : out;
    }

    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
