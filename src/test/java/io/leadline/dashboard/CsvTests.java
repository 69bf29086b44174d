package io.leadline.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

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
}
