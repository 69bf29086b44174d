package io.leadline.whatsapp;

import java.util.List;

/**
 * Notifications shaped as Meta's WhatsApp Cloud API sends them (Graph API webhooks, field {@code
 * messages}), for tests. Texts given here must not need JSON escaping.
 */
final class Meta {

    static final String BUSINESS_ACCOUNT_ID = "102290129340398";
    static final String PHONE_NUMBER_ID = "106540352242922";
    static final String TIMESTAMP = "1749416383";

    private Meta() {}

    /** One entry with one {@code messages} change carrying these contacts, messages and statuses. */
    static String notification(List<String> contacts, List<String> messages, List<String> statuses) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"" + BUSINESS_ACCOUNT_ID
                + "\",\"changes\":[" + change(contacts, messages, statuses) + "]}]}";
    }

    /** Several entries (as Meta batches them), each given as the JSON of its changes array's items. */
    static String entries(String... changes) {
        StringBuilder out = new StringBuilder("{\"object\":\"whatsapp_business_account\",\"entry\":[");
        for (int i = 0; i < changes.length; i++) {
            out.append(i == 0 ? "" : ",")
                    .append("{\"id\":\"")
                    .append(BUSINESS_ACCOUNT_ID)
                    .append("\",\"changes\":[")
                    .append(changes[i])
                    .append("]}");
        }
        return out.append("]}").toString();
    }

    static String change(List<String> contacts, List<String> messages, List<String> statuses) {
        StringBuilder value = new StringBuilder("{\"messaging_product\":\"whatsapp\",\"metadata\":"
                + "{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"" + PHONE_NUMBER_ID + "\"}");
        if (!contacts.isEmpty()) {
            value.append(",\"contacts\":[").append(String.join(",", contacts)).append("]");
        }
        if (!messages.isEmpty()) {
            value.append(",\"messages\":[").append(String.join(",", messages)).append("]");
        }
        if (!statuses.isEmpty()) {
            value.append(",\"statuses\":[").append(String.join(",", statuses)).append("]");
        }
        return "{\"value\":" + value.append("}") + ",\"field\":\"messages\"}";
    }

    /** A text message from {@code waId} with the sender's profile. */
    static String textFrom(String waId, String name, String messageId, String body) {
        return notification(List.of(contact(waId, name)), List.of(text(waId, messageId, body)), List.of());
    }

    /**
     * A text from a user who adopted a username: Meta names them by their business-scoped user id,
     * and by their number too only when {@code waId} is not null.
     */
    static String textFromUser(
            String userId, String waId, String name, String username, String messageId, String body) {
        String contact = "{\"profile\":{\"name\":\"" + name + "\",\"username\":\"" + username + "\"},"
                + (waId == null ? "" : "\"wa_id\":\"" + waId + "\",") + "\"user_id\":\"" + userId
                + "\",\"country_code\":\"US\"}";
        String message = "{" + (waId == null ? "" : "\"from\":\"" + waId + "\",") + "\"from_user_id\":\"" + userId
                + "\",\"id\":\"" + messageId + "\",\"timestamp\":\"" + TIMESTAMP
                + "\",\"type\":\"text\",\"text\":{\"body\":\"" + body + "\"}}";
        return notification(List.of(contact), List.of(message), List.of());
    }

    static String contact(String waId, String name) {
        return "{\"profile\":{\"name\":\"" + name + "\"},\"wa_id\":\"" + waId + "\"}";
    }

    static String text(String from, String id, String body) {
        return message(from, id, "text", "\"text\":{\"body\":\"" + body + "\"}");
    }

    static String image(String from, String id, String caption, String mediaId) {
        return message(
                from,
                id,
                "image",
                "\"image\":{\"caption\":\"" + caption + "\",\"mime_type\":\"image/jpeg\",\"sha256\":"
                        + "\"HOzJ0IrvCwjYEZmPf0TyydLdjiI7VXFUp4jrqGebGqU=\",\"id\":\"" + mediaId + "\"}");
    }

    static String buttonReply(String from, String id, String replyId, String title) {
        return message(
                from,
                id,
                "interactive",
                "\"context\":{\"from\":\"15550783881\",\"id\":\"wamid.HBgLMTU1NTA3ODM4ODEVAgARGBI0QkQ5RjQ0NzNEMEIxQjI1AA==\"},"
                        + "\"interactive\":{\"type\":\"button_reply\",\"button_reply\":{\"id\":\"" + replyId
                        + "\",\"title\":\"" + title + "\"}}");
    }

    static String location(String from, String id, String latitude, String longitude, String name, String address) {
        return message(
                from,
                id,
                "location",
                "\"location\":{\"address\":\"" + address + "\",\"latitude\":" + latitude + ",\"longitude\":" + longitude
                        + ",\"name\":\"" + name + "\",\"url\":\"https://foursquare.com/v/4a6d9f8af964a520e0d41fe3\"}");
    }

    static String message(String from, String id, String type, String content) {
        return "{\"from\":\"" + from + "\",\"id\":\"" + id + "\",\"timestamp\":\"" + TIMESTAMP + "\",\"type\":\"" + type
                + "\"," + content + "}";
    }

    static String status(String messageId, String status, String recipient) {
        return "{\"id\":\"" + messageId + "\",\"status\":\"" + status + "\",\"timestamp\":\"1749416400\","
                + "\"recipient_id\":\"" + recipient
                + "\",\"conversation\":{\"id\":\"b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6\","
                + "\"origin\":{\"type\":\"service\"}},\"pricing\":{\"billable\":true,\"pricing_model\":\"PMP\","
                + "\"category\":\"service\"}}";
    }

    static String failed(String messageId, String recipient) {
        return "{\"id\":\"" + messageId + "\",\"status\":\"failed\",\"timestamp\":\"1749416410\","
                + "\"recipient_id\":\"" + recipient + "\",\"errors\":[{\"code\":131047,\"title\":\"Re-engagement"
                + " message\",\"message\":\"Re-engagement message\",\"error_data\":{\"details\":\"Message failed"
                + " to send because more than 24 hours have passed since the customer last replied to this"
                + " number.\"}}]}";
    }
}
