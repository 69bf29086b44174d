package io.leadline.whatsapp;

import static io.leadline.testing.TestApi.expect;
import static io.leadline.whatsapp.WhatsAppContract.simultaneously;
import static io.leadline.whatsapp.WhatsAppTesting.entries;
import static io.leadline.whatsapp.WhatsAppTesting.messageTexts;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testing.TestApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** A WhatsApp Flow's answers fill the sender's lead (docs/whatsapp.md), with Meta's payloads over real HTTP. */
abstract class WhatsAppFlowContract {

    static final String SHEENA = "16505551234";
    static final String RAVI = "919876543210";

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

    /** A completed Flow from {@code from}; {@code answers} is the response_json object as plain JSON. */
    static String flow(String from, String profileName, String messageId, String answers) {
        String escaped = answers.replace("\\", "\\\\").replace("\"", "\\\"");
        return Meta.notification(
                List.of(Meta.contact(from, profileName)),
                List.of(Meta.message(
                        from,
                        messageId,
                        "interactive",
                        "\"context\":{\"from\":\"15550783881\",\"id\":\"wamid.flow-sent\"},"
                                + "\"interactive\":{\"type\":\"nfm_reply\",\"nfm_reply\":{\"name\":\"flow\","
                                + "\"body\":\"Sent\",\"response_json\":\"" + escaped + "\"}}")),
                List.of());
    }

    @Test
    void nameAndEmailOfAFlowFillANewLeadAndTheOtherAnswersBecomeFlowAttributes() {
        WhatsAppTesting.Line line = whatsapp.line();
        expect(
                200,
                whatsapp.post(
                        line,
                        flow(
                                SHEENA,
                                "Sheena 🌸",
                                "wamid.f1",
                                "{\"flow_token\":\"lead-form-7\",\"full_name\":\"Sheena Nelson\","
                                        + "\"Email\":\"sheena@acme.example\",\"company_size\":\"50-200\",\"seats\":12,"
                                        + "\"newsletter\":true,\"interests\":[\"crm\",\"api\"]}")));
        JsonNode lead = whatsapp.lead(line, "+" + SHEENA);
        assertThat(lead.get("name").asString()).isEqualTo("Sheena Nelson");
        assertThat(lead.get("email").asString()).isEqualTo("sheena@acme.example");
        assertThat(lead.get("phone").asString()).isEqualTo("+" + SHEENA);
        JsonNode attributes = lead.get("attributes");
        assertThat(attributes.get("flow_company_size").asString()).isEqualTo("50-200");
        assertThat(attributes.get("flow_seats").asInt()).isEqualTo(12);
        assertThat(attributes.get("flow_newsletter").asBoolean()).isTrue();
        assertThat(attributes.has("flow_interests")).isFalse();
        assertThat(attributes.has("flow_flow_token")).isFalse();
        assertThat(attributes.has("flow_email")).isFalse();
        assertThat(messageTexts(lead))
                .containsExactly("Flow reply: full_name: Sheena Nelson; Email: sheena@acme.example; company_size:"
                        + " 50-200; seats: 12; newsletter: true; interests: crm, api");
        // The lead is found by its email like any other.
        JsonNode found = expect(
                        200,
                        api.get(
                                "/api/v1/leads?search=sheena%40acme.example",
                                line.tenant().auth()))
                .json();
        assertThat(found.get("data").get(0).get("id").asString())
                .isEqualTo(lead.get("id").asString());
    }

    @Test
    void aSecondFlowOrAPersonsEditIsNeverOverwritten() {
        WhatsAppTesting.Line line = whatsapp.line();
        expect(200, whatsapp.post(line, Meta.textFrom(SHEENA, "Sheena 🌸", "wamid.t1", "Hi")));
        expect(
                200,
                whatsapp.post(
                        line,
                        flow(
                                SHEENA,
                                "Sheena 🌸",
                                "wamid.f1",
                                "{\"name\":\"Sheena Nelson\",\"email\":\"sheena@acme.example\",\"plan\":\"pro\"}")));
        JsonNode lead = whatsapp.lead(line, "+" + SHEENA);
        // The profile name came first: an earlier capture's value stays.
        assertThat(lead.get("name").asString()).isEqualTo("Sheena 🌸");
        assertThat(lead.get("email").asString()).isEqualTo("sheena@acme.example");

        expect(
                200,
                whatsapp.post(
                        line,
                        flow(
                                SHEENA,
                                "Sheena 🌸",
                                "wamid.f2",
                                "{\"name\":\"S. Nelson\",\"email\":\"s.nelson@other.example\",\"plan\":\"enterprise\"}")));
        lead = whatsapp.lead(line, "+" + SHEENA);
        assertThat(lead.get("name").asString()).isEqualTo("Sheena 🌸");
        assertThat(lead.get("email").asString()).isEqualTo("sheena@acme.example");
        assertThat(lead.get("attributes").get("flow_plan").asString()).isEqualTo("pro");
        // The other email is not lost: the lead keeps it as an attribute.
        assertThat(lead.get("attributes").get("flow_email").asString()).isEqualTo("s.nelson@other.example");
        assertThat(whatsapp.leads(line)).isEqualTo(1);

        // A person's edit wins over later Flows too.
        expect(
                200,
                api.patch(
                        "/api/v1/leads/" + lead.get("id").asString(),
                        Map.of("email", "sheena.nelson@acme.example"),
                        line.tenant().auth()));
        expect(200, whatsapp.post(line, flow(SHEENA, "Sheena 🌸", "wamid.f3", "{\"email\":\"third@acme.example\"}")));
        assertThat(whatsapp.lead(line, "+" + SHEENA).get("email").asString()).isEqualTo("sheena.nelson@acme.example");
    }

