package io.leadline.whatsapp;

import static io.leadline.whatsapp.MetaJson.clip;
import static io.leadline.whatsapp.MetaJson.objects;
import static io.leadline.whatsapp.MetaJson.text;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The parts of one webhook notification Leadline acts on: the messages and statuses of every
 * {@code entry[].changes[]} whose {@code field} is {@code messages}, in order. Any other {@code
 * object} makes the whole notification irrelevant; other fields (template updates, account events)
 * are skipped, and so are messages or statuses without the ids Leadline needs.
 *
 * @param relevant whether {@code object} is {@code whatsapp_business_account}
 * @param skipped messages and statuses left out because they lacked an id or a sender
 * @param errors what Meta reports in a change's own {@code errors[]} (problems not tied to one
 *     message, e.g. an outage of the business number), for the log
 */
record Notification(
        boolean relevant,
        List<InboundMessage> messages,
        List<StatusUpdate> statuses,
        int skipped,
        List<String> errors) {

    static final String OBJECT = "whatsapp_business_account";
    static final String FIELD = "messages";

    static Notification parse(JsonNode root) {
        if (!OBJECT.equals(text(root, "object"))) {
            return new Notification(false, List.of(), List.of(), 0, List.of());
        }
        List<InboundMessage> messages = new ArrayList<>();
        List<StatusUpdate> statuses = new ArrayList<>();
        int skipped = 0;
        List<String> errors = new ArrayList<>();
        for (JsonNode entry : objects(root, "entry")) {
            for (JsonNode change : objects(entry, "changes")) {
                JsonNode value = change.get("value");
                if (!FIELD.equals(text(change, "field")) || value == null || !value.isObject()) {
                    continue;
                }
                String phoneNumberId = text(value, "metadata", "phone_number_id");
                for (JsonNode error : objects(value, "errors")) {
                    errors.add(error(error));
                }
                List<InboundMessage.Contact> contacts = new ArrayList<>();
                for (JsonNode contact : objects(value, "contacts")) {
                    String name = text(contact, "profile", "name");
                    contacts.add(new InboundMessage.Contact(
                            InboundMessage.waId(text(contact, "wa_id")),
                            InboundMessage.userId(text(contact, "user_id")),
                            name != null ? name : text(contact, "profile", "username")));
                }
                List<JsonNode> changeMessages = objects(value, "messages");
                boolean oneSender = changeMessages.stream()
                                .map(m -> text(m, "from") + "|" + text(m, "from_user_id"))
                                .distinct()
                                .count()
                        == 1;
                for (JsonNode message : changeMessages) {
                    InboundMessage m = InboundMessage.of(message, contacts, phoneNumberId, oneSender);
                    if (m == null) {
                        skipped++;
                    } else {
                        messages.add(m);
                    }
                }
                for (JsonNode status : objects(value, "statuses")) {
                    StatusUpdate s = StatusUpdate.of(status);
                    if (s == null) {
                        skipped++;
                    } else {
                        statuses.add(s);
                    }
                }
            }
        }
        return new Notification(true, List.copyOf(messages), List.copyOf(statuses), skipped, List.copyOf(errors));
    }

    /** At most this many of Meta's errors of one notification go into the log line. */
    static final int MAX_ERRORS = 10;

    /** One of Meta's errors as a line of a log: code, title and details, bounded. */
    private static String error(JsonNode error) {
        String code = text(error, "code");
        String title = text(error, "title");
        String details = text(error, "error_data", "details");
        String line = (code == null ? "" : code + " ")
                + (title == null ? "(no title)" : title)
                + (details == null ? "" : ": " + details);
        return clip(line, 500).replaceAll("\\p{Cntrl}", " ");
    }
}
