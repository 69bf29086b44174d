package io.leadline.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.lead.CapturedLead;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which of a WhatsApp Flow's answers fill a lead's fields, and which become its attributes. */
class FlowAnswersTests {

    static FlowAnswers read(String json) {
        return FlowAnswers.of(MetaJson.parse(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {"email", "Email", "EMAIL", "e_mail", "e-mail", "E Mail", "email_address", "Email-Address"})
    void emailKeys(String key) {
        assertThat(FlowAnswers.field(key)).isEqualTo(FlowAnswers.Field.EMAIL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "Name", "full_name", "fullname", "Full Name", "FULL-NAME"})
    void nameKeys(String key) {
        assertThat(FlowAnswers.field(key)).isEqualTo(FlowAnswers.Field.NAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"phone", "Phone", "phone_number", "PhoneNumber", "phone-number", "mobile", "Mobile"})
    void phoneKeys(String key) {
        assertThat(FlowAnswers.field(key)).isEqualTo(FlowAnswers.Field.PHONE);
    }

    @Test
    void firstAndLastNameKeys() {
        assertThat(FlowAnswers.field("first_name")).isEqualTo(FlowAnswers.Field.FIRST_NAME);
        assertThat(FlowAnswers.field("First Name")).isEqualTo(FlowAnswers.Field.FIRST_NAME);
        assertThat(FlowAnswers.field("lastName")).isEqualTo(FlowAnswers.Field.LAST_NAME);
        assertThat(FlowAnswers.field("last-name")).isEqualTo(FlowAnswers.Field.LAST_NAME);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"company", "emails", "email_2", "name_of_pet", "phone_type", "work_email", "flow_token", ""})
    void otherKeysNameNoField(String key) {
        assertThat(FlowAnswers.field(key)).isNull();
    }

    @Test
    void nameEmailAndPhoneFillTheFieldsAndOtherScalarsBecomeFlowAttributes() {
        FlowAnswers answers = read("{\"flow_token\":\"lead-form-7\",\"Full_Name\":\" Ana Lima \","
                + "\"E-mail\":\"ana@acme.example\",\"phone_number\":\"+55 11 91234-5678\",\"company\":\"Acme\","
                + "\"seats\":12,\"budget\":1500.50,\"newsletter\":true,\"empty\":\"\",\"none\":null,"
                + "\"interests\":[\"crm\",\"api\"],\"address\":{\"city\":\"Recife\"}}");
        assertThat(answers.fields())
                .isEqualTo(new CapturedLead.Answers(
                        "Ana Lima", "ana@acme.example", "+55 11 91234-5678", FlowAnswers.EMAIL_ATTRIBUTE));
        assertThat(answers.attributes())
                .containsExactly(
                        Map.entry("flow_company", "Acme"),
                        Map.entry("flow_seats", 12),
                        Map.entry("flow_budget", new BigDecimal("1500.50")),
                        Map.entry("flow_newsletter", true));
    }

    @Test
    void firstAndLastNameAreJoinedWhenThereIsNoFullName() {
        assertThat(read("{\"first_name\":\"Ana\",\"last_name\":\"Lima\"}")
                        .fields()
                        .name())
                .isEqualTo("Ana Lima");
        assertThat(read("{\"first_name\":\"Ana\"}").fields().name()).isEqualTo("Ana");
        FlowAnswers both = read("{\"first_name\":\"Ana\",\"name\":\"Ana Maria Lima\",\"last_name\":\"Lima\"}");
        assertThat(both.fields().name()).isEqualTo("Ana Maria Lima");
        assertThat(both.attributes()).containsOnlyKeys("flow_first_name", "flow_last_name");
        assertThat(read("{\"first_name\":\"Ana\",\"last_name\":\"Lima\"}").attributes())
                .isEmpty();
    }

    @Test
    void anInvalidEmailIsNoEmailButAnAttribute() {
        FlowAnswers answers =
                read("{\"email\":\"ana at acme\",\"phone\":\"call me\",\"name\":\"" + "x".repeat(256) + "\"}");
        assertThat(answers.fields().email()).isNull();
        assertThat(answers.fields().phone()).isNull();
        assertThat(answers.fields().name()).isNull();
        assertThat(answers.attributes())
                .containsEntry("flow_email", "ana at acme")
                .containsEntry("flow_phone", "call me")
                .containsEntry("flow_name", "x".repeat(256));
    }

    @Test
    void theFirstValidAnswerForAFieldWinsAndTheOthersAreAttributes() {
        FlowAnswers answers =
                read("{\"email\":\"nope\",\"Email\":\"ana@acme.example\",\"email_address\":\"b@c.example\"}");
        assertThat(answers.fields().email()).isEqualTo("ana@acme.example");
        assertThat(answers.attributes())
                .containsExactly(Map.entry("flow_email", "nope"), Map.entry("flow_email_address", "b@c.example"));
    }

    @Test
    void attributesAreBoundedLikeCaptureAttributes() {
        StringBuilder json = new StringBuilder("{\"long\":\"" + "y".repeat(CapturedLead.MAX_ATTRIBUTE_TEXT + 1)
                + "\",\"fits\":\"" + "y".repeat(CapturedLead.MAX_ATTRIBUTE_TEXT) + "\",\""
                + "k".repeat(CapturedLead.MAX_ATTRIBUTE_KEY - FlowAnswers.PREFIX.length() + 1)
                + "\":\"too long a key\"");
        for (int i = 0; i < 60; i++) {
            json.append(",\"q").append(i).append("\":\"a").append(i).append('"');
        }
        FlowAnswers answers = read(json.append('}').toString());
        assertThat(answers.attributes()).hasSize(CapturedLead.MAX_ATTRIBUTES);
        assertThat(answers.attributes()).doesNotContainKey("flow_long");
        assertThat(answers.attributes()).containsKey("flow_fits").containsKey("flow_q0");
        assertThat(answers.attributes().keySet())
                .allSatisfy(k -> assertThat(k).hasSizeLessThanOrEqualTo(CapturedLead.MAX_ATTRIBUTE_KEY));
    }

    @Test
    void aResponseThatIsNotAJsonObjectSaysNothing() {
        assertThat(read("not json")).isEqualTo(FlowAnswers.NONE);
        assertThat(read("[1,2]")).isEqualTo(FlowAnswers.NONE);
        assertThat(FlowAnswers.of(null)).isEqualTo(FlowAnswers.NONE);
    }

    @Test
    void aFlowReplyMessageCarriesItsAnswersToTheCapture() {
        String answers =
                "{\\\"flow_token\\\":\\\"t\\\",\\\"name\\\":\\\"Ana Lima\\\",\\\"email\\\":\\\"ana@acme.example\\\","
                        + "\\\"size\\\":\\\"50-200\\\"}";
        CapturedLead captured = InboundMessageTests.message(
                        "interactive",
                        "\"interactive\":{\"type\":\"nfm_reply\",\"nfm_reply\":{\"name\":\"flow\",\"body\":\"Sent\","
                                + "\"response_json\":\"" + answers + "\"}}")
                .captured("prj_1");
        assertThat(captured.email()).isNull();
        assertThat(captured.name()).isEqualTo("Sheena Nelson");
        assertThat(captured.answers().name()).isEqualTo("Ana Lima");
        assertThat(captured.answers().email()).isEqualTo("ana@acme.example");
        assertThat(captured.attributes()).containsExactly(Map.entry("flow_size", "50-200"));
        assertThat(InboundMessageTests.message("text", "\"text\":{\"body\":\"Hi\"}")
                        .captured("prj_1")
                        .answers())
                .isEqualTo(CapturedLead.Answers.NONE);
    }
}
