package io.leadline.lead;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a capture's typed answers (a WhatsApp Flow's) reach the lead's fields. */
class CapturedLeadAnswersTests {

    static CapturedLead whatsapp(String profileName, String phone, CapturedLead.Answers answers) {
        return new CapturedLead(
                Channel.WHATSAPP,
                "prj_1",
                profileName,
                null,
                phone,
                Map.of("flow_plan", "pro"),
                Map.of(),
                List.of(),
                null,
                null,
                "whatsapp",
                answers);
    }

    static final CapturedLead.Answers ANA =
            new CapturedLead.Answers("Ana Lima", "ana@acme.example", "+55 11 91234-5678", "flow_email");

    @Test
    void theAnsweredNameComesBeforeTheProfileNameAndTheSendersNumberBeforeTheAnsweredPhone() {
        CapturedLead c = whatsapp("Ana 🌸", "+5511912345678", ANA).answered(false);
        assertThat(c.name()).isEqualTo("Ana Lima");
        assertThat(c.email()).isEqualTo("ana@acme.example");
        assertThat(c.phone()).isEqualTo("+5511912345678");
        assertThat(c.answers()).isEqualTo(CapturedLead.Answers.NONE);
        assertThat(whatsapp("Ana", null, ANA).answered(false).phone()).isEqualTo("+55 11 91234-5678");
    }

    @Test
    void anEmailElsewhereIsKeptAsItsAttributeWithoutReplacingOne() {
        CapturedLead c = whatsapp("Ana", null, ANA).answered(true);
        assertThat(c.email()).isNull();
        assertThat(c.attributes())
                .containsEntry("flow_email", "ana@acme.example")
                .containsEntry("flow_plan", "pro");
    }

    @Test
    void answersNeverDecideWhichLeadIsJoined() {
        CapturedLead c = whatsapp("Ana", null, ANA);
        assertThat(c.emailKey()).isNull();
        assertThat(c.phoneKey()).isNull();
        assertThat(c.answeredEmailKey()).isEqualTo("ana@acme.example");
    }

    @Test
    void answersOnlyFillTheLead() {
        Lead lead =
                Lead.captured("ld_1", "ws_1", whatsapp("Ana 🌸", "+5511912345678", CapturedLead.Answers.NONE), null);
        Lead joined = lead.absorb(whatsapp("Ana 🌸", "+5511912345678", ANA).answered(false), null);
        assertThat(joined.name()).isEqualTo("Ana 🌸");
        assertThat(joined.email()).isEqualTo("ana@acme.example");
        assertThat(joined.phone()).isEqualTo("+5511912345678");
    }
}
