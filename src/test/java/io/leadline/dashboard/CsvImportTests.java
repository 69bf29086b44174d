package io.leadline.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvImportTests {

    private static CsvImport.Table parse(String text) throws CsvImport.Refused {
        return CsvImport.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<List<String>> cells(CsvImport.Table table) {
        return table.rows().stream().map(CsvImport.Row::cells).toList();
    }

    @Test
    void readsAHeaderAndRowsSeparatedByCommas() throws Exception {
        CsvImport.Table table = parse("first_name,last_name,email\r\nAnn,Lee,ann@x.test\r\nBo,Kim,\r\n");
        assertThat(table.header()).containsExactly("first_name", "last_name", "email");
        assertThat(table.separator()).isEqualTo(',');
        assertThat(cells(table)).containsExactly(List.of("Ann", "Lee", "ann@x.test"), List.of("Bo", "Kim", ""));
        assertThat(table.rows()).extracting(CsvImport.Row::number).containsExactly(2, 3);
    }

    @Test
    void takesOffAByteOrderMark() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "email,first name\nzoë@x.test,Zoë\n".getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, file, 0, bom.length);
        System.arraycopy(body, 0, file, bom.length, body.length);
        CsvImport.Table table = CsvImport.parse(file);
        assertThat(table.header()).containsExactly("email", "first name");
        assertThat(cells(table)).containsExactly(List.of("zoë@x.test", "Zoë"));
    }

    @Test
    void quotedFieldsHoldSeparatorsLineBreaksAndDoubledQuotes() throws Exception {
        CsvImport.Table table = parse("name,company,address\n"
                + "\"Lee, Ann\",\"Acme \"\"Rockets\"\"\",\"1 Main St\r\nSuite 2\"\n"
                + "Bo Kim,\"\",x\n");
        assertThat(cells(table))
                .containsExactly(
                        List.of("Lee, Ann", "Acme \"Rockets\"", "1 Main St\r\nSuite 2"), List.of("Bo Kim", "", "x"));
        // Row numbers count records, as a spreadsheet shows them, not lines.
        assertThat(table.rows()).extracting(CsvImport.Row::number).containsExactly(2, 3);
    }

    @Test
    void aHeaderWithMoreSemicolonsThanCommasIsSemicolonSeparated() throws Exception {
        CsvImport.Table table = parse("Vorname;Nachname;email;company\nJürgen;Groß;j@x.test;Müller, Söhne\n");
        assertThat(table.separator()).isEqualTo(';');
        assertThat(cells(table)).containsExactly(List.of("Jürgen", "Groß", "j@x.test", "Müller, Söhne"));
    }

    @Test
    void linesEndInLfCrlfOrCrAndBlankLinesAreSkipped() throws Exception {
        CsvImport.Table table = parse("a,b\rA,B\n\n,\r\nC,D");
        assertThat(cells(table)).containsExactly(List.of("A", "B"), List.of("C", "D"));
        assertThat(table.rows()).extracting(CsvImport.Row::number).containsExactly(2, 5);
    }

    @Test
    void anUnclosedQuoteRefusesTheFileNamingWhereItOpened() {
        assertThatThrownBy(() -> parse("a,b\nx,y\n\"open,z\nmore\n"))
                .isInstanceOf(CsvImport.Refused.class)
                .hasMessageContaining("Row 3 (line 3)")
                .hasMessageContaining("never closed");
    }

    @Test
    void textThatIsNotUtf8IsRefused() {
        byte[] latin1 = "name\nZo\u00eb Lee\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> CsvImport.parse(latin1))
                .isInstanceOf(CsvImport.Refused.class)
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void anEmptyFileOrABlankHeaderIsRefused() {
        assertThatThrownBy(() -> parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> parse("\n\nAnn,Lee\n")).hasMessageContaining("must name the columns");
    }

    @Test
    void moreRowsThanTheLimitAreRefusedAndTheLimitItselfIsNot() throws Exception {
        String three = "a\n1\n2\n3\n";
        assertThat(CsvImport.parse(three.getBytes(StandardCharsets.UTF_8), 3).rows())
                .hasSize(3);
        assertThatThrownBy(() -> CsvImport.parse((three + "4\n").getBytes(StandardCharsets.UTF_8), 3))
                .isInstanceOf(CsvImport.Refused.class)
                .hasMessageContaining("more than 3 rows");
    }

    @Test
    void columnsMatchTheExportsNamesAndAliasesIgnoringCaseAndSpacing() throws Exception {
        CsvImport.Columns columns = CsvImport.columns(List.of(
                "id", "First Name", "LAST_NAME", "E-Mail", "Phone Number", "organisation", "Zip", "Tags", "utm", ""));
        assertThat(columns.of(CsvImport.Column.FIRST_NAME)).isEqualTo(1);
        assertThat(columns.of(CsvImport.Column.LAST_NAME)).isEqualTo(2);
        assertThat(columns.of(CsvImport.Column.EMAIL)).isEqualTo(3);
        assertThat(columns.of(CsvImport.Column.PHONE)).isEqualTo(4);
        assertThat(columns.of(CsvImport.Column.COMPANY)).isEqualTo(5);
        assertThat(columns.of(CsvImport.Column.ZIPCODE)).isEqualTo(6);
        assertThat(columns.of(CsvImport.Column.TAGS)).isEqualTo(7);
        assertThat(columns.of(CsvImport.Column.CITY)).isEqualTo(-1);
        assertThat(columns.ignored()).containsExactly("id", "utm");
    }

    @Test
    void twoColumnsForOneFieldOrNoNameColumnAreRefused() {
        assertThatThrownBy(() -> CsvImport.columns(List.of("first_name", "last_name", "email", "E-mail")))
                .hasMessageContaining("Columns 3 (“email”) and 4 (“E-mail”) both hold the email");
        assertThatThrownBy(() -> CsvImport.columns(List.of("email", "phone"))).hasMessageContaining("first_name");
    }

    @Test
    void aFullNameIsSplitBeforeItsLastWordWhenFirstAndLastAreBlank() throws Exception {
        CsvImport.Columns columns = CsvImport.columns(List.of("first_name", "last_name", "name"));
        assertThat(CsvImport.names(new CsvImport.Row(2, List.of("", "", "Mary Ann  Smith")), columns))
                .containsExactly("Mary Ann", "Smith");
        assertThat(CsvImport.names(new CsvImport.Row(3, List.of("", "", "Cher")), columns))
                .containsExactly("Cher", null);
        assertThat(CsvImport.names(new CsvImport.Row(4, List.of("Ann", "Lee", "Someone Else")), columns))
                .containsExactly("Ann", "Lee");
    }

    @Test
    void theExportsFormulaGuardIsTakenOffAndBlankCellsAreAbsent() {
        CsvImport.Row row = new CsvImport.Row(2, List.of("'+1 555 0100", "'=cmd", "O'Brien", "  ", "'plain"));
        assertThat(row.cell(0)).isEqualTo("+1 555 0100");
        assertThat(row.cell(1)).isEqualTo("=cmd");
        assertThat(row.cell(2)).isEqualTo("O'Brien");
        assertThat(row.cell(3)).isNull();
        assertThat(row.cell(4)).isEqualTo("'plain");
        assertThat(row.cell(9)).isNull();
        assertThat(row.cell(-1)).isNull();
    }

    @Test
    void tagsAreNamesSeparatedBySemicolons() {
        assertThat(CsvImport.tagNames("Hot; Fair 2026;;hot ; Hot")).containsExactly("Hot", "Fair 2026", "hot");
        assertThat(CsvImport.tagNames(null)).isEmpty();
    }

    @Test
    void anExportedRowReadsBackCellForCell() throws Exception {
        List<String> exported = List.of("Ann", "+1 555", "say \"hi\", ok", "line\nbreak", "=SUM(A1)");
        CsvImport.Table table = parse(Csv.row(List.of("a", "b", "c", "d", "e")) + Csv.row(exported));
        CsvImport.Row row = table.rows().getFirst();
        for (int i = 0; i < exported.size(); i++) {
            assertThat(row.cell(i)).isEqualTo(exported.get(i));
        }
    }

    @Test
    void aTagsCellOfHundredsOfThousandsOfNamesIsSplitInLinearTime() {
        StringBuilder cell = new StringBuilder();
        for (int i = 0; i < 300_000; i++) {
            cell.append("tag").append(i).append(';');
        }
        // The names were checked against every earlier one (ArrayList.contains): minutes for a 5 MB cell.
        List<String> names = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(5), () -> CsvImport.tagNames(cell + "tag0;tag1"));
        assertThat(names).hasSize(300_000).startsWith("tag0", "tag1");
    }

    @Test
    void messagesListAFewNamesFromTheFileShortenedAndCountTheRest() throws Exception {
        List<String> header = new java.util.ArrayList<>(List.of("first_name", "last_name"));
        for (int i = 0; i < 5_000; i++) {
            header.add("extra " + i);
        }
        header.add("x".repeat(100_000));
        CsvImport.Columns columns = CsvImport.columns(header);
        assertThat(columns.ignored()).hasSize(CsvImport.LISTED + 1).startsWith("extra 0");
        assertThat(columns.ignored().getLast()).isEqualTo("and 4,981 more");

        assertThatThrownBy(() -> CsvImport.columns(header.subList(2, header.size())))
                .hasMessageContaining("Columns found: extra 0, extra 1,")
                .hasMessageEndingWith(", and 4,981 more.")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(1_000));
        String longName = "first " + "_".repeat(100_000) + "name";
        assertThatThrownBy(() -> CsvImport.columns(List.of("first_name", "last_name", longName)))
                .hasMessageContaining("both hold the first name")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
        assertThat(CsvImport.shown("  " + "y".repeat(61) + " "))
                .hasSize(CsvImport.SHOWN_CHARS)
                .endsWith("…");
        assertThat(CsvImport.shown(" short ")).isEqualTo("short");
    }

    @Test
    void aRowsUnknownTagsAreOneNoteHoweverManyItNames() {
        assertThat(LeadImportController.unknownTags(List.of("VIP")))
                .isEqualTo("Tag “VIP” does not exist in this workspace: not added.");
        assertThat(LeadImportController.unknownTags(List.of("A", "B")))
                .isEqualTo("Tags “A”, “B” do not exist in this workspace: not added.");
        List<String> many = java.util.stream.IntStream.range(0, 100_000)
                .mapToObj(i -> "t" + i)
                .toList();
        assertThat(LeadImportController.unknownTags(many))
                .startsWith("Tags “t0”, “t1”,")
                .endsWith("“t19” and 99,980 more do not exist in this workspace: not added.");
    }

    @Test
    void aFileJustOverTheLimitNeverReadsAsTheLimitItself() {
        assertThat(LeadImportController.tooLarge(CsvImport.MAX_BYTES + 1L))
                .startsWith("The file is 5.01 MB (5,242,881 bytes); at most 5 MB (5,242,880 bytes)");
        assertThat(LeadImportController.tooLarge(7L * 1024 * 1024)).startsWith("The file is 7.00 MB");
    }
}
