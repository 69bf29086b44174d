package io.leadline.lead;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A capture channel's source and timeline kind: the rules WhatsApp relies on. */
class CapturedLeadSourceTests {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2025, 6, 8, 21, 0, 0, 0, ZoneOffset.UTC);

    private static CapturedLead whatsapp(String name) {
        return new CapturedLead(
                Channel.WHATSAPP,
                "prj_1",
                name,
                null,
                "+16505551234",
                Map.of(),
                Map.of(),
                List.of(),
                null,
                null,
                "whatsapp");
    }

    @Test
    void newLeadTakesTheSourceOfItsFirstSubmission() {
        Lead lead = Lead.captured("ld_1", "ws_1", whatsapp("Sheena"), NOW);
        assertThat(lead.source()).isEqualTo("whatsapp");
        assertThat(lead.channel()).isEqualTo(Channel.WHATSAPP);
        assertThat(lead.phoneKey()).isEqualTo("16505551234");
    }

    @Test
    void joiningALeadNeverChangesItsSource() {
        Lead web = Lead.captured(
                "ld_1",
                "ws_1",
                new CapturedLead(
                        Channel.WEB, "prj_1", null, null, "+1 650 555 1234", Map.of(), Map.of(), List.of(), null, null),
                NOW);
        assertThat(web.source()).isNull();
        Lead joined = web.absorb(whatsapp("Sheena"), NOW.plusMinutes(5));
        assertThat(joined.source()).isNull();
        assertThat(joined.channel()).isEqualTo(Channel.WEB);
        assertThat(joined.name()).isEqualTo("Sheena");
    }

    @Test
    void whatsAppSubmissionsReadAsMessagesOnTheTimeline() {
        assertThat(whatsapp("Sheena").timelineKind()).isEqualTo("whatsapp_message");
        assertThat(new CapturedLead(Channel.WEB, "prj_1", null, null, null, null, null, null, null, null)
                        .timelineKind())
                .isEqualTo("submission");
    }
}