    @Test
    void firstAndLastNameAreJoinedIntoTheName() {
        WhatsAppTesting.Line line = whatsapp.line();
        expect(
                200,
                whatsapp.post(
                        line,
                        flow(
                                RAVI,
                                "Ravi",
                                "wamid.f1",
                                "{\"First Name\":\"Ravi\",\"last_name\":\"Kumar\",\"city\":\"Pune\"}")));
        JsonNode lead = whatsapp.lead(line, "+" + RAVI);
        assertThat(lead.get("name").asString()).isEqualTo("Ravi Kumar");
        assertThat(lead.get("attributes").get("flow_city").asString()).isEqualTo("Pune");
        assertThat(lead.get("attributes").has("flow_First Name")).isFalse();
    }

    @Test
    void anInvalidEmailIsNotTheLeadsEmailButKeptAsAnAttribute() {
        WhatsAppTesting.Line line = whatsapp.line();
        expect(200, whatsapp.post(line, flow(SHEENA, "Sheena", "wamid.f1", "{\"email\":\"sheena at acme dot com\"}")));
        JsonNode lead = whatsapp.lead(line, "+" + SHEENA);
        assertThat(lead.get("email").isNull()).isTrue();
        assertThat(lead.get("attributes").get("flow_email").asString()).isEqualTo("sheena at acme dot com");
    }

