package io.leadline.dashboard;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reading a CSV file of leads (RFC 4180): UTF-8 with or without a byte order mark, comma or
 * semicolon separated (whichever the header line has more of, outside quotes), fields optionally in
 * double quotes with commas, line breaks and doubled quotes inside, lines ending in CRLF, LF or CR.
 * Columns are matched by header name (case, spaces, {@code _}, {@code -} and {@code .} ignored): the
 * names {@link Csv} exports and common aliases. The apostrophe the export puts before a cell a
 * spreadsheet would run as a formula ({@code '+1 555}) is taken off again.
 */
final class CsvImport {

    /** The largest file imported: a few times a 20,000-row export of typical leads. */
    static final int MAX_BYTES = 5 * 1024 * 1024;

    /** The most data rows of one file; a larger one is refused as a whole, before any row is written. */
    static final int MAX_ROWS = 20_000;

    /** The most names (columns, tags) one message lists; the rest are counted. */
    static final int LISTED = 20;

    /** The most characters of a name from the file (a header cell, a tag) a message repeats. */
    static final int SHOWN_CHARS = 60;

    /** The lead fields a column can fill; {@code NAME} (a full name) fills first and last name when they are blank. */
    enum Column {
        FIRST_NAME("firstName", "first name"),
        LAST_NAME("lastName", "last name"),
        NAME("name", "name"),
        EMAIL("email", "email"),
        PHONE("phone", "phone"),
        COMPANY("company", "company"),
        WEBSITE("website", "website"),
        SOURCE("source", "source"),
        ADDRESS("address", "address"),
        CITY("city", "city"),
        STATE("state", "state"),
        ZIPCODE("zipcode", "ZIP code"),
        STATUS("status", "status"),
        TAGS("tags", "tags");

        final String field;
        final String label;

        Column(String field, String label) {
            this.field = field;
            this.label = label;
        }
    }

    /** Header names (as {@link #key} leaves them) and the column each fills. */
    private static final Map<String, Column> NAMES = new LinkedHashMap<>();

    static {
        names(Column.FIRST_NAME, "firstname", "first", "givenname", "forename");
        names(Column.LAST_NAME, "lastname", "last", "surname", "familyname");
        names(Column.NAME, "name", "fullname", "contactname");
        names(Column.EMAIL, "email", "emailaddress", "mail", "e-mail");
        names(Column.PHONE, "phone", "phonenumber", "telephone", "tel", "mobile", "mobilephone", "cell");
        names(Column.COMPANY, "company", "companyname", "organization", "organisation", "accountname");
        names(Column.WEBSITE, "website", "web", "url", "site", "homepage");
        names(Column.SOURCE, "source", "leadsource");
        names(Column.ADDRESS, "address", "street", "streetaddress", "address1");
        names(Column.CITY, "city", "town");
        names(Column.STATE, "state", "province", "region", "county");
        names(Column.ZIPCODE, "zipcode", "zip", "postcode", "postalcode");
        names(Column.STATUS, "status", "leadstatus");
        names(Column.TAGS, "tags", "tag", "labels");
    }

    private static void names(Column column, String... names) {
        for (String name : names) {
            NAMES.put(key(name), column);
        }
    }

    /** The whole file refused (not UTF-8, too many rows, an unclosed quote…): a sentence for the form. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** One data row: its number as a spreadsheet shows it (the header is row 1) and its cells. */
    record Row(int number, List<String> cells) {

        /** The row's cell of {@code index}, without the export's formula guard; null when blank or absent. */
        String cell(int index) {
            if (index < 0 || index >= cells.size()) {
                return null;
            }
            String value = cells.get(index);
            if (value.length() > 1 && value.charAt(0) == '\'' && "=+-@\t\r".indexOf(value.charAt(1)) >= 0) {
                value = value.substring(1);
            }
            return value.isBlank() ? null : value;
        }
    }

    /** A parsed file: the header's cells, the separator found, and the data rows (blank lines left out). */
    record Table(List<String> header, char separator, List<Row> rows) {}

    /** Which header cell fills which field, and the header cells nothing reads (as written). */
    record Columns(Map<Column, Integer> index, List<String> ignored) {

        int of(Column column) {
            return index.getOrDefault(column, -1);
        }
    }

    private CsvImport() {}

    /** A header name as matched: lower case, without spaces, {@code _}, {@code -} and {@code .}. */
    static String key(String header) {
        return header.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_.\\-]+", "");
    }

    static Table parse(byte[] bytes) throws Refused {
        return parse(bytes, MAX_ROWS);
    }

    static Table parse(byte[] bytes, int maxRows) throws Refused {
        String text = decode(bytes);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        char separator = separator(text);
        List<String> header = null;
        List<Row> rows = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int record = 0;
        int line = 1;
        int i = 0;
        int n = text.length();
        if (n == 0) {
            throw new Refused("The file is empty.");
        }
        while (i < n) {
            record++;
            cells.clear();
            boolean endOfRecord = false;
            while (!endOfRecord) {
                cell.setLength(0);
                if (i < n && text.charAt(i) == '"') {
                    int opened = line;
                    i++;
                    while (true) {
                        if (i >= n) {
                            throw new Refused("Row " + record + " (line " + opened
                                    + "): a quoted field is never closed — a \" is missing.");
                        }
                        char c = text.charAt(i);
                        if (c == '"') {
                            if (i + 1 < n && text.charAt(i + 1) == '"') {
                                cell.append('"');
                                i += 2;
                                continue;
                            }
                            i++;
                            break;
                        }
                        if (c == '\n' || (c == '\r' && (i + 1 >= n || text.charAt(i + 1) != '\n'))) {
                            line++;
                        }
                        cell.append(c);
                        i++;
                    }
                }
                // Unquoted text, or what follows a closing quote (kept as it is, as spreadsheets do).
                while (i < n) {
                    char c = text.charAt(i);
                    if (c == separator || c == '\n' || c == '\r') {
                        break;
                    }
                    cell.append(c);
                    i++;
                }
                cells.add(cell.toString());
                if (i >= n) {
                    endOfRecord = true;
                } else if (text.charAt(i) == separator) {
                    i++;
                } else {
                    i += text.charAt(i) == '\r' && i + 1 < n && text.charAt(i + 1) == '\n' ? 2 : 1;
                    line++;
                    endOfRecord = true;
                }
            }
            boolean blank = cells.stream().allMatch(String::isBlank);
            if (header == null) {
                if (blank) {
                    throw new Refused("The first line of the file must name the columns (first_name, last_name,"
                            + " email…); it is blank.");
                }
                header = List.copyOf(cells);
            } else if (!blank) {
                if (rows.size() == maxRows) {
                    throw new Refused("The file has more than " + String.format(Locale.ROOT, "%,d", maxRows)
                            + " rows: split it into smaller files.");
                }
                rows.add(new Row(record, List.copyOf(cells)));
            }
        }
        if (header == null) {
            throw new Refused("The file is empty.");
        }
        return new Table(header, separator, rows);
    }

    /**
     * Matches the header's cells to lead fields; a cell nothing reads is listed as ignored. Two
     * cells for one field are refused (which of them would count is a guess).
     */
    static Columns columns(List<String> header) throws Refused {
        Map<Column, Integer> index = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            Column column = NAMES.get(key(name));
            if (column == null) {
                if (!name.isBlank()) {
                    ignored.add(name.strip());
                }
                continue;
            }
            Integer earlier = index.putIfAbsent(column, i);
            if (earlier != null) {
                throw new Refused("Columns " + (earlier + 1) + " (“" + shown(header.get(earlier)) + "”) and "
                        + (i + 1) + " (“" + shown(name) + "”) both hold the " + column.label
                        + ": keep one of them.");
            }
        }
        if (!index.containsKey(Column.NAME)
                && !(index.containsKey(Column.FIRST_NAME) && index.containsKey(Column.LAST_NAME))) {
            throw new Refused("No column holds the names: the header needs first_name and last_name (or a"
                    + " full name column, name). Columns found: " + String.join(", ", listed(header)) + ".");
        }
        return new Columns(index, listed(ignored));
    }

    /**
     * A row's first and last name: its own columns, else its full name split before the last word
     * ("Mary Ann Smith" is Mary Ann, Smith; a single word is a first name only).
     */
    static String[] names(Row row, Columns columns) {
        String first = row.cell(columns.of(Column.FIRST_NAME));
        String last = row.cell(columns.of(Column.LAST_NAME));
        String full = row.cell(columns.of(Column.NAME));
        if (first == null && last == null && full != null) {
            String name = full.strip();
            int space = lastSpace(name);
            return space < 0
                    ? new String[] {name, null}
                    : new String[] {
                        name.substring(0, space).strip(),
                        name.substring(space + 1).strip()
                    };
        }
        return new String[] {first, last};
    }

    /** A tags cell: names separated by {@code ;}, as the export writes them, each once. */
    static List<String> tagNames(String cell) {
        if (cell == null) {
            return List.of();
        }
        // A set: a cell of a few megabytes may hold hundreds of thousands of names.
        Set<String> out = new LinkedHashSet<>();
        for (String name : cell.split(";")) {
            if (!name.isBlank()) {
                out.add(name.strip());
            }
        }
        return List.copyOf(out);
    }

    /** A name from the file as a message repeats it: stripped, at most {@link #SHOWN_CHARS} characters. */
    static String shown(String name) {
        String s = name.strip();
        return s.length() <= SHOWN_CHARS ? s : s.substring(0, SHOWN_CHARS - 1).strip() + "…";
    }

    /**
     * Names as a message lists them: the first {@link #LISTED}, each {@link #shown}, then how many
     * more there are ("and 1,234 more"), so that a file of many columns or tags is not repeated whole.
     */
    static List<String> listed(List<String> names) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < names.size() && i < LISTED; i++) {
            out.add(shown(names.get(i)));
        }
        if (names.size() > LISTED) {
            out.add(String.format(Locale.ROOT, "and %,d more", names.size() - LISTED));
        }
        return out;
    }

    private static int lastSpace(String s) {
        for (int i = s.length() - 1; i >= 0; i--) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String decode(byte[] bytes) throws Refused {
        try {
            CharBuffer chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new Refused("The file is not UTF-8 text. In Excel save it as “CSV UTF-8 (Comma delimited)”;"
                    + " in other programs choose the UTF-8 encoding when saving.");
        }
    }

    /** Semicolon when the header line (outside quotes) has more semicolons than commas, else comma. */
    private static char separator(String text) {
        int commas = 0;
        int semicolons = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                break;
            } else if (!quoted && c == ',') {
                commas++;
            } else if (!quoted && c == ';') {
                semicolons++;
            }
        }
        return semicolons > commas ? ';' : ',';
    }
}
