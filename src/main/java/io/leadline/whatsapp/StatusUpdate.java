package io.leadline.whatsapp;

import static io.leadline.whatsapp.MetaJson.clip;
import static io.leadline.whatsapp.MetaJson.text;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * What Meta reports about a message: {@code sent}, {@code delivered}, {@code read} or {@code
 * failed} (with {@code errors}). Statuses never create leads; they are kept only for messages
 * Leadline has stored.
 *
 * @param messageId the message the status is about
 * @param errors Meta's {@code errors} array, empty when there are none
 */
record StatusUpdate(String messageId, String status, String recipientId, OffsetDateTime at, List<JsonNode> errors) {

    /** The status, or null when it names no message or no status. */
    static StatusUpdate of(JsonNode status) {
        String id = text(status, "id");
        String value = text(status, "status");
        if (id == null || id.length() > InboundMessage.MAX_ID || value == null) {
            return null;
        }
        return new StatusUpdate(
                id,
                clip(value.toLowerCase(Locale.ROOT), 32),
                clip(text(status, "recipient_id"), 32),
                MetaJson.time(status, "timestamp"),
                MetaJson.objects(status, "errors"));
    }
}