    @Test
    void anEmailAnotherLeadHoldsStaysThereAndTheMessageIsStoredWithANote() {
        WhatsAppTesting.Line line = whatsapp.line();
        JsonNode web = expect(
                        201,
                        api.post(
                                "/api/v1/leads",
                                Map.of("firstName", "Ana", "lastName", "Lima", "email", "Ana@Acme.example"),
                                line.tenant().auth()))
                .json();
        TestApi.Answer answer = whatsapp.post(
                line,
                flow(SHEENA, "Sheena", "wamid.f1", "{\"name\":\"Sheena Nelson\",\"email\":\"ana@acme.example\"}"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("messages").asInt()).isEqualTo(1);
        assertThat(whatsapp.messages(line, "processed")).isEqualTo(1);

        JsonNode lead = whatsapp.lead(line, "+" + SHEENA);
        assertThat(lead.get("id").asString()).isNotEqualTo(web.get("id").asString());
        assertThat(lead.get("email").isNull()).isTrue();
        assertThat(lead.get("name").asString()).isEqualTo("Sheena Nelson");
        assertThat(lead.get("attributes").get("flow_email").asString()).isEqualTo("ana@acme.example");
        JsonNode detail = entries(lead, "whatsapp_message").getFirst().get("detail");
        assertThat(detail.get("note").asString())
                .contains("ana@acme.example", "another lead", web.get("id").asString(), "flow_email");
        assertThat(detail.get("text").asString()).isEqualTo("Flow reply: name: Sheena Nelson; email: ana@acme.example");

        JsonNode holder = expect(
                        200,
                        api.get(
                                "/api/v1/leads/" + web.get("id").asString(),
                                line.tenant().auth()))
                .json();
        assertThat(holder.get("email").asString()).isEqualTo("Ana@Acme.example");
        assertThat(whatsapp.leads(line)).isEqualTo(2);
    }

    @Test
    void anEmailHeldInAnotherWorkspaceDoesNotBlock() {
        WhatsAppTesting.Line line = whatsapp.line();
        WhatsAppTesting.Line other = whatsapp.line();
        expect(
                201,
                api.post(
                        "/api/v1/leads",
                        Map.of("firstName", "Ana", "lastName", "Lima", "email", "ana@acme.example"),
                        other.tenant().auth()));
        expect(200, whatsapp.post(line, flow(SHEENA, "Sheena", "wamid.f1", "{\"email\":\"ana@acme.example\"}")));
        JsonNode lead = whatsapp.lead(line, "+" + SHEENA);
        assertThat(lead.get("email").asString()).isEqualTo("ana@acme.example");
        assertThat(lead.get("attributes").has("flow_email")).isFalse();
        assertThat(entries(lead, "whatsapp_message").getFirst().get("detail").has("note"))
                .isFalse();
    }

    /**
     * Flows of several senders giving one email, and a private-API create of a lead with it, at the
     * same moment: one lead ends with the email, every message is stored, no answer is an error. A
     * Flow joining a lead checks the email while the create's insert is not yet committed, meets it
     * on the unique index, and is decided again with the email kept as an attribute.
     */
    @Test
    void simultaneousFlowsAndACreateGivingOneEmailStoreEveryMessage() throws Exception {
        for (int round = 0; round < 6; round++) {
            WhatsAppTesting.Line line = whatsapp.line();
            String email = "shared" + round + "@acme.example";
            int senders = 6;
            for (int i = 0; i < senders; i += 2) {
                // Half the senders have a lead already (their Flow joins it), half are new.
                expect(200, whatsapp.post(line, Meta.textFrom("1650555" + (2000 + i), "P" + i, "wamid.t" + i, "Hi")));
            }
            List<TestApi.Answer> answers = simultaneously(
                    senders + 1,
                    i -> i == senders
                            ? api.post(
                                    "/api/v1/leads",
                                    Map.of("firstName", "Ana", "lastName", "Lima", "email", email),
                                    line.tenant().auth())
                            : whatsapp.post(
                                    line,
                                    flow(
                                            "1650555" + (2000 + i),
                                            "P" + i,
                                            "wamid.c" + i,
                                            "{\"name\":\"Person " + i + "\",\"email\":\"" + email + "\"}")));
            for (int i = 0; i < senders; i++) {
                assertThat(answers.get(i).status()).as(answers.get(i).body()).isEqualTo(200);
                assertThat(answers.get(i).json().get("messages").asInt()).isEqualTo(1);
            }
            assertThat(answers.get(senders).status()).isIn(201, 409);
            assertThat(whatsapp.messages(line, "processed")).isEqualTo(senders + senders / 2);
            assertThat(whatsapp.count(
                            "select count(*) from leads where workspace_id = ? and email_key = ?",
                            line.workspaceId(),
                            email))
                    .isEqualTo(1);
            List<JsonNode> leads = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                leads.add(whatsapp.lead(line, "+1650555" + (2000 + i)));
            }
            assertThat(leads).allSatisfy(lead -> {
                boolean hasEmail = !lead.get("email").isNull();
                assertThat(
                                hasEmail
                                        ? lead.get("email").asString()
                                        : lead.get("attributes")
                                                .get("flow_email")
                                                .asString())
                        .isEqualTo(email);
                if (!hasEmail) {
                    assertThat(entries(lead, "whatsapp_message")
                                    .getLast()
                                    .get("detail")
                                    .get("note")
                                    .asString())
                            .contains(email);
                }
            });
        }
    }

    @Test
    void flowAttributesAreBoundedAndFillWithoutOverwriting() {
        WhatsAppTesting.Line line = whatsapp.line();
        StringBuilder answers = new StringBuilder("{\"long\":\"" + "y".repeat(2001) + "\",\"fits\":\""
                + "y".repeat(2000) + "\",\"" + "k".repeat(96) + "\":\"key too long\",\"nul\":\"a\\u0000b\"");
        for (int i = 0; i < 60; i++) {
            answers.append(",\"q").append(i).append("\":\"a").append(i).append('"');
        }
        expect(
                200,
                whatsapp.post(
                        line,
                        flow(SHEENA, "Sheena", "wamid.f1", answers.append('}').toString())));
        JsonNode attributes = whatsapp.lead(line, "+" + SHEENA).get("attributes");
        assertThat(attributes.size()).isEqualTo(50);
        assertThat(attributes.has("flow_long")).isFalse();
        assertThat(attributes.has("flow_nul")).isFalse();
        assertThat(attributes.get("flow_fits").asString()).hasSize(2000);
        assertThat(attributes.get("flow_q0").asString()).isEqualTo("a0");

        expect(200, whatsapp.post(line, flow(SHEENA, "Sheena", "wamid.f2", "{\"q0\":\"changed\",\"later\":\"yes\"}")));
        attributes = whatsapp.lead(line, "+" + SHEENA).get("attributes");
        assertThat(attributes.get("flow_q0").asString()).isEqualTo("a0");
        assertThat(attributes.get("flow_later").asString()).isEqualTo("yes");
    }
}
