package io.leadline.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.lead.CapturedLead;
import io.leadline.lead.Channel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** How each WhatsApp message type reads on a lead's timeline, and what a message says about its sender. */
class InboundMessageTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String FROM = "16505551234";

    static InboundMessage message(String type, String content) {
        return InboundMessage.of(
                JSON.readTree(Meta.message(FROM, "wamid.ID", type, content)),
                List.of(new InboundMessage.Contact(FROM, null, "Sheena Nelson")),
                Meta.PHONE_NUMBER_ID,
                true);
    }

    static String describe(String type, String content) {
        return message(type, content).describe();
    }

    @Test
    void textIsTheBodyItself() {
        assertThat(describe("text", "\"text\":{\"body\":\"  Do you ship to Canada? \"}"))
                .isEqualTo("Do you ship to Canada?");
        assertThat(describe("text", "\"text\":{}")).isEqualTo("(empty text message)");
    }

    @Test
    void imageHasItsCaptionMediaIdAndType() {
        assertThat(
                        describe(
                                "image",
                                "\"image\":{\"caption\":\"This one\",\"mime_type\":\"image/jpeg\",\"sha256\":\"abc=\",\"id\":\"1003383421387256\"}"))
                .isEqualTo("Image: This one (media id 1003383421387256, image/jpeg)");
        assertThat(describe("image", "\"image\":{\"mime_type\":\"image/png\",\"id\":\"77\"}"))
                .isEqualTo("Image (media id 77, image/png)");
    }

    @Test
    void audioIsAVoiceMessageWhenRecorded() {
        assertThat(describe(
                        "audio", "\"audio\":{\"mime_type\":\"audio/ogg; codecs=opus\",\"id\":\"88\",\"voice\":true}"))
                .isEqualTo("Voice message (media id 88, audio/ogg; codecs=opus)");
        assertThat(describe("audio", "\"audio\":{\"mime_type\":\"audio/mpeg\",\"id\":\"89\"}"))
                .isEqualTo("Audio (media id 89, audio/mpeg)");
    }

    @Test
    void documentHasItsFileName() {
        assertThat(
                        describe(
                                "document",
                                "\"document\":{\"caption\":\"Our RFP\",\"filename\":\"rfp-2025.pdf\",\"mime_type\":\"application/pdf\",\"id\":\"99\"}"))
                .isEqualTo("Document \"rfp-2025.pdf\": Our RFP (media id 99, application/pdf)");
    }

    @Test
    void videoAndStickerAreNamedWithTheirMediaId() {
        assertThat(describe("video", "\"video\":{\"mime_type\":\"video/mp4\",\"id\":\"5\"}"))
                .isEqualTo("Video (media id 5, video/mp4)");
        assertThat(describe("sticker", "\"sticker\":{\"mime_type\":\"image/webp\",\"id\":\"6\",\"animated\":true}"))
                .isEqualTo("Animated sticker (media id 6, image/webp)");
    }

    @Test
    void locationHasPlaceAndCoordinates() {
        assertThat(describe(
                        "location",
                        "\"location\":{\"latitude\":52.520008,\"longitude\":13.404954,\"name\":\"Alexanderplatz\","
                                + "\"address\":\"Berlin\"}"))
                .isEqualTo("Location: Alexanderplatz, Berlin (52.520008, 13.404954)");
        assertThat(describe("location", "\"location\":{\"latitude\":-33.8688,\"longitude\":151.2093}"))
                .isEqualTo("Location (-33.8688, 151.2093)");
    }

    @Test
    void sharedContactsNameEachPersonWithTheirNumbers() {
        assertThat(describe(
                        "contacts",
                        "\"contacts\":[{\"name\":{\"formatted_name\":\"Ana Lima\",\"first_name\":\"Ana\"},"
                                + "\"phones\":[{\"phone\":\"+55 11 91234-5678\",\"wa_id\":\"5511912345678\",\"type\":\"CELL\"}]},"
                                + "{\"name\":{\"formatted_name\":\"Bo Chen\"}}]"))
                .isEqualTo("Shared contacts: Ana Lima (+55 11 91234-5678); Bo Chen");
    }

    @Test
    void aSharedContactHasTheirCompanyAndEmailAddresses() {
        assertThat(describe(
                        "contacts",
                        "\"contacts\":[{\"name\":{\"formatted_name\":\"Ana Lima\"},\"org\":{\"company\":\"Acme\","
                                + "\"title\":\"Buyer\"},\"phones\":[{\"phone\":\"+55 11 91234-5678\"}],"
                                + "\"emails\":[{\"email\":\"ana@acme.example\",\"type\":\"WORK\"}]}]"))
                .isEqualTo("Shared contact: Ana Lima, Acme (+55 11 91234-5678, ana@acme.example)");
        assertThat(describe("contacts", "\"contacts\":[{\"org\":{\"company\":\"Acme\"}}]"))
                .isEqualTo("Shared contact: Acme");
    }

    @Test
    void manySharedContactsAreCountedAndTheFirstTwentySpelledOut() {
        StringBuilder people = new StringBuilder();
        for (int i = 1; i <= 300; i++) {
            people.append(i == 1 ? "" : ",")
                    .append("{\"name\":{\"formatted_name\":\"P")
                    .append(i)
                    .append("\"}}");
        }
        assertThat(describe("contacts", "\"contacts\":[" + people + "]"))
                .startsWith("Shared 300 contacts: P1; P2; ")
                .endsWith("; P20; …");
    }

    @Test
    void templateButtonHasItsTextAndPayload() {
        assertThat(describe("button", "\"button\":{\"payload\":\"talk-to-sales\",\"text\":\"Talk to sales\"}"))
                .isEqualTo("Button \"Talk to sales\" (payload talk-to-sales)");
    }

    @Test
    void interactiveRepliesHaveTheirTitleAndId() {
        assertThat(
                        describe(
                                "interactive",
                                "\"interactive\":{\"type\":\"button_reply\",\"button_reply\":{\"id\":\"callback-yes\",\"title\":\"Yes, call me\"}}"))
                .isEqualTo("Button reply \"Yes, call me\" (id callback-yes)");
        assertThat(describe(
                        "interactive",
                        "\"interactive\":{\"type\":\"list_reply\",\"list_reply\":{\"id\":\"plan-pro\",\"title\":\"Pro plan\","
                                + "\"description\":\"Unlimited leads\"}}"))
                .isEqualTo("List reply \"Pro plan\" – Unlimited leads (id plan-pro)");
        assertThat(describe("interactive", "\"interactive\":{\"type\":\"product_reply\"}"))
                .isEqualTo("Interactive reply (product_reply)");
    }

    @Test
    void flowReplyListsTheAnswersWithoutTheFlowToken() {
        String answers = "{\\\"flow_token\\\":\\\"lead-form-7\\\",\\\"company_size\\\":\\\"50-200\\\","
                + "\\\"email\\\":\\\"tara@acme.example\\\",\\\"seats\\\":40,\\\"budget\\\":19.90,"
                + "\\\"products\\\":[\\\"CRM\\\",\\\"Inbox\\\"],\\\"newsletter\\\":false,\\\"note\\\":null}";
        assertThat(describe(
                        "interactive",
                        "\"interactive\":{\"type\":\"nfm_reply\",\"nfm_reply\":{\"name\":\"flow\",\"body\":\"Sent\","
                                + "\"response_json\":\"" + answers + "\"}}"))
                .isEqualTo("Flow reply: company_size: 50-200; email: tara@acme.example; seats: 40; budget: 19.90;"
                        + " products: CRM, Inbox; newsletter: false; note: (none)");
        assertThat(describe(
                        "interactive",
                        "\"interactive\":{\"type\":\"nfm_reply\",\"nfm_reply\":{\"name\":\"address_message\","
                                + "\"response_json\":\"not json\"}}"))
                .as("another name, and an answer that is not JSON, as sent")
                .isEqualTo("Flow reply \"address_message\": not json");
        assertThat(describe(
                        "interactive",
                        "\"interactive\":{\"type\":\"nfm_reply\",\"nfm_reply\":{\"name\":\"flow\","
                                + "\"response_json\":\"{\\\"flow_token\\\":\\\"t\\\"}\"}}"))
                .isEqualTo("Flow reply");
    }

    @Test
    void callPermissionReplySaysWhetherTheSenderMayBeCalled() {
        assertThat(
                        describe(
                                "interactive",
                                "\"interactive\":{\"type\":\"call_permission_reply\",\"call_permission_reply\":"
                                        + "{\"response\":\"accept\",\"is_permanent\":true,\"response_source\":\"user_action\"}}"))
                .isEqualTo("Call permission given (permanently)");
        assertThat(
                        describe(
                                "interactive",
                                "\"interactive\":{\"type\":\"call_permission_reply\",\"call_permission_reply\":"
                                        + "{\"response\":\"accept\",\"is_permanent\":false,\"expiration_timestamp\":1749934783}}"))
                .isEqualTo("Call permission given until 2025-06-14T20:59:43Z");
        assertThat(describe(
                        "interactive",
                        "\"interactive\":{\"type\":\"call_permission_reply\",\"call_permission_reply\":"
                                + "{\"response\":\"reject\"}}"))
                .isEqualTo("Call permission refused");
    }

    @Test
    void reactionNamesTheMessageReactedTo() {
        assertThat(describe("reaction", "\"reaction\":{\"message_id\":\"wamid.OLD\",\"emoji\":\"👍\"}"))
                .isEqualTo("Reaction 👍 to message wamid.OLD");
        assertThat(describe("reaction", "\"reaction\":{\"message_id\":\"wamid.OLD\"}"))
                .isEqualTo("Reaction removed from message wamid.OLD");
    }

    @Test
    void unsupportedTypesSayWhy() {
        assertThat(
                        describe(
                                "unsupported",
                                "\"errors\":[{\"code\":131051,\"title\":\"Message type unknown\",\"message\":\"Message type unknown\"}]"))
                .isEqualTo("Unsupported message (type unsupported): Message type unknown");
        assertThat(describe("ephemeral", "\"ephemeral\":{}")).isEqualTo("Unsupported message (type ephemeral)");
        assertThat(describe("unsupported", "\"unsupported\":{\"type\":\"poll_creation\"}"))
                .isEqualTo("Unsupported message (type unsupported: poll_creation)");
        assertThat(describe("request_welcome", "\"request_welcome\":{}"))
                .isEqualTo("Opened the chat for the first time");
    }

    @Test
    void forwardsRepliesAndProductQuestionsSaySo() {
        assertThat(describe("text", "\"context\":{\"forwarded\":true},\"text\":{\"body\":\"Look at this\"}"))
                .isEqualTo("Forwarded: Look at this");
        assertThat(describe("text", "\"context\":{\"frequently_forwarded\":true},\"text\":{\"body\":\"Chain letter\"}"))
                .isEqualTo("Forwarded many times: Chain letter");
        assertThat(
                        describe(
                                "text",
                                "\"context\":{\"from\":\"15550783881\",\"id\":\"wamid.OFFER\"},\"text\":{\"body\":\"Yes please\"}"))
                .isEqualTo("Yes please (reply to message wamid.OFFER)");
        assertThat(describe(
                        "text",
                        "\"context\":{\"from\":\"15550783881\",\"id\":\"wamid.P\",\"referred_product\":"
                                + "{\"catalog_id\":\"cat1\",\"product_retailer_id\":\"SKU-42\"}},"
                                + "\"text\":{\"body\":\"Is this in stock?\"}"))
                .isEqualTo("Is this in stock? (about product SKU-42)");
    }

    @Test
    void ordersSpellOutTheirItems() {
        assertThat(describe(
                        "order",
                        "\"order\":{\"catalog_id\":\"cat1\",\"text\":\"Deliver Friday\",\"product_items\":["
                                + "{\"product_retailer_id\":\"SKU-1\",\"quantity\":\"3\",\"item_price\":\"10.00\",\"currency\":\"USD\"},"
                                + "{\"product_retailer_id\":\"SKU-2\",\"quantity\":1}]}"))
                .isEqualTo("Order: 2 items from catalog cat1 – Deliver Friday: SKU-1 × 3 at 10.00 USD; SKU-2 × 1");
    }

    @Test
    void descriptionsAreBounded() {
        assertThat(describe("text", "\"text\":{\"body\":\"" + "y".repeat(20_000) + "\"}"))
                .hasSize(InboundMessage.MAX_DESCRIPTION);
    }

    @Test
    void senderBecomesAWhatsAppLeadWithPlusNumberNameAndSource() {
        CapturedLead captured = message("text", "\"text\":{\"body\":\"Hi\"}").captured("prj_1");
        assertThat(captured.channel()).isEqualTo(Channel.WHATSAPP);
        assertThat(captured.phone()).isEqualTo("+16505551234");
        assertThat(captured.name()).isEqualTo("Sheena Nelson");
        assertThat(captured.source()).isEqualTo("whatsapp");
        assertThat(captured.projectId()).isEqualTo("prj_1");
        assertThat(captured.email()).isNull();
    }

    @Test
    void profileNameComesFromTheContactWithTheSendersWaId() {
        var node = JSON.readTree(Meta.text(FROM, "wamid.A", "Hi"));
        assertThat(InboundMessage.of(
                                node, List.of(contact("447700900123", "Other"), contact(FROM, "Sheena")), null, true)
                        .profileName())
                .isEqualTo("Sheena");
        assertThat(InboundMessage.of(node, List.of(contact("5511912345678", "Only contact")), null, true)
                        .profileName())
                .isEqualTo("Only contact");
        assertThat(InboundMessage.of(node, List.of(contact("5511912345678", "Only contact")), null, false)
                        .profileName())
                .as("with several senders in the change, the only contact may be another sender's")
                .isNull();
        assertThat(InboundMessage.of(node, List.of(contact("1", "A"), contact("2", "B")), null, true)
                        .profileName())
                .isNull();
    }

    private static InboundMessage.Contact contact(String waId, String name) {
        return new InboundMessage.Contact(waId, null, name);
    }

    @Test
    void aSenderWhoseNumberIsWithheldIsKnownByTheirBusinessScopedUserId() {
        var node = JSON.readTree("{\"from_user_id\":\"US.13491208655302741918\",\"id\":\"wamid.B\","
                + "\"timestamp\":\"1749416383\",\"type\":\"text\",\"text\":{\"body\":\"A quote for 40 seats\"}}");
        InboundMessage m = InboundMessage.of(
                node, List.of(new InboundMessage.Contact(null, "US.13491208655302741918", "@janedoe")), null, true);
        assertThat(m.from()).isNull();
        assertThat(m.phone()).isNull();
        assertThat(m.userId()).isEqualTo("US.13491208655302741918");
        assertThat(m.profileName()).isEqualTo("@janedoe");
        assertThat(m.timelineDetail("prj_1", "req_1")).containsEntry("from", "US.13491208655302741918");
        assertThat(m.captured("prj_1").phone()).isNull();

        var both = JSON.readTree(Meta.text("+" + FROM, "wamid.C", "Hi"));
        InboundMessage withNumber =
                InboundMessage.of(both, List.of(new InboundMessage.Contact(FROM, "US.1349", "Sheena")), null, true);
        assertThat(withNumber.from()).as("a leading + is allowed").isEqualTo(FROM);
        assertThat(withNumber.userId()).as("the contact's user_id").isEqualTo("US.1349");
        assertThat(InboundMessage.of(
                        JSON.readTree("{\"id\":\"wamid.D\",\"from_user_id\":\"not a bsuid\",\"type\":\"text\"}"),
                        List.of(),
                        null,
                        true))
                .isNull();
    }

    @Test
    void aMessageFromAClickToWhatsAppAdSaysWhichAdBroughtTheLead() {
        InboundMessage m = message(
                "text",
                "\"text\":{\"body\":\"Is the offer still on?\"},\"referral\":{\"source_url\":\"https://fb.me/3cr4Wqqkv\","
                        + "\"source_id\":\"120210\",\"source_type\":\"ad\",\"headline\":\"50% off Pro\","
                        + "\"body\":\"Spring sale\",\"media_type\":\"image\",\"ctwa_clid\":\"ARAkLkA8r\"}");
        assertThat(m.describe()).isEqualTo("Is the offer still on? (via ad \"50% off Pro\")");
        CapturedLead captured = m.captured("prj_1");
        assertThat(captured.sourceUrl()).isEqualTo("https://fb.me/3cr4Wqqkv");
        assertThat(captured.attributes())
                .containsExactly(
                        Map.entry("ad_source_type", "ad"),
                        Map.entry("ad_source_id", "120210"),
                        Map.entry("ad_headline", "50% off Pro"),
                        Map.entry("ctwa_clid", "ARAkLkA8r"));
        assertThat(message("text", "\"text\":{\"body\":\"Hi\"}")
                        .captured("prj_1")
                        .attributes())
                .isEmpty();
    }

    @Test
    void aMessageFromAFacebookOrInstagramPostSaysPostNotAd() {
        assertThat(describe(
                        "text",
                        "\"text\":{\"body\":\"Saw your post\"},\"referral\":{\"source_url\":\"https://fb.me/p1\","
                                + "\"source_id\":\"77\",\"source_type\":\"post\",\"headline\":\"New in store\"}"))
                .isEqualTo("Saw your post (via post \"New in store\")");
        assertThat(
                        describe(
                                "text",
                                "\"text\":{\"body\":\"Hi\"},\"referral\":{\"source_url\":\"https://fb.me/p1\",\"source_type\":\"post\"}"))
                .isEqualTo("Hi (via a post)");
        assertThat(describe("text", "\"text\":{\"body\":\"Hi\"},\"referral\":{\"source_url\":\"https://fb.me/a1\"}"))
                .isEqualTo("Hi (via an ad)");
    }

    @Test
    void theTimelinesCopyOfTheMessageIsBoundedAndStorable() {
        InboundMessage m =
                message("text", "\"text\":{\"body\":\"" + "x".repeat(10_000) + "\"},\"bad\":\"half \\ud800 pair\"");
        var payload =
                (tools.jackson.databind.JsonNode) m.timelineDetail(null, null).get("payload");
        assertThat(payload.get("text").get("body").asString()).hasSize(MetaJson.MAX_TEXT);
        assertThat(payload.get("bad").asString()).isEqualTo("half \uFFFD pair");
        assertThat(m.content().get("text").get("body").asString())
                .as("the message as received")
                .hasSize(10_000);
    }

    @Test
    void messagesWithoutAnIdOrAWhatsAppSenderAreNotKept() {
        assertThat(InboundMessage.of(
                        JSON.readTree("{\"from\":\"16505551234\",\"type\":\"text\"}"), List.of(), null, true))
                .isNull();
        assertThat(InboundMessage.of(
                        JSON.readTree("{\"id\":\"wamid.A\",\"from\":\"+1 650 555\",\"type\":\"text\"}"),
                        List.of(),
                        null,
                        true))
                .isNull();
        assertThat(InboundMessage.of(
                        JSON.readTree("{\"id\":\"" + "w".repeat(256) + "\",\"from\":\"16505551234\"}"),
                        List.of(),
                        null,
                        true))
                .isNull();
    }

    @Test
    void timestampIsReadAsUnixSeconds() {
        assertThat(message("text", "\"text\":{\"body\":\"Hi\"}").sentAt()).hasToString("2025-06-08T20:59:43Z");
    }
}
