package io.leadline.whatsapp;

import static io.leadline.whatsapp.MetaJson.clip;
import static io.leadline.whatsapp.MetaJson.flag;
import static io.leadline.whatsapp.MetaJson.objects;
import static io.leadline.whatsapp.MetaJson.text;

import io.leadline.lead.CapturedLead;
import io.leadline.lead.Channel;
import io.leadline.platform.Text;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * One message a WhatsApp user sent, as Meta's notification carries it, and how it reads on a lead's
 * timeline. A sender has a number, a business-scoped user id (BSUID), or both: a user who adopted a
 * WhatsApp username may hide their number, and Meta then names them by the BSUID alone.
 *
 * @param id Meta's message id ({@code wamid.…}); a redelivery repeats it
 * @param from the sender's WhatsApp id: the phone number's digits, without {@code +}; null when
 *     Meta withholds the number
 * @param userId the sender's BSUID ({@code from_user_id}, or the contact's {@code user_id}); null
 *     when Meta sends none (notifications before April 2026)
 * @param profileName the sender's profile name (else their username) from {@code contacts[]}
 * @param type Meta's message type ({@code text}, {@code image}, …)
 * @param sentAt when the user sent it (Meta's timestamp); null when absent or unreadable
 * @param phoneNumberId the business number it was sent to ({@code metadata.phone_number_id})
 * @param content the message object as received
 */
record InboundMessage(
        String id,
        String from,
        String userId,
        String profileName,
        String type,
        OffsetDateTime sentAt,
        String phoneNumberId,
        JsonNode content) {

    static final int MAX_ID = 255;
    static final int MAX_NAME = 255;
    static final int MAX_TYPE = 32;
    static final int MAX_DESCRIPTION = 10_000;
    static final String SOURCE = "whatsapp";

    /** A WhatsApp id is a phone number's digits (E.164 allows 15; some margin for odd ids). */
    private static final Pattern WA_ID = Pattern.compile("[0-9]{5,20}");

    /**
     * A BSUID: a two-letter country code, a period and up to 128 letters and digits (a parent BSUID
     * has {@code ENT.} after the country).
     */
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z]{2}\\.(ENT\\.)?[A-Za-z0-9]{1,128}");

    /** A sender as {@code contacts[]} describes them: number and BSUID (either may be absent), name. */
    record Contact(String waId, String userId, String name) {

        boolean is(String from, String fromUserId) {
            return (waId != null && waId.equals(from)) || (userId != null && userId.equals(fromUserId));
        }
    }

    /** The sender's number without a {@code +}, or null when it is absent or not a WhatsApp id. */
    static String waId(String from) {
        String digits = from != null && from.startsWith("+") ? from.substring(1) : from;
        return digits != null && WA_ID.matcher(digits).matches() ? digits : null;
    }

    static String userId(String userId) {
        return userId != null && USER_ID.matcher(userId).matches() ? userId : null;
    }

    /**
     * The message, or null when it lacks what Leadline needs to keep it: an id of at most
     * {@value #MAX_ID} characters and a sender — a WhatsApp id ({@code from}, a leading {@code +}
     * allowed) or a BSUID ({@code from_user_id}). {@code contacts} are the change's {@code
     * contacts[]}; {@code oneSender} says whether every message of the change has the same sender.
     */
    static InboundMessage of(JsonNode message, List<Contact> contacts, String phoneNumberId, boolean oneSender) {
        String id = text(message, "id");
        String from = waId(text(message, "from"));
        String fromUserId = userId(text(message, "from_user_id"));
        if (id == null || id.length() > MAX_ID || (from == null && fromUserId == null)) {
            return null;
        }
        String type = text(message, "type");
        type = type == null ? "unknown" : clip(type, MAX_TYPE);
        Contact contact = contacts.stream()
                .filter(c -> c.is(from, fromUserId))
                .findFirst()
                .orElse(null);
        if (contact == null && contacts.size() == 1 && oneSender) {
            // Meta may report a contact's wa_id in another form than the message's from (e.g. Brazilian
            // numbers gaining a 9); with a single contact and a single sender in the change it is
            // still the sender. With several senders it may be anyone.
            contact = contacts.getFirst();
        }
        return new InboundMessage(
                id,
                from,
                fromUserId != null ? fromUserId : contact == null ? null : contact.userId(),
                clip(contact == null ? null : contact.name(), MAX_NAME),
                type,
                MetaJson.time(message, "timestamp"),
                clip(phoneNumberId, 64),
                message);
    }

    /** The sender's number as leads store it: {@code +} and the WhatsApp id; null when withheld. */
    String phone() {
        return from == null ? null : "+" + from;
    }

    /**
     * The sender's new number when this is Meta's notice that they changed it ({@code system} of type
     * {@code user_changed_number}, the new WhatsApp id in {@code new_wa_id}); null otherwise.
     */
    String changedNumber() {
        if (!type.equals("system")) {
            return null;
        }
        JsonNode system = content.get("system");
        String kind = text(system, "type");
        if (!"user_changed_number".equals(kind) && !"customer_changed_number".equals(kind)) {
            return null;
        }
        String to = waId(text(system, "new_wa_id"));
        return to != null ? to : waId(text(system, "wa_id"));
    }

    /** Who sent it, as people read it: the number, else the BSUID. */
    String sender() {
        return from == null ? userId : phone();
    }

    /**
     * What the sender says about themselves, for creating or joining their lead. A first message
     * that came through a click-to-WhatsApp ad carries Meta's {@code referral}: its {@code
     * source_url} becomes the lead's source URL and the ad's identity its attributes ({@code
     * ad_source_type}, {@code ad_source_id}, {@code ad_headline}, {@code ctwa_clid} — the click id
     * Meta's Conversions API asks for), so a lead says which ad brought it. A completed WhatsApp Flow
     * adds its answers ({@link FlowAnswers}): name, email and phone fill the lead's empty fields (the
     * name before the profile name), the others become {@code flow_} attributes.
     */
    CapturedLead captured(String projectId) {
        JsonNode referral = content.get("referral");
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (String field : REFERRAL_FIELDS) {
            String value = clip(text(referral, field), MAX_NAME);
            if (value != null) {
                attributes.put(field.equals("headline") || field.startsWith("source_") ? "ad_" + field : field, value);
            }
        }
        FlowAnswers flow = FlowAnswers.of(flowAnswers());
        flow.attributes().forEach(attributes::putIfAbsent);
        return new CapturedLead(
                Channel.WHATSAPP,
                projectId,
                profileName,
                null,
                phone(),
                attributes,
                Map.of(),
                List.of(),
                clip(text(referral, "source_url"), 2048),
                null,
                SOURCE,
                flow.fields());
    }

    /**
     * The answers of a completed WhatsApp Flow ({@code interactive} of type {@code nfm_reply}): its
     * {@code response_json} read as JSON; null for other messages or when it is not JSON.
     */
    JsonNode flowAnswers() {
        if (!type.equals("interactive")) {
            return null;
        }
        JsonNode interactive = content.get("interactive");
        if (!"nfm_reply".equals(text(interactive, "type"))) {
            return null;
        }
        return MetaJson.parse(text(interactive.get("nfm_reply"), "response_json"));
    }

    /** The parts of a click-to-WhatsApp referral kept on the lead (besides its source URL). */
    private static final List<String> REFERRAL_FIELDS = List.of("source_type", "source_id", "headline", "ctwa_clid");

    /**
     * The message as people read it: the text itself, or a description of other types naming their
     * ids (media id, button payload, reply id, reacted-to message) so they can be looked up at Meta.
     */
    String describe() {
        JsonNode body = content.get(type);
        String out = switch (type) {
            case "text" -> or(text(body, "body"), "(empty text message)");
            case "image" -> media("Image", body);
            case "video" -> media("Video", body);
            case "audio" -> media(flag(body, "voice") ? "Voice message" : "Audio", body);
            case "sticker" -> media(flag(body, "animated") ? "Animated sticker" : "Sticker", body);
            case "document" ->
                media(text(body, "filename") == null ? "Document" : "Document " + quoted(text(body, "filename")), body);
            case "location" -> location(body);
            case "contacts" -> contacts();
            case "button" -> "Button " + quoted(text(body, "text")) + ids("payload", text(body, "payload"));
            case "interactive" -> interactive(body);
            case "reaction" -> reaction(body);
            case "order" -> order(body);
            case "system" -> "System message: " + or(text(body, "body"), "(no text)");
            case "request_welcome" -> "Opened the chat for the first time";
            default -> unsupported();
        };
        return clip(referral(context(out)), MAX_DESCRIPTION);
    }

    /** The timeline entry's detail: who, what, and the message as Meta sent it. */
    Map<String, Object> timelineDetail(String projectId, String requestId) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("messageId", id);
        detail.put("from", sender());
        if (userId != null) {
            detail.put("userId", userId);
        }
        detail.put("profileName", profileName);
        detail.put("type", type);
        detail.put("text", describe());
        detail.put("sentAt", sentAt == null ? null : sentAt.toString());
        detail.put("projectId", projectId);
        detail.put("phoneNumberId", phoneNumberId);
        detail.put("requestId", requestId);
        detail.put("payload", MetaJson.bounded(content));
        return detail;
    }

    private static String media(String kind, JsonNode body) {
        String caption = text(body, "caption");
        List<String> ids = new ArrayList<>();
        String mediaId = text(body, "id");
        if (mediaId != null) {
            ids.add("media id " + mediaId);
        }
        String mime = text(body, "mime_type");
        if (mime != null) {
            ids.add(mime);
        }
        return kind
                + (caption == null ? "" : ": " + caption)
                + (ids.isEmpty() ? "" : " (" + String.join(", ", ids) + ")");
    }

    private static String location(JsonNode body) {
        List<String> place = new ArrayList<>();
        for (String part : new String[] {text(body, "name"), text(body, "address")}) {
            if (part != null) {
                place.add(part);
            }
        }
        String lat = text(body, "latitude");
        String lon = text(body, "longitude");
        String url = text(body, "url");
        return "Location" + (place.isEmpty() ? "" : ": " + String.join(", ", place))
                + (lat == null || lon == null ? "" : " (" + lat + ", " + lon + ")")
                + (url == null ? "" : " " + url);
    }

    /** Up to this many shared contacts are spelled out; the count says how many there are. */
    private static final int CONTACTS_SHOWN = 20;

    /** Shared contacts: each person's name and company, then their numbers and email addresses. */
    private String contacts() {
        List<JsonNode> shared = objects(content, "contacts");
        List<String> people = new ArrayList<>();
        for (JsonNode contact : shared.subList(0, Math.min(shared.size(), CONTACTS_SHOWN))) {
            String name = text(contact, "name", "formatted_name");
            String company = text(contact, "org", "company");
            List<String> reach = new ArrayList<>();
            for (JsonNode phone : objects(contact, "phones")) {
                String number = or(text(phone, "phone"), text(phone, "wa_id"));
                if (number != null) {
                    reach.add(number);
                }
            }
            for (JsonNode email : objects(contact, "emails")) {
                String address = text(email, "email");
                if (address != null) {
                    reach.add(address);
                }
            }
            String who = name == null ? or(company, "(no name)") : company == null ? name : name + ", " + company;
            people.add(who + (reach.isEmpty() ? "" : " (" + String.join(", ", reach) + ")"));
        }
        if (people.isEmpty()) {
            return "Shared contact (no details)";
        }
        String heading = shared.size() == 1
                ? "Shared contact: "
                : shared.size() <= CONTACTS_SHOWN ? "Shared contacts: " : "Shared " + shared.size() + " contacts: ";
        return heading + String.join("; ", people) + (shared.size() > CONTACTS_SHOWN ? "; …" : "");
    }

    private static String interactive(JsonNode body) {
        String kind = or(text(body, "type"), "unknown");
        JsonNode reply = body == null ? null : body.get(kind);
        return switch (kind) {
            case "button_reply" -> "Button reply " + quoted(text(reply, "title")) + ids("id", text(reply, "id"));
            case "list_reply" -> {
                String description = text(reply, "description");
                yield "List reply " + quoted(text(reply, "title"))
                        + (description == null ? "" : " – " + description)
                        + ids("id", text(reply, "id"));
            }
            case "nfm_reply" -> flow(reply);
            case "call_permission_reply" -> callPermission(reply);
            default -> "Interactive reply (" + kind + ")";
        };
    }

    /** Up to this many of a Flow's answers are spelled out. */
    private static final int FLOW_ANSWERS_SHOWN = 30;

    /**
     * A completed Flow as people read it: its answers, {@code field: value; …}, from {@code
     * response_json} (a JSON object in a string) without the {@code flow_token} the business chose
     * when sending the Flow; the string as sent when it is not a JSON object. Meta names every Flow
     * reply {@code flow}, so only another name is shown.
     */
    private static String flow(JsonNode reply) {
        String name = text(reply, "name");
        String title = "Flow reply" + (name == null || name.equals("flow") ? "" : " " + quoted(name));
        String response = text(reply, "response_json");
        JsonNode answers = MetaJson.parse(response);
        if (answers == null || !answers.isObject()) {
            return title + (response == null ? "" : ": " + clip(response, 2000));
        }
        List<String> shown = new ArrayList<>();
        int count = 0;
        for (Map.Entry<String, JsonNode> answer : answers.properties()) {
            String field = MetaJson.clean(answer.getKey());
            if (field == null || field.equals("flow_token")) {
                continue;
            }
            count++;
            if (shown.size() < FLOW_ANSWERS_SHOWN) {
                shown.add(clip(field, 100) + ": " + clip(answer(answer.getValue()), 500));
            }
        }
        return title + (shown.isEmpty() ? "" : ": " + String.join("; ", shown)) + (count > shown.size() ? "; …" : "");
    }

    /** One answer of a Flow: text, number or yes/no as such, a choice of several joined by commas. */
    private static String answer(JsonNode value) {
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                items.add(answer(item));
            }
            return items.isEmpty() ? "(none)" : String.join(", ", items);
        }
        if (value.isNull()) {
            return "(none)";
        }
        if (value.isValueNode()) {
            return or(MetaJson.clean(value.asString()), "(empty)");
        }
        return Text.storable(clip(value.toString(), 500));
    }

    /**
     * The user's answer to the business's request to call them ({@code call_permission_reply}):
     * given for good, given until a time, or refused.
     */
    private static String callPermission(JsonNode reply) {
        String response = text(reply, "response");
        if ("reject".equals(response)) {
            return "Call permission refused";
        }
        if (!"accept".equals(response)) {
            return "Call permission reply" + (response == null ? "" : " (" + response + ")");
        }
        if (flag(reply, "is_permanent")) {
            return "Call permission given (permanently)";
        }
        OffsetDateTime until = MetaJson.time(reply, "expiration_timestamp");
        return "Call permission given" + (until == null ? "" : " until " + until);
    }

    private static String reaction(JsonNode body) {
        String emoji = text(body, "emoji");
        String target = text(body, "message_id");
        String to = target == null ? "" : " to message " + target;
        return emoji == null
                ? "Reaction removed" + (target == null ? "" : " from message " + target)
                : "Reaction " + emoji + to;
    }

    /** Up to this many of an order's items are spelled out; the count says how many there are. */
    private static final int ORDER_ITEMS_SHOWN = 20;

    private static String order(JsonNode body) {
        List<JsonNode> products = objects(body, "product_items");
        int items = products.size();
        String catalog = text(body, "catalog_id");
        String note = text(body, "text");
        List<String> lines = new ArrayList<>();
        for (JsonNode item : products.subList(0, Math.min(items, ORDER_ITEMS_SHOWN))) {
            String price = text(item, "item_price");
            String currency = text(item, "currency");
            lines.add(or(text(item, "product_retailer_id"), "(no product id)")
                    + " × " + or(text(item, "quantity"), "?")
                    + (price == null ? "" : " at " + price + (currency == null ? "" : " " + currency)));
        }
        return "Order: " + items + (items == 1 ? " item" : " items")
                + (catalog == null ? "" : " from catalog " + catalog)
                + (note == null ? "" : " – " + note)
                + (lines.isEmpty() ? "" : ": " + String.join("; ", lines))
                + (items > ORDER_ITEMS_SHOWN ? "; …" : "");
    }

    /**
     * The description with what {@code context} adds: forwarded (once, or many times), the product
     * a question is about, or the message it replies to.
     */
    private String context(String description) {
        JsonNode context = content.get("context");
        if (context == null || !context.isObject()) {
            return description;
        }
        String out = flag(context, "frequently_forwarded")
                ? "Forwarded many times: " + description
                : flag(context, "forwarded") ? "Forwarded: " + description : description;
        String product = text(context, "referred_product", "product_retailer_id");
        String repliedTo = text(context, "id");
        if (product != null) {
            out += " (about product " + product + ")";
        } else if (repliedTo != null && !type.equals("interactive") && !type.equals("button")) {
            // Button and list replies always answer a message of the business: no news there.
            out += " (reply to message " + repliedTo + ")";
        }
        return out;
    }

    /**
     * The description with where the sender came from when they tapped a click-to-WhatsApp ad or a
     * Facebook or Instagram post ({@code referral}, its {@code source_type} {@code ad} or {@code
     * post}): its headline, else just that they came that way.
     */
    private String referral(String description) {
        JsonNode referral = content.get("referral");
        if (referral == null || !referral.isObject()) {
            return description;
        }
        boolean post = "post".equals(text(referral, "source_type"));
        String headline = text(referral, "headline");
        return description
                + (headline != null
                        ? " (via " + (post ? "post " : "ad ") + quoted(headline) + ")"
                        : post ? " (via a post)" : " (via an ad)");
    }

    private String unsupported() {
        List<JsonNode> errors = objects(content, "errors");
        String why = errors.isEmpty() ? null : or(text(errors.getFirst(), "title"), text(errors.getFirst(), "message"));
        String kind = text(content.get("unsupported"), "type");
        return "Unsupported message (type " + type + (kind == null ? "" : ": " + kind) + ")"
                + (why == null ? "" : ": " + why);
    }

    private static String ids(String label, String value) {
        return value == null ? "" : " (" + label + " " + value + ")";
    }

    /** The text in double quotes, or a placeholder when there is none. */
    private static String quoted(String s) {
        return s == null ? "(no text)" : "\"" + s + "\"";
    }

    private static String or(String s, String otherwise) {
        return s == null || s.isEmpty() ? otherwise : s;
    }
}
