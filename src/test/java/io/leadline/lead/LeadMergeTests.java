package io.leadline.lead;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How a captured submission becomes a lead and joins one: the rules on {@link Lead}. */
class LeadMergeTests {

    private static final OffsetDateTime THEN = OffsetDateTime.of(2025, 3, 1, 9, 0, 0, 0, ZoneOffset.UTC);
    private static final OffsetDateTime NOW = THEN.plusDays(2);

    private static CapturedLead submission(
            String name,
            String email,
            String phone,
            Map<String, Object> attributes,
            Map<String, String> utm,
            List<String> trail) {
        return new CapturedLead(
                Channel.WEB, "prj_1", name, email, phone, attributes, utm, trail, "https://acme.com/x", "https://ref/");
    }

    private static Lead jane() {
        return Lead.captured(
                        "ld_1",
                        "ws_1",
                        submission(
                                "Jane",
                                "jane@acme.com",
                                null,
                                Map.of("plan", "pro"),
                                Map.of("utm_source", "google"),
                                List.of("/", "/pricing")),
                        THEN)
                .withId(7);
    }

    @Test
    void capturedLeadIsNewOnTheWebChannelOfItsProject() {
        Lead lead = jane();
        assertThat(lead.status()).isEqualTo(LeadStatus.NEW);
        assertThat(lead.channel()).isEqualTo(Channel.WEB);
        assertThat(lead.projectId()).isEqualTo("prj_1");
        assertThat(lead.nameKey()).isNull();
        assertThat(lead.emailKey()).isEqualTo("jane@acme.com");
        assertThat(lead.pageTrail()).containsExactly("/", "/pricing");
    }

    @Test
    void absorbFillsOnlyEmptyFields() {
        Lead merged =
                jane().absorb(submission("Janet", "other@acme.com", "+1 555", Map.of(), Map.of(), List.of()), NOW);
        assertThat(merged.name()).isEqualTo("Jane");
        assertThat(merged.email()).isEqualTo("jane@acme.com");
        assertThat(merged.phone()).isEqualTo("+1 555");
        assertThat(merged.id()).isEqualTo(7);
        assertThat(merged.createdAt()).isEqualTo(THEN);
        assertThat(merged.updatedAt()).isEqualTo(NOW);
    }

    @Test
    void absorbKeepsExistingAttributeAndUtmValuesAndAddsNewKeys() {
        Lead merged = jane().absorb(
                        submission(
                                null,
                                null,
                                null,
                                Map.of("plan", "free", "seats", 3),
                                Map.of("utm_source", "bing", "utm_medium", "cpc"),
                                List.of()),
                        NOW);
        assertThat(merged.attributes()).containsEntry("plan", "pro").containsEntry("seats", 3);
        assertThat(merged.utm()).containsEntry("utm_source", "google").containsEntry("utm_medium", "cpc");
    }

    @Test
    void absorbKeepsStatusOwnerChannelAndProject() {
        Lead contacted = jane().withStatus(LeadStatus.CONTACTED, NOW);
        CapturedLead elsewhere = new CapturedLead(
                Channel.WHATSAPP, "prj_2", null, null, null, Map.of(), Map.of(), List.of(), null, null);
        Lead merged = contacted.absorb(elsewhere, NOW);
        assertThat(merged.status()).isEqualTo(LeadStatus.CONTACTED);
        assertThat(merged.channel()).isEqualTo(Channel.WEB);
        assertThat(merged.projectId()).isEqualTo("prj_1");
    }

    @Test
    void pageTrailIsExtendedWithoutRepeatingThePagesItAlreadyEndsWith() {
        assertThat(Lead.extendTrail(List.of("/a", "/b", "/c"), List.of("/b", "/c", "/d")))
                .containsExactly("/a", "/b", "/c", "/d");
        assertThat(Lead.extendTrail(List.of("/a", "/b"), List.of("/a", "/b", "/c")))
                .containsExactly("/a", "/b", "/c");
        assertThat(Lead.extendTrail(List.of("/a", "/b"), List.of("/x"))).containsExactly("/a", "/b", "/x");
        assertThat(Lead.extendTrail(List.of("/a"), List.of("/a"))).containsExactly("/a");
        assertThat(Lead.extendTrail(List.of(), List.of("/a", "/a"))).containsExactly("/a", "/a");
    }

    @Test
    void pageTrailKeepsOnlyTheLatestPages() {
        List<String> long1 = IntStream.range(0, 150).mapToObj(i -> "/p" + i).toList();
        List<String> long2 = IntStream.range(150, 300).mapToObj(i -> "/p" + i).toList();
        List<String> trail = Lead.extendTrail(long1, long2);
        assertThat(trail).hasSize(Lead.MAX_PAGE_TRAIL);
        assertThat(trail.getLast()).isEqualTo("/p299");
        assertThat(trail.getFirst()).isEqualTo("/p100");
    }

    @Test
    void attributesStopGrowingAtTheirBound() {
        Map<String, Object> many = new LinkedHashMap<>();
        IntStream.range(0, 150).forEach(i -> many.put("k" + i, i));
        Map<String, Object> merged = Lead.mergeMap(Map.of("first", 1), many, Lead.MAX_ATTRIBUTES);
        assertThat(merged).hasSize(Lead.MAX_ATTRIBUTES).containsEntry("first", 1);
    }

    @Test
    void emailAndPhoneKeysMatchAcrossCaseSpacesAndPunctuation() {
        CapturedLead a = submission(null, " Jane@ACME.com ", "+1 (555) 010-0000", Map.of(), Map.of(), List.of());
        CapturedLead b = submission(null, "jane@acme.com", "15550100000", Map.of(), Map.of(), List.of());
        assertThat(a.emailKey()).isEqualTo(b.emailKey());
        assertThat(a.phoneKey()).isEqualTo(b.phoneKey());
        assertThat(new ArrayList<>(List.of(a.phoneKey()))).containsExactly("15550100000");
    }
}
