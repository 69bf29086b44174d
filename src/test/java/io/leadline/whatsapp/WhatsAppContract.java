package io.leadline.whatsapp;

import static io.leadline.testing.TestApi.expect;
import static io.leadline.whatsapp.WhatsAppTesting.entries;
import static io.leadline.whatsapp.WhatsAppTesting.messageTexts;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testing.TestApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The WhatsApp webhook as DESIGN.md §3.3 and issue 4 describe it, with Meta's payloads over real HTTP. */
abstract class WhatsAppContract {

    static final String SHEENA = "16505551234";
    static final String RAVI = "919876543210";
    static final String MSG_1 = "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=";
    static final String MSG_2 = "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQjdFNDgxMkQ2NTBDMzk2QzA3OQA=";
    static final String MSG_3 = "wamid.HBgMOTE5ODc2NTQzMjEwFQIAEhgUM0VCMDQ3RDZBQkJDNzcxNkQ1QkIA";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestApi api;
    WhatsAppTesting whatsapp;

    @BeforeEach
    void connect() {
        api = new TestApi(port);
        whatsapp = new WhatsAppTesting(api, jdbc);
    }

    // --- verification (GET) --------------------------------------------------------------------

    @Test
    void verificationAnswersExactlyTheChallengeAsPlainText() {
        WhatsAppTesting.Line line = whatsapp.line();
        TestApi.Answer answer = whatsapp.verify(line.key(), "subscribe", line.verifyToken(), "1158201444");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("1158201444");
        assertThat(answer.header("Content-Type")).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
    }

    @Test
    void verificationAcceptsTheKeyInTheXApiKeyHeader() {
        WhatsAppTesting.Line line = whatsapp.line();
        TestApi.Answer answer = api.get(
                WhatsAppTesting.PATH + "?hub.mode=subscribe&hub.verify_token=" + line.verifyToken()
                        + "&hub.challenge=42",
                "X-Api-Key",
                line.key());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("42");
    }

