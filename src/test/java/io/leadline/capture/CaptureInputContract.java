package io.leadline.capture;

import static io.leadline.capture.Capturing.email;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testing.TestApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Bad input gets a clear 4xx and never a lead. A well-formed JSON object with bad fields is kept as a
 * rejected_invalid submission (nothing a visitor typed is lost); a body that is not JSON, not an
 * object, or too large is not stored at all.
 */
abstract class CaptureInputContract {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestApi api;
    Capturing capturing;

    @BeforeEach
    void connect() {
        api = new TestApi(port);
        capturing = new Capturing(api, jdbc);
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("{\"name\": 42}", "name", "must be a string"),
                Arguments.of("{\"name\": [\"Jane\"]}", "name", "must be a string"),
                Arguments.of("{\"email\": true}", "email", "must be a string"),
                Arguments.of("{\"email\": {\"a\": 1}}", "email", "must be a string"),
                Arguments.of("{\"phone\": 5551234}", "phone", "must be a string"),
                Arguments.of("{\"attributes\": [1, 2]}", "attributes", "must be an object"),
                Arguments.of("{\"attributes\": \"plan=pro\"}", "attributes", "must be an object"),
                Arguments.of(
                        "{\"attributes\": {\"a\": {\"b\": {\"c\": {\"d\": 1}}}}}",
                        "attributes.a.b.c",
                        "must not nest arrays or objects more than 3 levels deep"),
                Arguments.of(
                        "{\"attributes\": {\"a\": [1e5000]}}",
                        "attributes.a[0]",
                        "must be a number of at most 1000 digits before or after the point"),
                Arguments.of("{\"source_url\": 1}", "source_url", "must be a string"),
                Arguments.of("{\"referrer\": false}", "referrer", "must be a string"),
                Arguments.of("{\"utm\": \"utm_source=google\"}", "utm", "must be an object of strings"),
                Arguments.of("{\"utm\": [\"google\"]}", "utm", "must be an object of strings"),
                Arguments.of("{\"utm\": {\"utm_source\": 7}}", "utm.utm_source", "must be a string"),
                Arguments.of("{\"page_trail\": \"/a\"}", "page_trail", "must be an array of strings"),
                Arguments.of("{\"page_trail\": {\"0\": \"/a\"}}", "page_trail", "must be an array of strings"),
                Arguments.of("{\"page_trail\": [\"/a\", 2]}", "page_trail[1]", "must be a string"),
                Arguments.of("{\"email\": \"jane@\"}", "email", "must be a valid email address"),
                Arguments.of("{\"phone\": \"call me\"}", "phone", "must contain digits"),
                Arguments.of("{\"name\": \"Ja\\u0000ne\"}", "name", "must not contain NUL characters"),
                Arguments.of("{\"name\": \"Ja\\ud800ne\"}", "name", "must not contain unpaired surrogate characters"),
                Arguments.of(
                        "{\"attributes\": {\"k\": \"\\udc00\"}}",
                        "attributes.k",
                        "must not contain unpaired surrogate characters"),
                // Fields this API does not read are still kept and shown on the timeline: storable text only.
                Arguments.of(
                        "{\"email\": \"jane@acme.com\", \"zzz\": \"\\u0000\"}",
                        "zzz",
                        "must not contain NUL characters"),
                Arguments.of("{\"zzz\": {\"deep\": [\"ok\", \"x\\u0000\"]}}", "zzz", "must not contain NUL characters"),
                Arguments.of("{\"zzz\": {\"k\\u0000\": 1}}", "zzz", "must not contain NUL characters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongTypes")
    void wrongTypeOrFormatIs400NamingTheFieldAndNoLead(String json, String field, String message) {
        assertRejected(json, field, message);
    }

    static Stream<Arguments> overBounds() {
        String longEmail = "a".repeat(250) + "@x.com";
        return Stream.of(
                Arguments.of(object("name", quote("n".repeat(256))), "name", "must be at most 255 characters"),
                Arguments.of("{\"email\": " + quote(longEmail) + "}", "email", "must be at most 255 characters"),
                Arguments.of(object("phone", quote("1".repeat(51))), "phone", "must be at most 50 characters"),
                Arguments.of(
                        object("source_url", quote("https://a.test/" + "p".repeat(2040))),
                        "source_url",
                        "must be at most 2048 characters"),
                Arguments.of(
                        object("referrer", quote("https://a.test/" + "p".repeat(2040))),
                        "referrer",
                        "must be at most 2048 characters"),
                Arguments.of(object("attributes", keys(51, "\"v\"")), "attributes", "must have at most 50 keys"),
                Arguments.of(
                        object("attributes", "{" + quote("k".repeat(101)) + ": 1}"),
                        "attributes",
                        "keys must be 1 to 100 characters"),
                Arguments.of(
                        object("attributes", "{\"message\": " + quote("m".repeat(2001)) + "}"),
                        "attributes.message",
                        "must be at most 2000 characters"),
                Arguments.of(
                        object("attributes", "{\"tags\": [" + repeat(51, "\"t\"") + "]}"),
                        "attributes.tags",
                        "must have at most 50 items"),
                Arguments.of(object("utm", keys(21, "\"v\"")), "utm", "must have at most 20 keys"),
                Arguments.of(
                        object("utm", "{\"utm_source\": " + quote("s".repeat(501)) + "}"),
                        "utm.utm_source",
                        "must be at most 500 characters"),
                Arguments.of(
                        object("page_trail", "[" + repeat(101, "\"/p\"") + "]"),
                        "page_trail",
                        "must have at most 100 entries"),
                Arguments.of(
                        object("page_trail", "[" + quote("/" + "p".repeat(2048)) + "]"),
                        "page_trail[0]",
                        "must be at most 2048 characters"));
    }

    @ParameterizedTest(name = "{1} over its bound")
    @MethodSource("overBounds")
    void fieldOverItsBoundIs400NamingTheFieldAndNoLead(String json, String field, String message) {
        assertRejected(json, field, message);
    }

    @Test
    void noBreakSpacesAroundTextAreTrimmedToo() {
        Capturing.Site site = capturing.site();
        TestApi.Answer answer =
                capturing.submit(site, "{\"name\": \"\u00a0Zo\u00eb\u00a0\", \"email\": \"nbsp@example.com\"}");
        assertThat(answer.status()).isEqualTo(201);
        assertThat(capturing
                        .lead(site, answer.json().get("lead_id").asLong())
                        .get("name")
                        .asString())
                .isEqualTo("Zo\u00eb");
        // A zero-width space a copy brings at the end of an email is not part of the address.
        TestApi.Answer pasted = capturing.submit(site, "{\"email\": \"\u200bpasted@example.com\u200b\u2060\"}");
        assertThat(pasted.status()).isEqualTo(201);
        assertThat(capturing
                        .lead(site, pasted.json().get("lead_id").asLong())
                        .get("email")
                        .asString())
                .isEqualTo("pasted@example.com");
    }

    @Test
    void nestedAttributesAreKeptAsSent() {
        Capturing.Site site = capturing.site();
        TestApi.Answer answer = capturing.submit(
                site,
                "{\"email\": \"nested@example.com\", \"attributes\": {\"address\": {\"city\": \"Oslo\", \"zip\": 150},"
                        + " \"answers\": [[1, 2], {\"q\": \"size\"}]}}");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        JsonNode attributes =
                capturing.lead(site, answer.json().get("lead_id").asLong()).get("attributes");
        assertThat(attributes.get("address").get("city").asString()).isEqualTo("Oslo");
        assertThat(attributes.get("address").get("zip").asInt()).isEqualTo(150);
        assertThat(attributes.get("answers").get(0).get(1).asInt()).isEqualTo(2);
        assertThat(attributes.get("answers").get(1).get("q").asString()).isEqualTo("size");
    }

    @Test
    void numbersInAttributesAreKeptExactly() {
        Capturing.Site site = capturing.site();
        TestApi.Answer answer = capturing.submit(
                site,
                "{\"email\": \"numbers@example.com\", \"attributes\": {\"huge\": 1e400, \"tiny\": -1e-400,"
                        + " \"price\": 19.90, \"id\": 123456789012345678901234567890, \"n\": 7, \"zero\": -0.0,"
                        + " \"list\": [0.1, 1e-7]}}");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        String publicId = jdbc.sql("select public_id from leads where workspace_id = ?")
                .param(site.workspaceId())
                .query(String.class)
                .single();
        // Read as the JSON text says, not through doubles.
        JsonNode attributes = tools.jackson.databind.json.JsonMapper.builder()
                .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build()
                .readTree(api.get("/api/v1/leads/" + publicId, site.tenant().auth())
                        .body())
                .get("attributes");
        assertThat(attributes.get("huge").decimalValue()).isEqualTo(new java.math.BigDecimal("1E+400"));
        assertThat(attributes.get("tiny").decimalValue()).isEqualTo(new java.math.BigDecimal("-1E-400"));
        assertThat(attributes.get("price").decimalValue()).isEqualTo(new java.math.BigDecimal("19.90"));
        assertThat(attributes.get("id").bigIntegerValue())
                .isEqualTo(new java.math.BigInteger("123456789012345678901234567890"));
        assertThat(attributes.get("n").intValue()).isEqualTo(7);
        assertThat(attributes.get("list").get(0).decimalValue()).isEqualTo(new java.math.BigDecimal("0.1"));
        assertThat(attributes.get("list").get(1).decimalValue()).isEqualTo(new java.math.BigDecimal("1E-7"));
        assertThat(attributes.toString()).doesNotContain("Infinity");
    }

    @Test
    void valuesAtTheirBoundsAreAccepted() {
        Capturing.Site site = capturing.site();
        String json = "{"
                + String.join(
                        ",",
                        "\"name\": " + quote("n".repeat(255)),
                        "\"email\": " + quote("a".repeat(64) + "@" + ("d".repeat(60) + ".").repeat(3) + "example"),
                        "\"phone\": " + quote("1".repeat(50)),
                        "\"source_url\": " + quote("h".repeat(2048)),
                        "\"referrer\": " + quote("h".repeat(2048)),
                        "\"attributes\": " + keys(50, quote("v".repeat(100))),
                        "\"utm\": " + keys(20, quote("u".repeat(500))),
                        "\"page_trail\": [" + repeat(10, quote("p".repeat(2048))) + "]")
                + "}";
        TestApi.Answer answer = capturing.submit(site, json);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
    }

    @Test
    void everyBadFieldIsNamedInOneAnswer() {
        Capturing.Site site = capturing.site();
        TestApi.Answer answer =
                capturing.submit(site, "{\"name\": 1, \"email\": \"nope\", \"utm\": [], \"page_trail\": 3}");
        assertThat(answer.status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        answer.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("name", "email", "utm", "page_trail");
    }

    @Test
    void nullAndEmptyValuesCountAsAbsent() {
        Capturing.Site site = capturing.site();
        TestApi.Answer answer = capturing.submit(
                site, "{\"name\": null, \"email\": \"\", \"phone\": \"  \", \"utm\": null, \"page_trail\": null}");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        TestApi.Answer withAttributes = capturing.submit(
                site,
                "{\"email\": \"attrs@example.com\", \"attributes\": {\"e\": \"\", \"n\": null, \"s\": \"  x  \"}}");
        JsonNode attributes = capturing
                .lead(site, withAttributes.json().get("lead_id").asLong())
                .get("attributes");
        assertThat(attributes.propertyNames()).containsExactly("s");
        assertThat(attributes.get("s").asString()).isEqualTo("x");
    }

    @Test
    void brokenJsonIs400InvalidJsonAndNothingIsStored() {
        Capturing.Site site = capturing.site();
        for (String broken : List.of("{\"name\": \"Jane\"", "{name: 'Jane'}", "{\"a\":1} trailing", "")) {
            TestApi.Answer answer = capturing.submit(site, broken);
            assertThat(answer.status()).as(broken).isEqualTo(400);
            assertThat(answer.text("code")).isEqualTo("INVALID_JSON");
            assertThat(answer.text("request_id")).startsWith("req_");
        }
        assertThat(capturing.submissions(site)).isZero();
        assertThat(capturing.leads(site)).isZero();
    }

    @Test
    void bytesThatAreNotUtf8Are400InvalidJsonAndNothingIsStored() {
        Capturing.Site site = capturing.site();
        // A lone 0xFF 0xFE, an overlong "é" (0xC3 0xA9 written as three bytes) and an overlong DEL: never
        // stored as U+FFFD or as a character the sender did not write.
        for (byte[] bad : List.of(
                new byte[] {(byte) 0xFF, (byte) 0xFE},
                new byte[] {(byte) 0xE0, (byte) 0x83, (byte) 0xA9},
                new byte[] {(byte) 0xC1, (byte) 0xBF})) {
            for (String type : List.of("application/json", "text/plain", "application/json; charset=UTF-8")) {
                byte[] body = withBytes("{\"name\":\"@@Bad\",\"email\":\"" + email() + "\"}", bad);
                TestApi.Answer answer =
                        api.sendBytes("POST", Capturing.PATH, body, "Content-Type", type, "X-Api-Key", site.key());
                assertThat(answer.status()).as(type + ": " + answer).isEqualTo(400);
                assertThat(answer.text("code")).isEqualTo("INVALID_JSON");
                assertThat(answer.text("message"))
                        .startsWith("The request body is not valid UTF-8 text: invalid byte 0x")
                        .endsWith("at line 1, column 10.");
            }
        }
        assertThat(capturing.submissions(site)).isZero();
        assertThat(capturing.leads(site)).isZero();
        // The key is still checked first.
        byte[] body = withBytes("{\"name\":\"@@\"}", new byte[] {(byte) 0xFF, (byte) 0xFE});
        assertThat(api.sendBytes("POST", Capturing.PATH, body, "Content-Type", "application/json", "X-Api-Key", "x")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void aBodyInTheCharsetItsContentTypeNamesIsReadInThatCharset() {
        Capturing.Site site = capturing.site();
        byte[] body = ("{\"name\":\"Zo\u00eb\",\"email\":\"" + email() + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        TestApi.Answer answer = api.sendBytes(
                "POST",
                Capturing.PATH,
                body,
                "Content-Type",
                "text/plain; charset=ISO-8859-1",
                "X-Api-Key",
                site.key());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(capturing
                        .lead(site, answer.json().get("lead_id").asLong())
                        .get("name")
                        .asString())
                .isEqualTo("Zo\u00eb");
    }

    @Test
    void aFieldGivenTwiceIs400InvalidJsonNamingItAndNothingIsStored() {
        Capturing.Site site = capturing.site();
        TestApi.Answer answer = capturing.submit(site, "{\"email\":\"d1@x.example\",\"email\":\"d2@x.example\"}");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.text("code")).isEqualTo("INVALID_JSON");
        assertThat(answer.text("message"))
                .isEqualTo("The request body is not valid JSON: the field \"email\" appears more than once at line 1,"
                        + " column 32.");
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("email");
        TestApi.Answer nested =
                capturing.submit(site, "{\"email\":\"d1@x.example\",\"attributes\":{\"plan\":\"a\",\"plan\":\"b\"}}");
        assertThat(nested.status()).isEqualTo(400);
        assertThat(nested.json().get("errors").get(0).get("field").asString()).isEqualTo("attributes.plan");
        assertThat(capturing.submissions(site)).isZero();
        assertThat(capturing.leads(site)).isZero();
    }

    @Test
    void jsonErrorsSayWhatAndWhereWithoutTheParsersWords() {
        Capturing.Site site = capturing.site();
        assertThat(capturing.submit(site, "{\"name\": x}").text("message"))
                .isEqualTo("The request body is not valid JSON: unexpected word 'x' at line 1, column 10.");
        assertThat(capturing
                        .submit(site, "{\"attributes\":" + "[".repeat(1100) + "]".repeat(1100) + "}")
                        .text("message"))
                .isEqualTo("The request body nests arrays and objects deeper than 500 levels.");
        for (String broken : List.of(
                "{\"a\":1} 2",
                "{\"a\":NaN}",
                "{\"a\":1 /* c */}",
                "{\"a\":" + "9".repeat(1100) + "}",
                "{\"a\":\"" + "\\u00".repeat(3) + "\"}")) {
            TestApi.Answer answer = capturing.submit(site, broken);
            assertThat(answer.text("code")).as(broken).isEqualTo("INVALID_JSON");
            assertThat(answer.text("message"))
                    .as(broken)
                    .doesNotContain("`", "Feature", "Constraints", "JsonToken", "REDACTED", "jackson");
        }
    }

    @Test
    void jsonThatIsNotAnObjectIs400InvalidBodyAndNothingIsStored() {
        Capturing.Site site = capturing.site();
        for (String body : List.of("[]", "\"jane@example.com\"", "42", "null")) {
            TestApi.Answer answer = capturing.submit(site, body);
            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.text("code")).isEqualTo("INVALID_BODY");
        }
        assertThat(capturing.submissions(site)).isZero();
    }

    @Test
    void oneMegabyteBodyIs413AndNothingIsStored() {
        Capturing.Site site = capturing.site();
        String big = "{\"name\": \"Jane\", \"attributes\": {\"blob\": " + quote("x".repeat(1024 * 1024)) + "}}";
        TestApi.Answer answer = capturing.submit(site, big);
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.text("code")).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(capturing.submissions(site)).isZero();
        assertThat(capturing.leads(site)).isZero();
    }

    @Test
    void oneMegabyteChunkedBodyWithoutContentLengthIs413AndNothingIsStored() throws Exception {
        Capturing.Site site = capturing.site();
        byte[] big = ("{\"name\": \"" + "x".repeat(1024 * 1024) + "\"}").getBytes();
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.base() + Capturing.PATH))
                .header("Content-Type", "application/json")
                .header("X-Api-Key", site.key())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                .build();
        HttpResponse<String> response = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("PAYLOAD_TOO_LARGE");
        assertThat(capturing.submissions(site)).isZero();
    }

