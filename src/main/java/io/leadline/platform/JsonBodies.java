package io.leadline.platform;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;

/**
 * How every JSON endpoint reads a body and words what is wrong with it: the bytes must be valid in
 * their charset (UTF-8 unless the Content-Type names another; an overlong form or a lone byte is not
 * replaced by U+FFFD but refused), and a body Jackson cannot read gets a 400 INVALID_JSON whose
 * message says what and where in the client's terms — never the parser's own wording, which names its
 * classes and settings.
 */
public final class JsonBodies {

    private static final String NOT_JSON = "The request body is not valid JSON: ";
    private static final Pattern CHARACTER = Pattern.compile("^Unexpected character \\('(.)' \\(code \\d+\\)\\)");
    private static final Pattern TOKEN = Pattern.compile("^(?:Unrecognized|Non-standard) token '([^']*)'");
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate Object property \"");
    private static final Pattern LIMIT = Pattern.compile("maximum allowed \\((\\d+)");

    private JsonBodies() {}

    /**
     * Checks that the body is text in {@code charset} (UTF-8 when null) without building the text: the
     * bytes of a UTF-8 body are checked in place (the hot paths' case); 400 INVALID_JSON as {@link
     * #text} says it otherwise.
     */
    public static void check(byte[] body, Charset charset) {
        if ((charset == null || charset.equals(StandardCharsets.UTF_8)) && wellFormedUtf8(body)) {
            return;
        }
        text(body, charset);
    }

    /**
     * Whether {@code b} is well-formed UTF-8 (RFC 3629, Table 3-7 of the Unicode standard): no lone
     * continuation byte, no overlong form, no surrogate, nothing above U+10FFFF, nothing cut short.
     */
    static boolean wellFormedUtf8(byte[] b) {
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int lo = 0x80;
            int hi = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                lo = c == 0xE0 ? 0xA0 : 0x80;
                hi = c == 0xED ? 0x9F : 0xBF;
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                lo = c == 0xF0 ? 0x90 : 0x80;
                hi = c == 0xF4 ? 0x8F : 0xBF;
            } else {
                return false;
            }
            if (i + n >= b.length) {
                return false; // cut short
            }
            int second = b[i + 1] & 0xFF;
            if (second < lo || second > hi) {
                return false;
            }
            for (int k = 2; k <= n; k++) {
                int next = b[i + k] & 0xFF;
                if (next < 0x80 || next > 0xBF) {
                    return false;
                }
            }
            i += n + 1;
        }
        return true;
    }

    /**
     * The body as text in {@code charset} (UTF-8 when null); 400 INVALID_JSON naming where the bytes
     * stop being text in that charset.
     */
    public static String text(byte[] body, Charset charset) {
        Charset cs = charset == null ? StandardCharsets.UTF_8 : charset;
        CharsetDecoder decoder = cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate((int) (body.length * (double) decoder.maxCharsPerByte()) + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw invalidText(cs, body, in.position(), out.flip());
        }
        return out.flip().toString();
    }

    private static ApiException invalidText(Charset charset, byte[] body, int offset, CharBuffer before) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < before.length(); i++) {
            char c = before.charAt(i);
            if (c == '\n') {
                line++;
                column = 1;
            } else if (!Character.isLowSurrogate(c)) {
                column++;
            }
        }
        String name = charset.equals(StandardCharsets.UTF_8) ? "UTF-8" : charset.name();
        String at = offset < body.length ? String.format(Locale.ROOT, "byte 0x%02X", body[offset] & 0xFF) : "the end";
        return new ApiException(
                HttpStatus.BAD_REQUEST,
                "INVALID_JSON",
                "The request body is not valid " + name + " text: invalid " + at + " at line " + line + ", column "
                        + column + ".");
    }

    /** 400 INVALID_JSON for a body Jackson could not read; a duplicated field is also named in errors. */
    public static ApiException invalid(JacksonException e) {
        String field = duplicate(e);
        return new ApiException(
                HttpStatus.BAD_REQUEST,
                "INVALID_JSON",
                message(e),
                field == null ? null : List.of(new ApiError.FieldError(field, "appears more than once")),
                Map.of(),
                null);
    }

    /** What is wrong with a body Jackson could not read, in a client's terms. */
    public static String message(JacksonException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            Matcher limit = LIMIT.matcher(original);
            String n = limit.find() ? limit.group(1) : null;
            if (original.startsWith("Document nesting depth")) {
                return n == null
                        ? "The request body nests arrays and objects too deeply."
                        : "The request body nests arrays and objects deeper than " + n + " levels.";
            }
            if (original.startsWith("Number value length")) {
                return "The request body has a number longer than " + (n == null ? "allowed" : n + " characters") + ".";
            }
            if (original.startsWith("String value length")) {
                return "The request body has a string longer than " + (n == null ? "allowed" : n + " characters") + ".";
            }
            if (original.startsWith("Name length")) {
                return "The request body has a field name longer than " + (n == null ? "allowed" : n + " characters")
                        + ".";
            }
            return "The request body is larger or more deeply structured than this endpoint reads.";
        }
        String field = duplicate(e);
        if (field != null) {
            return NOT_JSON + "the field \"" + field + "\" appears more than once" + where(e) + ".";
        }
        return NOT_JSON + reason(e, original) + where(e) + ".";
    }

    private static String reason(JacksonException e, String original) {
        if (e instanceof UnexpectedEndOfInputException) {
            return "it ends before the JSON value does";
        }
        if (original.startsWith("Trailing token")) {
            return "more follows the JSON value";
        }
        if (original.startsWith("Invalid UTF-8")) {
            return "it is not valid UTF-8 text";
        }
        if (original.startsWith("Unrecognized character escape") || original.contains("character escape sequence")) {
            return "invalid escape sequence in a string";
        }
        Matcher character = CHARACTER.matcher(original);
        if (character.find()) {
            return "unexpected character '" + character.group(1) + "'";
        }
        Matcher token = TOKEN.matcher(original);
        if (token.find()) {
            String word = token.group(1);
            return "unexpected word '" + (word.length() > 40 ? word.substring(0, 40) + "…" : word) + "'";
        }
        if (original.startsWith("Illegal unquoted character")) {
            return "a control character inside a string must be escaped";
        }
        if (original.contains("numeric value") || original.contains("Leading zeroes")) {
            return "invalid number";
        }
        if (original.startsWith("Unexpected character")) {
            return "unexpected character";
        }
        return "unexpected input";
    }

    /** " at line L, column C" where the parser stopped, when it says. */
    private static String where(JacksonException e) {
        TokenStreamLocation location = e.getLocation();
        if (location == null || location.getLineNr() < 1 || location.getColumnNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** The duplicated field's path ({@code attributes.a}, {@code x[1].c}); null for another problem. */
    static String duplicate(JacksonException e) {
        if (!(e instanceof StreamReadException read)
                || e.getOriginalMessage() == null
                || !DUPLICATE.matcher(e.getOriginalMessage()).find()) {
            return null;
        }
        JsonParser parser = read.processor();
        TokenStreamContext context = parser == null ? null : parser.streamReadContext();
        Deque<String> parts = new ArrayDeque<>();
        for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.currentName() != null) {
                parts.addFirst(c.currentName());
            } else if (c.inArray()) {
                parts.addFirst("[" + c.getCurrentIndex() + "]");
            }
        }
        if (parts.isEmpty()) {
            String original = e.getOriginalMessage();
            return original.substring(original.indexOf('"') + 1, original.lastIndexOf('"'));
        }
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            if (!path.isEmpty() && !part.startsWith("[")) {
                path.append('.');
            }
            path.append(part);
        }
        return path.toString();
    }
}
