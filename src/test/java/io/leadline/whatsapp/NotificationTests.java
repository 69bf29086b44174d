package io.leadline.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Which parts of Meta's notification Leadline acts on. */
class NotificationTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static Notification parse(String json) {
        return Notification.parse(JSON.readTree(json));
    }

    @Test
    void messagesOfEveryEntryAndChangeAreReadInOrderWithTheirSendersNames() {
        Notification n = parse(Meta.entries(
                Meta.change(
                                List.of(Meta.contact("111111", "Ann"), Meta.contact("222222", "Ben")),
                                List.of(Meta.text("111111", "wamid.1", "a"), Meta.text("222222", "wamid.2", "b")),
                                List.of())
                        + ","
                        + Meta.change(List.of(), List.of(), List.of(Meta.status("wamid.1", "read", "111111"))),
                Meta.change(
                        List.of(Meta.contact("111111", "Ann")),
                        List.of(Meta.text("111111", "wamid.3", "c")),
                        List.of())));
        assertThat(n.relevant()).isTrue();
        assertThat(n.messages()).extracting(InboundMessage::id).containsExactly("wamid.1", "wamid.2", "wamid.3");
        assertThat(n.messages()).extracting(InboundMessage::profileName).containsExactly("Ann", "Ben", "Ann");
        assertThat(n.messages()).extracting(InboundMessage::phoneNumberId).containsOnly(Meta.PHONE_NUMBER_ID);
        assertThat(n.statuses()).singleElement().satisfies(s -> {
            assertThat(s.messageId()).isEqualTo("wamid.1");
            assertThat(s.status()).isEqualTo("read");
            assertThat(s.recipientId()).isEqualTo("111111");
            assertThat(s.at()).hasToString("2025-06-08T21:00Z");
            assertThat(s.errors()).isEmpty();
        });
        assertThat(n.skipped()).isZero();
    }

    @Test
    void failedStatusKeepsMetasErrors() {
        Notification n = parse(Meta.notification(List.of(), List.of(), List.of(Meta.failed("wamid.9", "111111"))));
        assertThat(n.statuses().getFirst().errors())
                .singleElement()
                .satisfies(e -> assertThat(e.get("code").asInt()).isEqualTo(131047));
    }

    @Test
    void metasErrorsOfAChangeAreKeptForTheLogAndCreateNothing() {
        Notification n = parse(Meta.notification(List.of(), List.of(), List.of())
                .replace(
                        "\"phone_number_id\":\"" + Meta.PHONE_NUMBER_ID + "\"}",
                        "\"phone_number_id\":\"" + Meta.PHONE_NUMBER_ID + "\"},\"errors\":[{\"code\":131000,"
                                + "\"title\":\"Something went wrong\",\"message\":\"Something went wrong\","
                                + "\"error_data\":{\"details\":\"Try again\\nlater\"}},{\"code\":1}]"));
        assertThat(n.errors()).containsExactly("131000 Something went wrong: Try again later", "1 (no title)");
        assertThat(n.messages()).isEmpty();
        assertThat(n.statuses()).isEmpty();
        assertThat(n.skipped()).isZero();
    }

    @Test
    void anotherObjectIsNotForWhatsApp() {
        Notification n =
                parse(Meta.textFrom("111111", "Ann", "wamid.1", "a").replace("whatsapp_business_account", "instagram"));
        assertThat(n.relevant()).isFalse();
        assertThat(n.messages()).isEmpty();
        assertThat(parse("{}").relevant()).isFalse();
    }

    @Test
    void changesOfOtherFieldsAreSkipped() {
        Notification n = parse(Meta.textFrom("111111", "Ann", "wamid.1", "a")
                .replace("\"field\":\"messages\"", "\"field\":\"account_update\""));
        assertThat(n.relevant()).isTrue();
        assertThat(n.messages()).isEmpty();
        assertThat(n.skipped()).isZero();
    }

    @Test
    void messagesAndStatusesWithoutIdsAreCountedAsSkipped() {
        Notification n = parse(Meta.notification(
                List.of(),
                List.of(
                        "{\"from\":\"111111\",\"type\":\"text\",\"text\":{\"body\":\"no id\"}}",
                        Meta.text("111111", "wamid.1", "ok")),
                List.of("{\"status\":\"read\"}")));
        assertThat(n.messages()).extracting(InboundMessage::id).containsExactly("wamid.1");
        assertThat(n.skipped()).isEqualTo(2);
    }

    @Test
    void oddShapesReadAsAbsentInsteadOfFailing() {
        Notification n = parse("{\"object\":\"whatsapp_business_account\",\"entry\":{\"changes\":[]}}");
        assertThat(n.relevant()).isTrue();
        assertThat(n.messages()).isEmpty();
        n = parse(
                "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":[]}]},7]}");
        assertThat(n.messages()).isEmpty();
    }
}
