package io.leadline.lead;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class LeadTests {

    static Lead lead(Channel channel, String first, String last, String name, String email, String phone) {
        OffsetDateTime now = OffsetDateTime.parse("2026-01-01T00:00:00Z");
        return new Lead(
                1,
                "ld_x",
                "ws_x",
                null,
                channel,
                LeadStatus.NEW,
                first,
                last,
                name,
                email,
                phone,
                "Acme",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                now,
                now);
    }

    @Test
    void emailKeyIgnoresCaseAndSurroundingSpace() {
        assertThat(lead(Channel.API, "A", "B", null, "  Jane.Smith@ACME.com ", null)
                        .emailKey())
                .isEqualTo("jane.smith@acme.com");
    }

    @Test
    void emailKeyIsNullWithoutEmail() {
        assertThat(lead(Channel.API, "A", "B", null, null, null).emailKey()).isNull();
    }

    @Test
    void nameKeyIgnoresCaseAndRunsOfSpaces() {
        assertThat(lead(Channel.API, " Mary  Ann ", "JONES", null, null, null).nameKey())
                .isEqualTo("mary ann jones");
    }

    @Test
    void nameKeyTreatsCompatibilityCharactersAlike() {
        assertThat(lead(Channel.API, "Ｊａｎｅ", "Smith", null, null, null).nameKey())
                .isEqualTo(lead(Channel.API, "jane", "smith", null, null, null).nameKey());
    }

    @Test
    void capturedLeadsAreNotDedupedByName() {
        assertThat(lead(Channel.WEB, null, null, "Jane Smith", null, null).nameKey())
                .isNull();
    }

    @Test
    void phoneKeyKeepsDigitsOnly() {
        assertThat(lead(Channel.API, "A", "B", null, null, "+1 (555) 123-4567").phoneKey())
                .isEqualTo("15551234567");
        assertThat(lead(Channel.API, "A", "B", null, null, "n/a").phoneKey()).isNull();
    }

    @Test
    void anInternationallyWrittenNumberIsKeyedByItsInternationalDigits() {
        assertThat(Lead.phoneKey("+44 (0) 7700 900555")).isEqualTo("447700900555");
        assertThat(Lead.phoneKey("0044 7700 900556")).isEqualTo("447700900556");
        assertThat(Lead.phoneKey(" 0044 (0)7700 900557")).isEqualTo("447700900557");
        assertThat(Lead.phoneKey("+44 7700 900555")).isEqualTo("447700900555");
        // Written nationally, a number keeps its digits: without the country nothing more is known.
        assertThat(Lead.phoneKey("(0) 7700 900555")).isEqualTo("07700900555");
        assertThat(Lead.phoneKey("07700 900555")).isEqualTo("07700900555");
        assertThat(Lead.phoneKey("00")).isNull();
    }

    @Test
    void oldMexicanAndBrazilianMobileFormsAreKeyedAsTheNumbersDialledToday() {
        // What WhatsApp sends (+<wa_id>) for many accounts, and what people type.
        assertThat(Lead.phoneKey("+5215512345678")).isEqualTo(Lead.phoneKey("+52 55 1234 5678"));
        assertThat(Lead.phoneKey("0052 1 55 1234 5678")).isEqualTo("525512345678");
        assertThat(Lead.phoneKey("+551187654321")).isEqualTo(Lead.phoneKey("+55 11 98765-4321"));
        assertThat(Lead.phoneKey("+55 11 98765-4321")).isEqualTo("5511987654321");
        // Landlines (eight digits from 2 to 5), other lengths and countries, national forms: unchanged.
        assertThat(Lead.phoneKey("+55 11 3456-7890")).isEqualTo("551134567890");
        assertThat(Lead.phoneKey("+52 1 55 1234 567")).isEqualTo("52155 1234 567".replace(" ", ""));
        assertThat(Lead.phoneKey("+1 521 555 0100")).isEqualTo("15215550100");
        assertThat(Lead.phoneKey("521 55 1234 5678")).isEqualTo("5215512345678");
        assertThat(Lead.phoneKey("55 11 8765 4321")).isEqualTo("551187654321");
    }

    @Test
    void searchTextHoldsNameEmailAndCompanyInLowerCase() {
        assertThat(lead(Channel.API, "Jane", "Smith", null, "J@X.io", null).searchText())
                .isEqualTo("jane smith j@x.io acme");
    }

    @Test
    void displayNameIsTheFullNameElseTheCapturedName() {
        assertThat(lead(Channel.API, "Jane", "Smith", null, null, null).displayName())
                .isEqualTo("Jane Smith");
        assertThat(lead(Channel.WEB, null, null, "J. Smith", null, null).displayName())
                .isEqualTo("J. Smith");
    }

    @Test
    void statusParsesAnyCaseAndRefusesUnknownValues() {
        assertThat(LeadStatus.parse("Qualified")).isEqualTo(LeadStatus.QUALIFIED);
        assertThat(LeadStatus.parse("sold")).isNull();
    }

    @Test
    void cursorRoundTrips() {
        LeadFilter.Cursor cursor = new LeadFilter.Cursor(OffsetDateTime.parse("2026-03-04T05:06:07.123456Z"), 42);
        assertThat(LeadFilter.Cursor.decode(cursor.encode())).isEqualTo(cursor);
    }
}
