package io.leadline.dashboard;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One CSV line (RFC 4180). A cell that a spreadsheet would read as a formula (starting with = + - @
 * or a tab/carriage return) is prefixed with an apostrophe, so an exported lead cannot run code.
 */
final class Csv {

    /** Date-times as in the API's answers: UTC, always six fractional digits (docs/decisions.md). */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSX");

    private Csv() {}

    /**
     * {@code 2026-12-01T13:30:00.450000Z}, so one pattern reads the whole column; {@code toString()}
     * drops trailing zeros and even the seconds ({@code 2026-12-01T13:30Z}).
     */
    static String time(OffsetDateTime value) {
        return value == null ? null : TIME.format(value.withOffsetSameInstant(ZoneOffset.UTC));
    }

    static String row(List<?> cells) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        return out.append("\r\n").toString();
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") || s.contains("'")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