    @Test
    void bodyThatIsNotJsonContentTypeIs415() {
        Capturing.Site site = capturing.site();
        TestApi.Answer answer =
                capturing.submit(site, "name=Jane", "Content-Type", "application/x-www-form-urlencoded");
        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.text("code")).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        assertThat(capturing.submissions(site)).isZero();
    }

    @Test
    void aJsonBodyWithoutAContentTypeIsCaptured() throws Exception {
        // The public document names no Content-Type; Python's requests.post(url, data=json.dumps(lead))
        // and Node's http.request send none.
        Capturing.Site site = capturing.site();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + Capturing.PATH))
                .header("X-Api-Key", site.key())
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\": \"" + email() + "\"}"))
                .build();
        assertThat(request.headers().firstValue("Content-Type")).isEmpty();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.body()).contains("LEAD_CREATED");
        assertThat(capturing.leads(site)).isEqualTo(1);
    }

    @Test
    void aJsonBodySentAsTextPlainWithTheKeyInTheQueryIsCaptured() {
        // What navigator.sendBeacon and fetch(…, {mode: "no-cors"}) can send: no headers of their own,
        // the body as text/plain, read as UTF-8 when no charset is named.
        Capturing.Site site = capturing.site();
        String body = "{\"name\": \"Zoë Ørsted\", \"email\": \"" + email() + "\"}";
        TestApi.Answer beacon =
                api.send("POST", Capturing.PATH + "?api_key=" + site.key(), body, "Content-Type", "text/plain");
        assertThat(beacon.status()).as(beacon.toString()).isEqualTo(201);
        assertThat(capturing
                        .lead(site, beacon.json().get("lead_id").asLong())
                        .get("name")
                        .asString())
                .isEqualTo("Zoë Ørsted");
    }

    private void assertRejected(String json, String field, String message) {
        Capturing.Site site = capturing.site();
        TestApi.Answer answer = capturing.submit(site, json);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.text("code")).isEqualTo("VALIDATION_FAILED");
        assertThat(answer.text("request_id")).startsWith("req_");
        List<String> problems = new ArrayList<>();
        answer.json()
                .get("errors")
                .forEach(e -> problems.add(
                        e.get("field").asString() + ": " + e.get("message").asString()));
        assertThat(problems).contains(field + ": " + message);
        assertThat(capturing.leads(site)).isZero();
        assertThat(capturing.submissions(site, "rejected_invalid")).isEqualTo(1);
        String errors = jdbc.sql("select errors from submissions where workspace_id = ?")
                .param(site.workspaceId())
                .query(String.class)
                .single();
        assertThat(errors).contains(field);
    }

    /** {@code text} as UTF-8 with its "@@" replaced by {@code bytes}. */
    private static byte[] withBytes(String text, byte[] bytes) {
        String[] parts = text.split("@@", 2);
        byte[] before = parts[0].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] after = parts[1].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] out = new byte[before.length + bytes.length + after.length];
        System.arraycopy(before, 0, out, 0, before.length);
        System.arraycopy(bytes, 0, out, before.length, bytes.length);
        System.arraycopy(after, 0, out, before.length + bytes.length, after.length);
        return out;
    }

    private static String object(String field, String valueJson) {
        return "{\"email\": " + quote(email()) + ", " + quote(field) + ": " + valueJson + "}";
    }

    private static String keys(int n, String valueJson) {
        return IntStream.range(0, n)
                .mapToObj(i -> quote("k" + i) + ": " + valueJson)
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String repeat(int n, String json) {
        return String.join(",", java.util.Collections.nCopies(n, json));
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
