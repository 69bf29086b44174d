package io.leadline.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** What a client reads when its body is not JSON: what and where, in its terms, never the parser's. */
class JsonBodiesTests {

    private static final JsonMapper JSON = mapper();

    private static JsonMapper mapper() {
        JsonMapper.Builder builder = JsonMapper.builder();
        new Json().strictJson().customize(builder);
        return builder.build();
    }

    private static String messageFor(String body) {
        JacksonException e = catchThrowableOfType(JacksonException.class, () -> JSON.readTree(body));
        assertThat(e).as(body).isNotNull();
        return JsonBodies.message(e);
    }

    @Test
    void syntaxErrorsSayWhatAndWhere() {
        assertThat(messageFor("{\"name\": x}"))
                .isEqualTo("The request body is not valid JSON: unexpected word 'x' at line 1, column 10.");
        assertThat(messageFor("{\"a\":1,}"))
                .isEqualTo("The request body is not valid JSON: unexpected character '}' at line 1, column 8.");
        assertThat(messageFor("{\"a\":"))
                .isEqualTo(
                        "The request body is not valid JSON: it ends before the JSON value does at line 1, column 6.");
        assertThat(messageFor("{\"a\":1} 2"))
                .startsWith("The request body is not valid JSON: more follows the JSON value");
        assertThat(messageFor("{\"a\":\"\\uZZZZ\"}")).contains("invalid escape sequence in a string");
        assertThat(messageFor("{\"a\":NaN}")).contains("unexpected word 'NaN'");
        assertThat(messageFor("{\"a\":\"\u0001\"}")).contains("a control character inside a string must be escaped");
    }

    @Test
    void limitsAreNamedWithTheirSizeNotTheParserSetting() {
        assertThat(messageFor("{\"a\":" + "[".repeat(1100) + "]".repeat(1100) + "}"))
                .isEqualTo("The request body nests arrays and objects deeper than 500 levels.");
        assertThat(messageFor("{\"a\":" + "9".repeat(1100) + "}"))
                .isEqualTo("The request body has a number longer than 1000 characters.");
    }

    @Test
    void noMessageNamesTheLibrary() {
        for (String body : List.of(
                "{\"name\": x}",
                "{'a':1}",
                "{\"a\":1} 2",
                "{\"a\":NaN}",
                "{\"a\":01}",
                "{\"a\":1 /* c */}",
                "{\"a\":" + "[".repeat(1100),
                "{\"a\":" + "9".repeat(1100) + "}",
                "{\"a\":1,\"a\":2}")) {
            assertThat(messageFor(body))
                    .as(body)
                    .startsWith("The request body ")
                    .doesNotContain("`", "Feature", "Constraints", "jackson", "JsonToken", "REDACTED");
        }
    }

    @Test
    void aDuplicatedFieldIsNamedWithItsPath() {
        assertThat(messageFor("{\"email\":\"a@b.co\",\"email\":\"c@d.co\"}"))
                .isEqualTo("The request body is not valid JSON: the field \"email\" appears more than once"
                        + " at line 1, column 26.");
        JacksonException nested = catchThrowableOfType(
                JacksonException.class, () -> JSON.readTree("{\"x\":{\"b\":[1,{\"c\":1,\"c\":2}]}}"));
        ApiException answer = JsonBodies.invalid(nested);
        assertThat(answer.code()).isEqualTo("INVALID_JSON");
        assertThat(answer.errors()).containsExactly(new ApiError.FieldError("x.b[1].c", "appears more than once"));
    }

    @Test
    void bytesThatAreNotTextInTheirCharsetAreRefusedNotReplaced() {
        byte[] overlong = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'};
        ApiException e = catchThrowableOfType(ApiException.class, () -> JsonBodies.text(overlong, null));
        assertThat(e.code()).isEqualTo("INVALID_JSON");
        assertThat(e.getMessage())
                .isEqualTo("The request body is not valid UTF-8 text: invalid byte 0xC0 at line 1, column 7.");
        byte[] secondLine = "{\n \"é\": \"\u00ff".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bad = java.util.Arrays.copyOf(secondLine, secondLine.length + 1);
        bad[secondLine.length] = (byte) 0xFF;
        assertThat(catchThrowableOfType(ApiException.class, () -> JsonBodies.text(bad, null))
                        .getMessage())
                .isEqualTo("The request body is not valid UTF-8 text: invalid byte 0xFF at line 2, column 9.");
        assertThat(JsonBodies.text("{\"n\":\"Zoë 🚀\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), null))
                .isEqualTo("{\"n\":\"Zoë 🚀\"}");
        assertThat(JsonBodies.text(new byte[] {'"', (byte) 0xE9, '"'}, java.nio.charset.StandardCharsets.ISO_8859_1))
                .isEqualTo("\"é\"");
    }

    @Test
    void theInPlaceUtf8CheckAgreesWithTheJdksStrictDecoder() {
        java.util.Random random = new java.util.Random(42);
        int[] interesting = {
            0x00, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF
        };
        for (int round = 0; round < 200_000; round++) {
            byte[] b = new byte[random.nextInt(7)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte)
                        (random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : random.nextInt(256));
            }
            assertThat(JsonBodies.wellFormedUtf8(b))
                    .as(java.util.HexFormat.of().formatHex(b))
                    .isEqualTo(strict(b));
        }
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp += cp < 0x10000 ? 1 : 97) {
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                continue;
            }
            byte[] b = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(JsonBodies.wellFormedUtf8(b)).as("U+%04X", cp).isTrue();
        }
        // Surrogates written as UTF-8 (CESU), overlongs, beyond U+10FFFF, cut short.
        for (String hex : new String[] {"eda080", "c0af", "e080af", "f08080af", "f4908080", "e282"}) {
            assertThat(JsonBodies.wellFormedUtf8(java.util.HexFormat.of().parseHex(hex)))
                    .as(hex)
                    .isFalse();
        }
    }

    private static boolean strict(byte[] b) {
        try {
            java.nio.charset.StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }
}