    @Test
    void verificationWithAWrongTokenIs403WithTheUniformErrorBody() {
        WhatsAppTesting.Line line = whatsapp.line();
        TestApi.Answer answer = whatsapp.verify(line.key(), "subscribe", line.verifyToken() + "x", "1158201444");
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.text("code")).isEqualTo("VERIFICATION_FAILED");
        assertThat(answer.text("request_id")).isEqualTo(answer.header("X-Request-Id"));
        assertThat(answer.body()).doesNotContain("1158201444");
    }

    @Test
    void verificationOfAnotherProjectsTokenIs403() {
        WhatsAppTesting.Line line = whatsapp.line();
        WhatsAppTesting.Line other = whatsapp.line();
        assertThat(whatsapp.verify(line.key(), "subscribe", other.verifyToken(), "7")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void verificationWithAnotherModeOrWithoutTokenOrChallengeIs403() {
        WhatsAppTesting.Line line = whatsapp.line();
        assertThat(whatsapp.verify(line.key(), "unsubscribe", line.verifyToken(), "7")
                        .status())
                .isEqualTo(403);
        assertThat(whatsapp.verify(line.key(), null, line.verifyToken(), "7").status())
                .isEqualTo(403);
        assertThat(whatsapp.verify(line.key(), "subscribe", null, "7").status()).isEqualTo(403);
        assertThat(whatsapp.verify(line.key(), "subscribe", line.verifyToken(), null)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void verificationWithoutOrWithAnUnknownOrASecretKeyIs401() {
        WhatsAppTesting.Line line = whatsapp.line();
        for (String key : new String[] {
            null, "ll_pk_doesnotexist0000000000000000", line.tenant().key()
        }) {
            TestApi.Answer answer = whatsapp.verify(key, "subscribe", line.verifyToken(), "7");
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.text("code")).isEqualTo("INVALID_API_KEY");
        }
    }

    // --- messages become leads ------------------------------------------------------------------

    @Test
    void textMessageCreatesALeadWithNumberProfileNameSourceChannelAndProject() {
        WhatsAppTesting.Line line = whatsapp.line();
        TestApi.Answer answer =
                whatsapp.post(line, Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Hi! Do you ship to Canada?"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text("status")).isEqualTo("ok");
        assertThat(answer.json().get("messages").asInt()).isEqualTo(1);

        JsonNode lead = whatsapp.lead(line, "+" + SHEENA);
        assertThat(lead.get("name").asString()).isEqualTo("Sheena Nelson");
        assertThat(lead.get("source").asString()).isEqualTo("whatsapp");
        assertThat(lead.get("channel").asString()).isEqualTo("whatsapp");
        assertThat(lead.get("projectId").asString()).isEqualTo(line.projectId());
        assertThat(lead.get("status").asString()).isEqualTo("new");
        List<JsonNode> messages = entries(lead, "whatsapp_message");
        assertThat(messages).hasSize(1);
        JsonNode detail = messages.getFirst().get("detail");
        assertThat(detail.get("text").asString()).isEqualTo("Hi! Do you ship to Canada?");
        assertThat(detail.get("messageId").asString()).isEqualTo(MSG_1);
        assertThat(detail.get("from").asString()).isEqualTo("+" + SHEENA);
        assertThat(detail.get("type").asString()).isEqualTo("text");
        assertThat(detail.get("outcome").asString()).isEqualTo("created");
        assertThat(detail.get("sentAt").asString()).isEqualTo("2025-06-08T20:59:43Z");
        assertThat(detail.get("phoneNumberId").asString()).isEqualTo(Meta.PHONE_NUMBER_ID);
        assertThat(detail.get("payload").get("text").get("body").asString()).isEqualTo("Hi! Do you ship to Canada?");
        assertThat(entries(lead, "created")
                        .getFirst()
                        .get("detail")
                        .get("channel")
                        .asString())
                .isEqualTo("whatsapp");
    }

    @Test
    void whatsAppLeadsAreFoundByChannelAndSourceOnThePrivateApi() {
        WhatsAppTesting.Line line = whatsapp.line();
        expect(200, whatsapp.post(line, Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Hello")));
        JsonNode page = expect(
                        200,
                        api.get(
                                "/api/v1/leads?channel=whatsapp&source=whatsapp",
                                line.tenant().auth()))
                .json();
        assertThat(page.get("data").size()).isEqualTo(1);
        assertThat(page.get("data").get(0).get("phone").asString()).isEqualTo("+" + SHEENA);
    }

    @Test
    void imageWithCaptionIsDescribedWithItsMediaId() {
        WhatsAppTesting.Line line = whatsapp.line();
        expect(
                200,
                whatsapp.post(
                        line,
                        Meta.notification(
                                List.of(Meta.contact(SHEENA, "Sheena Nelson")),
                                List.of(Meta.image(SHEENA, MSG_1, "Is this one in stock?", "1003383421387256")),
                                List.of())));
        assertThat(messageTexts(whatsapp.lead(line, "+" + SHEENA)))
                .containsExactly("Image: Is this one in stock? (media id 1003383421387256, image/jpeg)");
    }

    @Test
    void interactiveButtonReplyIsDescribedWithTheReplyId() {
        WhatsAppTesting.Line line = whatsapp.line();
        expect(
                200,
                whatsapp.post(
                        line,
                        Meta.notification(
                                List.of(Meta.contact(SHEENA, "Sheena Nelson")),
                                List.of(Meta.buttonReply(SHEENA, MSG_1, "callback-yes", "Yes, call me")),
                                List.of())));
        assertThat(messageTexts(whatsapp.lead(line, "+" + SHEENA)))
                .containsExactly("Button reply \"Yes, call me\" (id callback-yes)");
    }

    @Test
    void flowReplyShowsTheAnswersNotTheirJson() {
        WhatsAppTesting.Line line = whatsapp.line();
        String answers = "{\\\"flow_token\\\":\\\"lead-form-7\\\",\\\"company_size\\\":\\\"50-200\\\","
                + "\\\"preferred_time\\\":\\\"morning\\\"}";
        expect(
                200,
                whatsapp.post(
                        line,
                        Meta.notification(
                                List.of(Meta.contact(SHEENA, "Sheena Nelson")),
                                List.of(Meta.message(
                                        SHEENA,
                                        MSG_1,
                                        "interactive",
                                        "\"interactive\":{\"type\":\"nfm_reply\",\"nfm_reply\":{\"name\":\"flow\","
                                                + "\"body\":\"Sent\",\"response_json\":\"" + answers + "\"}}")),
                                List.of())));
        assertThat(messageTexts(whatsapp.lead(line, "+" + SHEENA)))
                .containsExactly("Flow reply: company_size: 50-200; preferred_time: morning");
    }

    @Test
    void locationIsDescribedWithPlaceAndCoordinates() {
        WhatsAppTesting.Line line = whatsapp.line();
        expect(
                200,
                whatsapp.post(
                        line,
                        Meta.notification(
                                List.of(Meta.contact(SHEENA, "Sheena Nelson")),
                                List.of(Meta.location(
                                        SHEENA,
                                        MSG_1,
                                        "37.7955",
                                        "-122.3937",
                                        "Ferry Building",
                                        "1 Ferry Building, San Francisco, CA 94111")),
                                List.of())));
        assertThat(messageTexts(whatsapp.lead(line, "+" + SHEENA)).getFirst())
                .startsWith("Location: Ferry Building, 1 Ferry Building, San Francisco, CA 94111 (37.7955, -122.3937)");
    }

    @Test
    void secondMessageFromTheSameNumberJoinsTheLead() {
        WhatsAppTesting.Line line = whatsapp.line();
        expect(200, whatsapp.post(line, Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Hi")));
        expect(200, whatsapp.post(line, Meta.textFrom(SHEENA, "Sheena N.", MSG_2, "Any discounts?")));
        assertThat(whatsapp.leads(line)).isEqualTo(1);
        JsonNode lead = whatsapp.lead(line, "+" + SHEENA);
        assertThat(lead.get("name").asString()).isEqualTo("Sheena Nelson");
        assertThat(messageTexts(lead)).containsExactly("Hi", "Any discounts?");
        assertThat(entries(lead, "whatsapp_message")
                        .get(1)
                        .get("detail")
                        .get("outcome")
                        .asString())
                .isEqualTo("merged");
    }

    @Test
    void aSenderWhoseNumberIsWithheldKeepsOneLeadByTheirUserIdAndItGainsTheNumberWhenShown() {
        WhatsAppTesting.Line line = whatsapp.line();
        String user = "US.13491208655302741918";
        expect(200, whatsapp.post(line, Meta.textFromUser(user, null, "Jane Doe", "@janedoe", MSG_1, "A quote?")));
        expect(200, whatsapp.post(line, Meta.textFromUser(user, null, "Jane Doe", "@janedoe", MSG_2, "40 seats")));
        assertThat(whatsapp.leads(line)).isEqualTo(1);
        assertThat(whatsapp.messages(line)).isEqualTo(2);
        String publicId = jdbc.sql("select public_id from leads where workspace_id = ?")
                .param(line.workspaceId())
                .query(String.class)
                .single();
        JsonNode lead = expect(
                        200, api.get("/api/v1/leads/" + publicId, line.tenant().auth()))
                .json();
        assertThat(lead.get("name").asString()).isEqualTo("Jane Doe");
        assertThat(lead.get("phone").isNull()).isTrue();
        assertThat(messageTexts(lead)).containsExactly("A quote?", "40 seats");
        assertThat(entries(lead, "whatsapp_message")
                        .getFirst()
                        .get("detail")
                        .get("from")
                        .asString())
                .isEqualTo(user);

        // Later Meta shows the number with the user id: the same lead, now with its phone.
        expect(200, whatsapp.post(line, Meta.textFromUser(user, SHEENA, "Jane Doe", "@janedoe", MSG_3, "Call me")));
        assertThat(whatsapp.leads(line)).isEqualTo(1);
        assertThat(messageTexts(whatsapp.lead(line, "+" + SHEENA))).containsExactly("A quote?", "40 seats", "Call me");
        assertThat(whatsapp.count("select lead_count from workspace_usage where workspace_id = ?", line.workspaceId()))
                .isEqualTo(1);
    }

    @Test
    void simultaneousFirstMessagesOfASenderWithoutANumberMakeOneLead() throws Exception {
        WhatsAppTesting.Line line = whatsapp.line();
        String user = "BR.1502576394655843";
        List<TestApi.Answer> answers = simultaneously(
                8, i -> whatsapp.post(line, Meta.textFromUser(user, null, "Ana", "@ana", "wamid.par" + i, "Oi " + i)));
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
        assertThat(whatsapp.leads(line)).isEqualTo(1);
        assertThat(whatsapp.messages(line)).isEqualTo(8);
        assertThat(whatsapp.timelineMessages(line)).isEqualTo(8);
        assertThat(whatsapp.count("select lead_count from workspace_usage where workspace_id = ?", line.workspaceId()))
                .isEqualTo(1);
    }

    /** Pairs of first messages of one user at the same moment, one showing the number and one not. */
    @Test
    void simultaneousFirstMessagesWithAndWithoutTheNumberMakeOneLead() throws Exception {
        WhatsAppTesting.Line line = whatsapp.line();
        int senders = 15;
        for (int p = 0; p < senders; p++) {
            String user = "US.9" + (1000 + p);
            String phone = "1650555" + (1000 + p);
            int n = p;
            List<TestApi.Answer> answers = simultaneously(
                    2,
                    i -> whatsapp.post(
                            line,
                            Meta.textFromUser(
                                    user, i == 0 ? null : phone, "U" + n, "@u" + n, "wamid.pair" + n + "x" + i, "hi")));
            assertThat(answers).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
        }
        assertThat(whatsapp.leads(line)).isEqualTo(senders);
        assertThat(whatsapp.messages(line)).isEqualTo(2 * senders);
    }

    @Test
    void theSameUserIdInAnotherWorkspaceIsAnotherLead() {
        WhatsAppTesting.Line line = whatsapp.line();
        WhatsAppTesting.Line other = whatsapp.line();
        String user = "US.777";
        expect(200, whatsapp.post(line, Meta.textFromUser(user, null, "Jo", "@jo", MSG_1, "Hi")));
        expect(200, whatsapp.post(other, Meta.textFromUser(user, null, "Jo", "@jo", MSG_1, "Hi")));
        assertThat(whatsapp.leads(line)).isEqualTo(1);
        assertThat(whatsapp.leads(other)).isEqualTo(1);
        assertThat(whatsapp.count("select count(*) from whatsapp_contacts c join leads l on l.id = c.lead_id"
                        + " where c.workspace_id <> l.workspace_id"))
                .isZero();
    }

    @Test
    void aFormEncodedNotificationIs415() {
        WhatsAppTesting.Line line = whatsapp.line(null, null);
        TestApi.Answer answer = whatsapp.post(
                line,
                Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Hi"),
                "Content-Type",
                "application/x-www-form-urlencoded");
        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.text("code")).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        assertThat(whatsapp.messages(line)).isZero();
    }

    @Test
    void anAppSecretPastedWithSpacesStillMatches() {
        WhatsAppTesting.Line line = whatsapp.line(null, null);
        expect(
                200,
                api.admin(
                        "PATCH",
                        "/api/admin/projects/" + line.projectId(),
                        java.util.Map.of("whatsappAppSecret", "  " + WhatsAppTesting.APP_SECRET + "\n")));
        WhatsAppTesting.Line signed = new WhatsAppTesting.Line(
                line.tenant(), line.projectId(), line.key(), line.verifyToken(), WhatsAppTesting.APP_SECRET);
        expect(200, whatsapp.post(signed, Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Hi")));
        assertThat(whatsapp.messages(line)).isEqualTo(1);
    }

    @Test
    void messageFromTheNumberOfAWebLeadJoinsThatLead() {
        WhatsAppTesting.Line line = whatsapp.line();
        long webLead = expect(
                        201,
                        api.post(
                                "/api/public/lead",
                                Map.of("name", "Sheena", "phone", "+1 (650) 555-1234"),
                                "X-Api-Key",
                                line.key()))
                .json()
                .get("lead_id")
                .asLong();
        expect(200, whatsapp.post(line, Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Following up on the form")));
        assertThat(whatsapp.leads(line)).isEqualTo(1);
        long joined = jdbc.sql("select lead_id from whatsapp_messages where workspace_id = ?")
                .param(line.workspaceId())
                .query(Long.class)
                .single();
        assertThat(joined).isEqualTo(webLead);
    }

    @Test
    void aChangedNumberMovesTheLeadToTheNewNumber() {
        WhatsAppTesting.Line line = whatsapp.line();
        expect(200, whatsapp.post(line, Meta.textFrom("447700900123", "Oliver Twist", MSG_1, "Hello")));
        String notice = Meta.notification(
                List.of(Meta.contact("447700900123", "Oliver Twist")),
                List.of(Meta.message(
                        "447700900123",
                        MSG_2,
                        "system",
                        "\"system\":{\"body\":\"Oliver changed from 447700900123 to 447700900999\","
                                + "\"new_wa_id\":\"447700900999\",\"type\":\"user_changed_number\"}")),
                List.of());
        expect(200, whatsapp.post(line, notice));
        expect(200, whatsapp.post(line, Meta.textFrom("447700900999", "Oliver Twist", MSG_3, "New phone, same me")));
        assertThat(whatsapp.leads(line)).isEqualTo(1);
        JsonNode lead = whatsapp.lead(line, "+447700900999");
        assertThat(messageTexts(lead)).hasSize(3).last().isEqualTo("New phone, same me");
        assertThat(entries(lead, "updated")
                        .getFirst()
                        .get("detail")
                        .get("phone")
                        .get("from")
                        .asString())
                .isEqualTo("+447700900123");
    }

    @Test
    void numbersWrittenWithACallPrefixOrATrunkZeroJoinTheirWhatsAppSender() {
        WhatsAppTesting.Line line = whatsapp.line();
        for (String phone : List.of("+44 (0) 7700 900555", "0044 7700 900556")) {
            expect(201, api.post("/api/public/lead", Map.of("phone", phone), "X-Api-Key", line.key()));
        }
        expect(200, whatsapp.post(line, Meta.textFrom("447700900555", "Oliver", MSG_1, "Hello")));
        expect(200, whatsapp.post(line, Meta.textFrom("447700900556", "Olivia", MSG_2, "Hi")));
        assertThat(whatsapp.leads(line)).isEqualTo(2);
        assertThat(whatsapp.count(
                        "select count(distinct lead_id) from whatsapp_messages where workspace_id = ?",
                        line.workspaceId()))
                .isEqualTo(2);
    }

    @Test
    void batchWithTwoContactsAndThreeMessagesMakesTwoLeadsWithTheirMessages() {
        WhatsAppTesting.Line line = whatsapp.line();
        String body = Meta.notification(
                List.of(Meta.contact(SHEENA, "Sheena Nelson"), Meta.contact(RAVI, "Ravi Kumar")),
                List.of(
                        Meta.text(SHEENA, MSG_1, "Hi"),
                        Meta.text(RAVI, MSG_3, "Namaste, price list please"),
                        Meta.text(SHEENA, MSG_2, "Also: delivery times?")),
                List.of());
        TestApi.Answer answer = expect(200, whatsapp.post(line, body));
        assertThat(answer.json().get("messages").asInt()).isEqualTo(3);
        assertThat(whatsapp.leads(line)).isEqualTo(2);
        assertThat(whatsapp.messages(line)).isEqualTo(3);
        JsonNode sheena = whatsapp.lead(line, "+" + SHEENA);
        JsonNode ravi = whatsapp.lead(line, "+" + RAVI);
        assertThat(sheena.get("name").asString()).isEqualTo("Sheena Nelson");
        assertThat(ravi.get("name").asString()).isEqualTo("Ravi Kumar");
        assertThat(messageTexts(sheena)).containsExactly("Hi", "Also: delivery times?");
        assertThat(messageTexts(ravi)).containsExactly("Namaste, price list please");
    }

    @Test
    void severalEntriesAndChangesInOnePostAreAllHandled() {
        WhatsAppTesting.Line line = whatsapp.line();
        String body = Meta.entries(
                Meta.change(
                                List.of(Meta.contact(SHEENA, "Sheena Nelson")),
                                List.of(Meta.text(SHEENA, MSG_1, "One")),
                                List.of())
                        + ","
                        + Meta.change(
                                List.of(Meta.contact(RAVI, "Ravi Kumar")),
                                List.of(Meta.text(RAVI, MSG_3, "Two")),
                                List.of()),
                Meta.change(
                        List.of(Meta.contact(SHEENA, "Sheena Nelson")),
                        List.of(Meta.text(SHEENA, MSG_2, "Three")),
                        List.of()));
        expect(200, whatsapp.post(line, body));
        assertThat(whatsapp.leads(line)).isEqualTo(2);
        assertThat(messageTexts(whatsapp.lead(line, "+" + SHEENA))).containsExactly("One", "Three");
    }

    // --- statuses ------------------------------------------------------------------------------

    @Test
    void statusOnlyNotificationCreatesNothing() {
        WhatsAppTesting.Line line = whatsapp.line();
        TestApi.Answer answer = whatsapp.post(
                line,
                Meta.notification(
                        List.of(),
                        List.of(),
                        List.of(Meta.status(
                                "wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA", "delivered", SHEENA))));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("ignored").asInt()).isEqualTo(1);
        assertThat(whatsapp.leads(line)).isZero();
        assertThat(whatsapp.messages(line)).isZero();
        assertThat(whatsapp.statuses(line)).isZero();
    }

    @Test
    void statusesOfAStoredMessageAreRecordedOnceEachWithErrors() {
        WhatsAppTesting.Line line = whatsapp.line();
        expect(200, whatsapp.post(line, Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Hi")));
        String statuses = Meta.notification(
                List.of(),
                List.of(),
                List.of(
                        Meta.status(MSG_1, "delivered", SHEENA),
                        Meta.status(MSG_1, "read", SHEENA),
                        Meta.failed(MSG_1, SHEENA)));
        TestApi.Answer first = expect(200, whatsapp.post(line, statuses));
        assertThat(first.json().get("statuses").asInt()).isEqualTo(3);
        TestApi.Answer again = expect(200, whatsapp.post(line, statuses));
        assertThat(again.json().get("statuses").asInt()).isZero();
        assertThat(whatsapp.statuses(line)).isEqualTo(3);
        String errors = jdbc.sql(
                        "select errors from whatsapp_message_statuses where workspace_id = ? and status = 'failed'")
                .param(line.workspaceId())
                .query(String.class)
                .single();
        assertThat(errors).contains("131047").contains("Re-engagement message");
        assertThat(whatsapp.leads(line)).isEqualTo(1);
        assertThat(whatsapp.timelineMessages(line)).isEqualTo(1);
    }

    // --- redelivery ----------------------------------------------------------------------------

    @Test
    void redeliveryOfTheSamePayloadAddsNothing() {
        WhatsAppTesting.Line line = whatsapp.line();
        String body = Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Hi");
        TestApi.Answer first = expect(200, whatsapp.post(line, body));
        TestApi.Answer second = expect(200, whatsapp.post(line, body));
        assertThat(first.json().get("messages").asInt()).isEqualTo(1);
        assertThat(second.json().get("messages").asInt()).isZero();
        assertThat(second.json().get("duplicates").asInt()).isEqualTo(1);
        assertThat(whatsapp.leads(line)).isEqualTo(1);
        assertThat(whatsapp.messages(line)).isEqualTo(1);
        JsonNode lead = whatsapp.lead(line, "+" + SHEENA);
        assertThat(messageTexts(lead)).containsExactly("Hi");
        assertThat(lead.get("timeline").size()).isEqualTo(2);
    }

    @Test
    void tenSimultaneousDeliveriesOfOnePayloadStoreOneMessageAndOneLead() throws Exception {
        WhatsAppTesting.Line line = whatsapp.line();
        String body = Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Hi");
        List<TestApi.Answer> answers = simultaneously(10, i -> whatsapp.post(line, body));
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
        assertThat(answers.stream()
                        .mapToInt(a -> a.json().get("messages").asInt())
                        .sum())
                .isEqualTo(1);
        assertThat(answers.stream()
                        .mapToInt(a -> a.json().get("duplicates").asInt())
                        .sum())
                .isEqualTo(9);
        assertThat(whatsapp.leads(line)).isEqualTo(1);
        assertThat(whatsapp.messages(line)).isEqualTo(1);
        assertThat(whatsapp.timelineMessages(line)).isEqualTo(1);
        assertThat(whatsapp.count("select lead_count from workspace_usage where workspace_id = ?", line.workspaceId()))
                .isEqualTo(1);
    }

    @Test
    void simultaneousRedeliveriesToAKnownNumberAddOneMessage() throws Exception {
        WhatsAppTesting.Line line = whatsapp.line();
        expect(200, whatsapp.post(line, Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Hi")));
        String body = Meta.textFrom(SHEENA, "Sheena Nelson", MSG_2, "Still there?");
        List<TestApi.Answer> answers = simultaneously(10, i -> whatsapp.post(line, body));
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
        assertThat(whatsapp.leads(line)).isEqualTo(1);
        assertThat(messageTexts(whatsapp.lead(line, "+" + SHEENA))).containsExactly("Hi", "Still there?");
    }

    // --- signatures and keys -------------------------------------------------------------------

    @Test
    void correctlySignedNotificationIsAccepted() {
        WhatsAppTesting.Line line = whatsapp.line();
        assertThat(whatsapp.post(line, Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Hi"))
                        .status())
                .isEqualTo(200);
        assertThat(whatsapp.messages(line)).isEqualTo(1);
    }

    @Test
    void wronglySignedNotificationIs401AndStoresNothing() {
        WhatsAppTesting.Line line = whatsapp.line();
        String body = Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Hi");
        WhatsAppTesting.Line wrongSecret = new WhatsAppTesting.Line(
                line.tenant(), line.projectId(), line.key(), line.verifyToken(), "not-the-app-secret");
        TestApi.Answer answer = whatsapp.post(wrongSecret, body);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.text("code")).isEqualTo("INVALID_SIGNATURE");
        assertThat(answer.text("request_id")).startsWith("req_");
        String tampered = whatsapp.post(
                        new WhatsAppTesting.Line(line.tenant(), line.projectId(), line.key(), line.verifyToken(), null),
                        body,
                        HubSignature.HEADER,
                        HubSignature.sign(
                                body.replace("Hi", "Ho").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                                line.appSecret()))
                .text("code");
        assertThat(tampered).isEqualTo("INVALID_SIGNATURE");
        assertThat(whatsapp.leads(line)).isZero();
        assertThat(whatsapp.messages(line)).isZero();
    }

    @Test
    void unsignedNotificationIs401WhenTheProjectHasAnAppSecret() {
        WhatsAppTesting.Line line = whatsapp.line();
        WhatsAppTesting.Line unsigned =
                new WhatsAppTesting.Line(line.tenant(), line.projectId(), line.key(), line.verifyToken(), null);
        TestApi.Answer answer = whatsapp.post(unsigned, Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Hi"));
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.text("code")).isEqualTo("INVALID_SIGNATURE");
        assertThat(whatsapp.leads(line)).isZero();
        assertThat(whatsapp.messages(line)).isZero();
    }

    @Test
    void projectWithoutAnAppSecretTakesUnsignedNotifications() {
        WhatsAppTesting.Line line = whatsapp.line(null, null);
        assertThat(whatsapp.post(line, Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Hi"))
                        .status())
                .isEqualTo(200);
        assertThat(whatsapp.leads(line)).isEqualTo(1);
    }

    @Test
    void appSecretSetLaterIsRequiredFromThenOn() {
        WhatsAppTesting.Line line = whatsapp.line(null, null);
        expect(
                200,
                api.admin(
                        "PATCH",
                        "/api/admin/projects/" + line.projectId(),
                        Map.of("whatsappAppSecret", WhatsAppTesting.APP_SECRET)));
        assertThat(whatsapp.post(line, Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Hi"))
                        .status())
                .isEqualTo(401);
        WhatsAppTesting.Line signed = new WhatsAppTesting.Line(
                line.tenant(), line.projectId(), line.key(), line.verifyToken(), WhatsAppTesting.APP_SECRET);
        assertThat(whatsapp.post(signed, Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Hi"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void missingUnknownOrSecretKeyIs401AndStoresNothing() {
        WhatsAppTesting.Line line = whatsapp.line(null, null);
        String body = Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Hi");
        for (String path : new String[] {
            WhatsAppTesting.PATH,
            WhatsAppTesting.PATH + "?api_key=ll_pk_doesnotexist0000000000000000",
            WhatsAppTesting.PATH + "?api_key=" + line.tenant().key()
        }) {
            TestApi.Answer answer = api.post(path, body);
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.text("code")).isEqualTo("INVALID_API_KEY");
        }
        assertThat(whatsapp.messages(line)).isZero();
    }

    @Test
    void oneWorkspacesProjectKeyCannotTouchAnotherWorkspacesLeads() {
        WhatsAppTesting.Line ours = whatsapp.line();
        WhatsAppTesting.Line theirs = whatsapp.line();
        expect(200, whatsapp.post(theirs, Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Hi")));
        JsonNode before = whatsapp.lead(theirs, "+" + SHEENA);

        expect(200, whatsapp.post(ours, Meta.textFrom(SHEENA, "Impostor", MSG_1, "Same message id")));
        expect(200, whatsapp.post(ours, Meta.textFrom(SHEENA, "Impostor", MSG_2, "Another one")));

        assertThat(whatsapp.leads(theirs)).isEqualTo(1);
        assertThat(whatsapp.messages(theirs)).isEqualTo(1);
        JsonNode after = whatsapp.lead(theirs, "+" + SHEENA);
        assertThat(after.get("timeline")).isEqualTo(before.get("timeline"));
        assertThat(after.get("updatedAt")).isEqualTo(before.get("updatedAt"));
        JsonNode own = whatsapp.lead(ours, "+" + SHEENA);
        assertThat(own.get("id").asString()).isNotEqualTo(before.get("id").asString());
        assertThat(messageTexts(own)).containsExactly("Same message id", "Another one");
        assertThat(api.get(
                                "/api/v1/leads/" + own.get("id").asString(),
                                theirs.tenant().auth())
                        .status())
                .isEqualTo(404);
    }

    // --- bodies ----------------------------------------------------------------------------------

    @Test
    void malformedJsonIs400WithTheRequestId() {
        WhatsAppTesting.Line line = whatsapp.line();
        TestApi.Answer answer = whatsapp.post(
                line, "{\"object\":\"whatsapp_business_account\",\"entry\":[", "X-Request-Id", "meta-retry-17");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("code")).isEqualTo("INVALID_JSON");
        assertThat(answer.text("request_id")).isEqualTo("meta-retry-17");
        assertThat(whatsapp.post(line, "[1,2]").text("code")).isEqualTo("INVALID_BODY");
        assertThat(whatsapp.post(line, "").status()).isEqualTo(400);
        assertThat(whatsapp.messages(line)).isZero();
    }

    @Test
    void aFieldGivenTwiceIs400InvalidJsonNamingItAfterTheSignatureWasChecked() {
        WhatsAppTesting.Line line = whatsapp.line();
        String body = Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Hi")
                .replaceFirst("\\{\"object\":", "{\"object\":\"page\",\"object\":");
        TestApi.Answer answer = whatsapp.post(line, body);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.text("code")).isEqualTo("INVALID_JSON");
        assertThat(answer.text("message")).contains("\"object\" appears more than once");
        WhatsAppTesting.Line wrongSecret = new WhatsAppTesting.Line(
                line.tenant(), line.projectId(), line.key(), line.verifyToken(), "not-the-app-secret");
        assertThat(whatsapp.post(wrongSecret, body).text("code")).isEqualTo("INVALID_SIGNATURE");
        assertThat(whatsapp.messages(line)).isZero();
    }

    @Test
    void bytesThatAreNotUtf8Are400InvalidJsonAfterTheSignatureWasChecked() {
        WhatsAppTesting.Line line = whatsapp.line();
        for (byte[] bad : List.of(new byte[] {(byte) 0xFF, (byte) 0xFE}, new byte[] {(byte) 0xC1, (byte) 0xBF})) {
            byte[] body = Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Hi@@")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int at = new String(body, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("@@");
            body[at] = bad[0];
            body[at + 1] = bad[1];
            TestApi.Answer answer = whatsapp.postBytes(line, body);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.text("code")).isEqualTo("INVALID_JSON");
            assertThat(answer.text("message")).startsWith("The request body is not valid UTF-8 text");
            WhatsAppTesting.Line wrongSecret = new WhatsAppTesting.Line(
                    line.tenant(), line.projectId(), line.key(), line.verifyToken(), "not-the-app-secret");
            assertThat(whatsapp.postBytes(wrongSecret, body).text("code")).isEqualTo("INVALID_SIGNATURE");
        }
        assertThat(whatsapp.messages(line)).isZero();
        assertThat(whatsapp.leads(line)).isZero();
    }

    @Test
    void unknownObjectIsAcknowledgedAndIgnored() {
        WhatsAppTesting.Line line = whatsapp.line();
        String body = Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Hi").replace("whatsapp_business_account", "page");
        TestApi.Answer answer = whatsapp.post(line, body);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text("status")).isEqualTo("ignored");
        assertThat(whatsapp.leads(line)).isZero();
        assertThat(whatsapp.messages(line)).isZero();
    }

    @Test
    void unknownFieldIsAcknowledgedAndIgnored() {
        WhatsAppTesting.Line line = whatsapp.line();
        String body = Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Hi")
                .replace("\"field\":\"messages\"", "\"field\":\"message_template_status_update\"");
        TestApi.Answer answer = whatsapp.post(line, body);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("messages").asInt()).isZero();
        assertThat(whatsapp.leads(line)).isZero();
        assertThat(whatsapp.messages(line)).isZero();
    }

    @Test
    void metasErrorsNotTiedToAMessageAreAcknowledgedAndCreateNothing() {
        WhatsAppTesting.Line line = whatsapp.line();
        String body = Meta.notification(List.of(), List.of(), List.of())
                .replace(
                        "\"phone_number_id\":\"" + Meta.PHONE_NUMBER_ID + "\"}",
                        "\"phone_number_id\":\"" + Meta.PHONE_NUMBER_ID + "\"},\"errors\":[{\"code\":131000,"
                                + "\"title\":\"Something went wrong\",\"message\":\"Something went wrong\"}]");
        TestApi.Answer answer = whatsapp.post(line, body);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("messages").asInt()).isZero();
        assertThat(whatsapp.leads(line)).isZero();
        assertThat(whatsapp.messages(line)).isZero();
    }

    @Test
    void aNotificationWithMoreItemsThanAllowedIs400AndStoresNothing() {
        WhatsAppTesting.Line line = whatsapp.line();
        List<String> messages = new java.util.ArrayList<>();
        for (int i = 0; i < 501; i++) {
            messages.add(Meta.text("1555000" + (1000 + i), "wamid.flood" + i, "spam"));
        }
        TestApi.Answer answer = whatsapp.post(line, Meta.notification(List.of(), messages, List.of()));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("code")).isEqualTo("TOO_MANY_ITEMS");
        assertThat(whatsapp.leads(line)).isZero();
        assertThat(whatsapp.messages(line)).isZero();
    }

    @Test
    void aProjectsWebhookIsRateLimitedPerMinute() {
        WhatsAppTesting.Line line = whatsapp.line();
        String ignored =
                Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Hi").replace("whatsapp_business_account", "page");
        int accepted = 0;
        TestApi.Answer last = null;
        for (int i = 0; i < 601; i++) {
            last = whatsapp.post(line, ignored);
            if (last.status() != 200) {
                break;
            }
            accepted++;
        }
        assertThat(accepted).isEqualTo(600);
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.text("code")).isEqualTo("RATE_LIMITED");
        assertThat(Integer.parseInt(last.header("Retry-After"))).isPositive();
    }

    @Test
    void bodyOver64KiBAndUnder3MBIsAccepted() {
        WhatsAppTesting.Line line = whatsapp.line();
        String body = Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "x".repeat(200_000));
        assertThat(body.length()).isBetween(64 * 1024, 3 * 1024 * 1024);
        TestApi.Answer answer = whatsapp.post(line, body);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(whatsapp.messages(line)).isEqualTo(1);
    }

    @Test
    void bodyOver3MBIs413() {
        WhatsAppTesting.Line line = whatsapp.line();
        TestApi.Answer answer =
                whatsapp.post(line, Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "x".repeat(3_200_000)));
        assertThat(answer.status()).isEqualTo(413);
        assertThat(whatsapp.messages(line)).isZero();
    }

    // --- plan limit --------------------------------------------------------------------------------

    @Test
    void overThePlanLimitANewNumbersMessageIsHeldAndAKnownNumberStillJoins() {
        WhatsAppTesting.Line line = whatsapp.line(1, WhatsAppTesting.APP_SECRET);
        expect(200, whatsapp.post(line, Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Hi")));

        TestApi.Answer held = whatsapp.post(line, Meta.textFrom(RAVI, "Ravi Kumar", MSG_3, "Price list please"));
        assertThat(held.status()).isEqualTo(200);
        assertThat(held.json().get("held").asInt()).isEqualTo(1);
        assertThat(whatsapp.leads(line)).isEqualTo(1);
        assertThat(whatsapp.messages(line, "held_over_limit")).isEqualTo(1);

        expect(200, whatsapp.post(line, Meta.textFrom(SHEENA, "Sheena Nelson", MSG_2, "Any discounts?")));
        assertThat(messageTexts(whatsapp.lead(line, "+" + SHEENA))).containsExactly("Hi", "Any discounts?");

        JsonNode list = expect(
                        200, api.get("/api/v1/whatsapp/held", line.tenant().auth()))
                .json();
        assertThat(list.get("total").asInt()).isEqualTo(1);
        JsonNode message = list.get("data").get(0);
        assertThat(message.get("messageId").asString()).isEqualTo(MSG_3);
        assertThat(message.get("from").asString()).isEqualTo("+" + RAVI);
        assertThat(message.get("profileName").asString()).isEqualTo("Ravi Kumar");
        assertThat(message.get("text").asString()).isEqualTo("Price list please");
        assertThat(message.get("projectId").asString()).isEqualTo(line.projectId());
    }

    @Test
    void heldMessageRedeliveredWhileStillOverTheLimitStaysOneHeldMessage() throws Exception {
        WhatsAppTesting.Line line = whatsapp.line(1, WhatsAppTesting.APP_SECRET);
        expect(200, whatsapp.post(line, Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Hi")));
        String body = Meta.textFrom(RAVI, "Ravi Kumar", MSG_3, "Price list please");
        List<TestApi.Answer> answers = simultaneously(10, i -> whatsapp.post(line, body));
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
        assertThat(answers.stream().mapToInt(a -> a.json().get("held").asInt()).sum())
                .isEqualTo(1);
        assertThat(whatsapp.messages(line, "held_over_limit")).isEqualTo(1);
        assertThat(whatsapp.leads(line)).isEqualTo(1);
    }

    @Test
    void heldMessagesAreReleasedOntoLeadsOnceTheLimitIsRaised() {
        WhatsAppTesting.Line line = whatsapp.line(1, WhatsAppTesting.APP_SECRET);
        expect(200, whatsapp.post(line, Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Hi")));
        expect(200, whatsapp.post(line, Meta.textFrom(RAVI, "Ravi Kumar", MSG_3, "Price list please")));
        TestApi.Answer stillFull = expect(
                200, api.post("/api/v1/whatsapp/held/release", "", line.tenant().auth()));
        assertThat(stillFull.json().get("released").asInt()).isZero();
        assertThat(stillFull.json().get("held").asInt()).isEqualTo(1);

        expect(200, api.admin("PATCH", "/api/admin/workspaces/" + line.workspaceId(), Map.of("monthlyLeadLimit", 10)));
        TestApi.Answer released = expect(
                200, api.post("/api/v1/whatsapp/held/release", "", line.tenant().auth()));
        assertThat(released.json().get("released").asInt()).isEqualTo(1);
        assertThat(released.json().get("held").asInt()).isZero();
        JsonNode ravi = whatsapp.lead(line, "+" + RAVI);
        assertThat(ravi.get("name").asString()).isEqualTo("Ravi Kumar");
        assertThat(messageTexts(ravi)).containsExactly("Price list please");
        assertThat(whatsapp.messages(line, "processed")).isEqualTo(2);

        expect(200, whatsapp.post(line, Meta.textFrom(RAVI, "Ravi Kumar", MSG_3, "Price list please")));
        assertThat(whatsapp.timelineMessages(line)).isEqualTo(2);
    }

    @Test
    void heldMessageRedeliveredAfterTheLimitIsRaisedBecomesItsLead() {
        WhatsAppTesting.Line line = whatsapp.line(1, WhatsAppTesting.APP_SECRET);
        expect(200, whatsapp.post(line, Meta.textFrom(SHEENA, "Sheena Nelson", MSG_1, "Hi")));
        String body = Meta.textFrom(RAVI, "Ravi Kumar", MSG_3, "Price list please");
        expect(200, whatsapp.post(line, body));
        expect(200, api.admin("PATCH", "/api/admin/workspaces/" + line.workspaceId(), "{\"monthlyLeadLimit\":null}"));
        TestApi.Answer redelivered = expect(200, whatsapp.post(line, body));
        assertThat(redelivered.json().get("messages").asInt()).isEqualTo(1);
        assertThat(whatsapp.messages(line)).isEqualTo(2);
        assertThat(whatsapp.messages(line, "held_over_limit")).isZero();
        assertThat(messageTexts(whatsapp.lead(line, "+" + RAVI))).containsExactly("Price list please");
    }

    @Test
    void heldListNeedsASecretKeyAndShowsOnlyTheWorkspacesOwn() {
        WhatsAppTesting.Line line = whatsapp.line(0, WhatsAppTesting.APP_SECRET);
        expect(200, whatsapp.post(line, Meta.textFrom(RAVI, "Ravi Kumar", MSG_3, "Price list please")));
        WhatsAppTesting.Line other = whatsapp.line();
        assertThat(api.get("/api/v1/whatsapp/held").status()).isEqualTo(401);
        assertThat(api.get("/api/v1/whatsapp/held", "X-Api-Key", line.key()).status())
                .isEqualTo(401);
        assertThat(expect(200, api.get("/api/v1/whatsapp/held", other.tenant().auth()))
                        .json()
                        .get("total")
                        .asInt())
                .isZero();
        assertThat(expect(200, api.get("/api/v1/whatsapp/held", line.tenant().auth()))
                        .json()
                        .get("total")
                        .asInt())
                .isEqualTo(1);
        assertThat(api.get("/api/v1/whatsapp/held?limit=0", line.tenant().auth())
                        .status())
                .isEqualTo(400);
    }

    // --- documentation -----------------------------------------------------------------------------

    @Test
    void openApiDocumentsBothWebhookOperationsWithAnExample() {
        JsonNode doc = expect(200, api.get("/v3/api-docs")).json();
        JsonNode path = doc.get("paths").get(WhatsAppTesting.PATH);
        assertThat(path.has("get")).isTrue();
        assertThat(path.get("post").toString()).contains("whatsapp_business_account");
        assertThat(doc.get("paths").has("/api/v1/whatsapp/held")).isTrue();
    }

    @Test
    void openApiDescribesTheWebhookRateLimitAndItsJsonErrors() {
        JsonNode docs = expect(200, api.get("/v3/api-docs")).json();
        JsonNode path = docs.get("paths").get(WhatsAppTesting.PATH);
        JsonNode limited = path.get("post").get("responses").get("429");
        assertThat(limited).as("the per-project limit answers 429").isNotNull();
        assertThat(limited.get("headers").propertyNames()).contains("Retry-After");
        assertThat(path.get("post")
                        .get("responses")
                        .get("400")
                        .get("description")
                        .asString())
                .contains("TOO_MANY_ITEMS");
        for (String status : List.of("401", "403")) {
            assertThat(TestApi.documentedTypes(docs, WhatsAppTesting.PATH, "get", status))
                    .as(status)
                    .containsExactly("application/json");
        }
    }

    static List<TestApi.Answer> simultaneously(int n, IntFunction<TestApi.Answer> request) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            List<Future<TestApi.Answer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return request.apply(index);
                }));
            }
            start.countDown();
            List<TestApi.Answer> answers = new ArrayList<>();
            for (Future<TestApi.Answer> f : futures) {
                answers.add(f.get());
            }
            return answers;
        }
    }
}
