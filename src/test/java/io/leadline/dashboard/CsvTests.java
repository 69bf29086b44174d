package io.leadline.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CsvTests {

    @Test
    void quotesSeparatorsQuotesAndLineBreaks() {
        assertThat(Csv.row(Arrays.asList("a", "b,c", "say \"hi\"", "two\nlines", null)))
                .isEqualTo("a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n");
    }

    @Test
    void cellsASpreadsheetWouldRunAsAFormulaAreDefused() {
        assertThat(Csv.cell("=1+2")).isEqualTo("\"'=1+2\"");
        assertThat(Csv.cell("+49 30 1234")).isEqualTo("\"'+49 30 1234\"");
        assertThat(Csv.cell("@SUM(A1)")).isEqualTo("\"'@SUM(A1)\"");
        assertThat(Csv.cell("Acme")).isEqualTo("Acme");
    }

    @Test
    void dateTimesHaveSixFractionalDigitsInUtcEvenWhenTheyEndInZeros() {
        assertThat(Csv.time(OffsetDateTime.parse("2026-12-01T13:30:00Z"))).isEqualTo("2026-12-01T13:30:00.000000Z");
        assertThat(Csv.time(OffsetDateTime.parse("2026-12-01T13:30:19.45+01:00")))
                .isEqualTo("2026-12-01T12:30:19.450000Z");
        assertThat(Csv.time(null)).isNull();
    }
}
