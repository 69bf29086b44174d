package io.leadline.lead;

import static io.leadline.testing.TestApi.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testing.TestApi;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Hostile and malformed bodies get a clear 4xx with the error body, and nothing is written. */
abstract class BadInputContract {

    @LocalServerPort
    int port;

    TestApi api;
    TestApi.Tenant tenant;

    @BeforeEach
    void connect() {
        api = new TestApi(port);
        tenant = api.tenant();
    }

    static Stream<Arguments> badBodies() {
        String ok = "\"firstName\":\"Ann\",\"lastName\":\"Lee\"";
        return Stream.of(
                Arguments.of("number as firstName", "{\"firstName\":123,\"lastName\":\"Lee\"}", "firstName"),
                Arguments.of("boolean as lastName", "{\"firstName\":\"Ann\",\"lastName\":true}", "lastName"),
                Arguments.of("array as email", "{" + ok + ",\"email\":[\"a@b.co\"]}", "email"),
                Arguments.of("object as phone", "{" + ok + ",\"phone\":{\"n\":1}}", "phone"),
                Arguments.of("number as tagId", "{" + ok + ",\"tagId\":5}", "tagId"),
                Arguments.of("null firstName", "{\"firstName\":null,\"lastName\":\"Lee\"}", "firstName"),
                Arguments.of(
                        "huge firstName",
                        "{\"firstName\":\"" + "a".repeat(256) + "\",\"lastName\":\"L\"}",
                        "firstName"),
                Arguments.of("huge email", "{" + ok + ",\"email\":\"" + "a".repeat(250) + "@example.com\"}", "email"),
                Arguments.of(
                        "huge website", "{" + ok + ",\"website\":\"https://" + "a".repeat(2050) + "\"}", "website"),
                Arguments.of("huge zipcode", "{" + ok + ",\"zipcode\":\"" + "1".repeat(40) + "\"}", "zipcode"),
                Arguments.of("phone without digits", "{" + ok + ",\"phone\":\"call me\"}", "phone"),
                Arguments.of("NUL in text", "{\"firstName\":\"A\\u0000nn\",\"lastName\":\"Lee\"}", "firstName"),
                Arguments.of(
                        "unpaired surrogate in text",
                        "{\"firstName\":\"Ann\",\"lastName\":\"L\\ud800ee\"}",
                        "lastName"),
                Arguments.of("email with two @", "{" + ok + ",\"email\":\"a@@b.co\"}", "email"),
                Arguments.of("array body", "[{" + ok + "}]", null),
                Arguments.of("string body", "\"Ann Lee\"", null),
                Arguments.of("number body", "42", null),
                Arguments.of("null body", "null", null),
                Arguments.of("empty body", "", null),
                Arguments.of("truncated JSON", "{\"firstName\":\"Ann\"", null),
                Arguments.of("trailing comma", "{" + ok + ",}", null),
                Arguments.of("single quotes", "{'firstName':'Ann','lastName':'Lee'}", null),
                Arguments.of("two documents", "{" + ok + "} {" + ok + "}", null),
                Arguments.of("deep nesting", "{" + ok + ",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}", null),
                Arguments.of("invalid UTF-8 escape", "{\"firstName\":\"\\uZZZZ\",\"lastName\":\"Lee\"}", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badBodyIs400WithTheErrorBodyAndNothingStored(String label, String body, String field) {
        TestApi.Answer answer = api.post("/api/v1/leads", body, tenant.auth());
        assertThat(answer.status()).as(label + ": " + answer).isEqualTo(400);
        assertThat(answer.text("code")).isIn("VALIDATION_FAILED", "INVALID_JSON", "INVALID_BODY");
        assertThat(answer.text("message")).isNotBlank();
        assertThat(answer.text("request_id")).isEqualTo(answer.header("X-Request-Id"));
        if (field != null) {
            assertThat(answer.json().get("errors").findValuesAsString("field")).contains(field);
        }
        assertThat(api.get("/api/v1/leads", tenant.auth()).json().get("data").size())
                .isZero();
    }

    @Test
    void aFieldGivenTwiceIs400InvalidJsonNamingItAndNothingStored() {
        TestApi.Answer created = api.post(
                "/api/v1/leads", "{\"firstName\":\"Ann\",\"firstName\":\"Bob\",\"lastName\":\"Lee\"}", tenant.auth());
        assertThat(created.status()).as(created.toString()).isEqualTo(400);
        assertThat(created.text("code")).isEqualTo("INVALID_JSON");
        assertThat(created.text("message")).contains("the field \"firstName\" appears more than once");
        assertThat(created.json().get("errors").findValuesAsString("field")).containsExactly("firstName");
        assertThat(api.get("/api/v1/leads", tenant.auth()).json().get("data").size())
                .isZero();
        String id = expect(201, api.post("/api/v1/leads", Map.of("firstName", "Ann", "lastName", "Lee"), tenant.auth()))
                .text("id");
        TestApi.Answer patched =
                api.patch("/api/v1/leads/" + id, "{\"status\":\"won\",\"status\":\"lost\"}", tenant.auth());
        assertThat(patched.status()).isEqualTo(400);
        assertThat(patched.text("code")).isEqualTo("INVALID_JSON");
        assertThat(api.get("/api/v1/leads/" + id, tenant.auth()).text("status")).isEqualTo("new");
    }

    @Test
    void bytesThatAreNotUtf8Are400InvalidJsonAndNothingStored() {
        // 0xFF never starts a character; 0xC1 0xBF is an overlong DEL and 0xF4 0x90 0x80 0x80 lies past U+10FFFF,
        // which Jackson alone would read as characters.
        for (byte[] bad :
                List.of(new byte[] {(byte) 0xFF, (byte) 0xFE}, new byte[] {(byte) 0xC1, (byte) 0xBF}, new byte[] {
                    (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80
                })) {
            byte[] prefix = "{\"firstName\":\"Ann".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] suffix = "\",\"lastName\":\"Lee\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] body = new byte[prefix.length + bad.length + suffix.length];
            System.arraycopy(prefix, 0, body, 0, prefix.length);
            System.arraycopy(bad, 0, body, prefix.length, bad.length);
            System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);
            TestApi.Answer answer = api.sendBytes(
                    "POST", "/api/v1/leads", body, "Content-Type", "application/json", "X-API-Key", tenant.key());
            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.text("code")).isEqualTo("INVALID_JSON");
            assertThat(answer.text("message"))
                    .startsWith("The request body is not valid UTF-8 text: invalid byte 0x")
                    .endsWith(" at line 1, column 18.");
        }
        assertThat(api.get("/api/v1/leads", tenant.auth()).json().get("data").size())
                .isZero();
    }

    @Test
    void jsonErrorsSayWhatAndWhereWithoutTheParsersWords() {
        assertThat(api.post("/api/v1/leads", "{\"firstName\": x}", tenant.auth())
                        .text("message"))
                .isEqualTo("The request body is not valid JSON: unexpected word 'x' at line 1, column 15.");
        for (Arguments bad : badBodies().toList()) {
            TestApi.Answer answer = api.post("/api/v1/leads", (String) bad.get()[1], tenant.auth());
            assertThat(answer.text("message"))
                    .as((String) bad.get()[0])
                    .doesNotContain("`", "Feature", "Constraints", "JsonToken", "REDACTED", "jackson");
        }
    }

    @Test
    void oneMegabyteBodyIs413AndNothingStored() {
        String body = "{\"firstName\":\"Big\",\"lastName\":\"Body\",\"x\":\"" + "y".repeat(1 << 20) + "\"}";
        TestApi.Answer answer = api.post("/api/v1/leads", body, tenant.auth());
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.text("code")).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(api.get("/api/v1/leads", tenant.auth()).json().get("data").size())
                .isZero();
    }

    @Test
    void everyBadFieldIsNamedInOneAnswer() {
        // Wrong types, a missing required field and a too-long one at once: all named, not only the first.
        TestApi.Answer answer = api.post(
                "/api/v1/leads",
                "{\"firstName\":1,\"email\":true,\"phone\":[\"555\"],\"company\":\"" + "c".repeat(300) + "\"}",
                tenant.auth());
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("code")).isEqualTo("VALIDATION_FAILED");
        assertThat(answer.json().get("errors").findValuesAsString("field"))
                .containsExactly("company", "email", "firstName", "lastName", "phone");
        assertThat(answer.json().get("errors").get(2).get("message").asString()).isEqualTo("must be a string");
        assertThat(api.get("/api/v1/leads", tenant.auth()).json().get("data").size())
                .isZero();
    }

    @Test
    void everyWayIntoALeadAgreesOnWhatAnEmailIs() {
        String lead = expect(
                        201, api.post("/api/v1/leads", Map.of("firstName", "Ann", "lastName", "Lee"), tenant.auth()))
                .text("id");
        String projectKey = expect(
                        201,
                        api.admin(
                                "POST",
                                "/api/admin/workspaces/" + tenant.workspaceId() + "/projects",
                                Map.of("name", "Site")))
                .text("apiKey");
        for (String bad : List.of(
                ".a@b.com",
                "a.@b.com",
                "a..b@b.com",
                "a@b..com",
                "a@-b.com",
                "a@b-.com",
                "a@b.com.",
                "a".repeat(65) + "@acme.com",
                "a b@c.com",
                "a@b",
                // Invisible or control characters: a second lead for an address that looks the same.
                "case.test\u200b@c.example", // at an end, capture trims it (CaptureInputContract)
                "ca\u00adse@c.example",
                "case@c\u202e.example",
                "a\u00a0b@c.example",
                "bell\u0007@c.example")) {
            TestApi.Answer created = api.post(
                    "/api/v1/leads",
                    Map.of("firstName", "X" + bad.length(), "lastName", "Y", "email", bad),
                    tenant.auth());
            TestApi.Answer patched = api.patch("/api/v1/leads/" + lead, Map.of("email", bad), tenant.auth());
            TestApi.Answer captured = api.post("/api/public/lead", Map.of("email", bad), "X-API-Key", projectKey);
            for (TestApi.Answer answer : List.of(created, patched, captured)) {
                assertThat(answer.status()).as(bad + ": " + answer).isEqualTo(400);
                assertThat(answer.json().get("errors").findValuesAsString("message"))
                        .contains("must be a valid email address");
            }
        }
        for (String good : List.of("a.b+tag@sub.example.co", "o'neil@x-y.example", "x@a.b", "Zoë@bücher.example")) {
            assertThat(api.post("/api/public/lead", Map.of("email", good), "X-API-Key", projectKey)
                            .status())
                    .as(good)
                    .isEqualTo(201);
        }
        // Thousands of domain labels: refused as an email, not a crash.
        String labels = "a@" + "a.".repeat(2500) + "com";
        assertThat(api.post(
                                "/api/v1/leads",
                                Map.of("firstName", "Many", "lastName", "Labels", "email", labels),
                                tenant.auth())
                        .status())
                .isEqualTo(400);
        assertThat(Lead.isEmail(labels)).isFalse();
        // The literal text "null" is no email, on a lead that has none either.
        assertThat(api.patch("/api/v1/leads/" + lead, Map.of("email", "null"), tenant.auth())
                        .status())
                .isEqualTo(400);
        // The private API words a limit as the capture API does.
        TestApi.Answer tooLong = api.post(
                "/api/v1/leads",
                Map.of("firstName", "Ann", "lastName", "Long", "company", "c".repeat(256)),
                tenant.auth());
        assertThat(tooLong.json().get("errors").get(0).get("message").asString())
                .isEqualTo("must be at most 255 characters");
    }

    @Test
    void unicodeTextIsStoredAsSent() {
        String body = "{\"firstName\":\"Zoë 李\",\"lastName\":\"Ørsted 🚀\",\"company\":\"Ünïcødé GmbH\"}";
        TestApi.Answer answer = api.post("/api/v1/leads", body, tenant.auth());
        assertThat(answer.status()).isEqualTo(201);
        TestApi.Answer read = api.get("/api/v1/leads/" + answer.text("id"), tenant.auth());
        assertThat(read.text("firstName")).isEqualTo("Zoë 李");
        assertThat(read.text("lastName")).isEqualTo("Ørsted 🚀");
        assertThat(read.text("company")).isEqualTo("Ünïcødé GmbH");
    }

    @Test
    void sqlLookingTextIsJustText() {
        String sneaky = "Robert'); DROP TABLE leads;--";
        TestApi.Answer answer = api.post(
                "/api/v1/leads",
                java.util.Map.of("firstName", sneaky, "lastName", "Tables", "company", "' OR '1'='1"),
                tenant.auth());
        assertThat(answer.status()).isEqualTo(201);
        assertThat(api.get("/api/v1/leads/" + answer.text("id"), tenant.auth()).text("firstName"))
                .isEqualTo(sneaky);
        TestApi.Answer search = api.get("/api/v1/leads?q=%27%20OR%20%271%27%3D%271", tenant.auth());
        assertThat(search.status()).isEqualTo(200);
        assertThat(search.json().get("data").size()).isEqualTo(1);
        assertThat(api.get("/api/v1/leads", tenant.auth()).json().get("data").size())
                .isEqualTo(1);
    }

    @Test
    void badPathAndQueryValuesAre4xxNot500() {
        assertThat(api.get("/api/v1/leads/%27%20or%201=1", tenant.auth()).status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/leads?limit=abc", tenant.auth()).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/leads?limit=0", tenant.auth()).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/leads?q=" + "a".repeat(3000), tenant.auth()).status())
                .isEqualTo(200);
    }

    @Test
    void createdAfterAndBeforeTakeAnyIsoOffsetAndFilterOnTheInstant() {
        String id = expect(201, api.post("/api/v1/leads", Map.of("firstName", "Off", "lastName", "Set"), tenant.auth()))
                .text("id");
        // Java reads offsets up to ±18:00, PostgreSQL only to ±15:59: the filter is the instant, in UTC.
        for (String far : List.of("2000-01-01T00:00:00%2B18:00", "2000-01-01T00:00:00-16:00")) {
            TestApi.Answer after = api.get("/api/v1/leads?createdAfter=" + far, tenant.auth());
            assertThat(after.status()).as(far + ": " + after).isEqualTo(200);
            assertThat(after.json().get("data").size()).isEqualTo(1);
            assertThat(after.json().get("data").get(0).get("id").asString()).isEqualTo(id);
            TestApi.Answer before = api.get("/api/v1/leads?createdBefore=" + far, tenant.auth());
            assertThat(before.status()).as(far + ": " + before).isEqualTo(200);
            assertThat(before.json().get("data").size()).isZero();
        }
        // The years 1 to 9999 hold for the instant, not only for the date as written.
        for (String outside : List.of("9999-12-31T23:59:59-18:00", "0001-01-01T00:00:00%2B18:00")) {
            TestApi.Answer answer = api.get("/api/v1/leads?createdBefore=" + outside, tenant.auth());
            assertThat(answer.status()).as(outside + ": " + answer).isEqualTo(400);
            assertThat(answer.text("code")).isEqualTo("VALIDATION_FAILED");
            assertThat(answer.json().get("errors").findValuesAsString("field")).containsExactly("createdBefore");
        }
    }

    @Test
    void wholeNumberParametersTakePlainDecimalDigitsOnly() {
        for (int i = 0; i < 12; i++) {
            expect(201, api.post("/api/v1/leads", Map.of("firstName", "N" + i, "lastName", "Lee"), tenant.auth()));
        }
        // Hexadecimal (0x10, #a, 0X1F), a sign, spaces, a fraction, an exponent, another script's digits.
        for (String bad : List.of(
                "0x10", "%23a", "0X1F", "%2B5", "-5", "%205", "5%20", "5.0", "1e1", "%D9%A3", "99999999999999999999")) {
            for (String path : List.of("/api/v1/leads", "/api/v1/whatsapp/held", "/api/v1/webhooks/wh_x/deliveries")) {
                TestApi.Answer answer = api.get(path + "?limit=" + bad, tenant.auth());
                assertThat(answer.status())
                        .as(path + "?limit=" + bad + ": " + answer)
                        .isEqualTo(400);
                assertThat(answer.text("code")).isEqualTo("VALIDATION_FAILED");
                assertThat(answer.json().get("errors").findValuesAsString("field"))
                        .containsExactly("limit");
                assertThat(answer.json().get("errors").get(0).get("message").asString())
                        .isEqualTo(
                                bad.startsWith("999")
                                        ? "is out of range"
                                        : "must be a whole number written with the digits 0-9");
            }
        }
        TestApi.Answer replay = api.post("/api/v1/webhooks/wh_x/deliveries/0x10/replay", Map.of(), tenant.auth());
        assertThat(replay.status()).as(replay.toString()).isEqualTo(400);
        assertThat(replay.json().get("errors").findValuesAsString("field")).containsExactly("delivery");
        // Leading zeros are still decimal: 010 is ten, not eight.
        assertThat(api.get("/api/v1/leads?limit=010", tenant.auth())
                        .json()
                        .get("data")
                        .size())
                .isEqualTo(10);
        assertThat(api.get("/api/v1/leads?limit=", tenant.auth())
                        .json()
                        .get("data")
                        .size())
                .isEqualTo(12);
        assertThat(api.get("/api/v1/whatsapp/held?limit=7", tenant.auth()).status())
                .isEqualTo(200);
    }

    @Test
    void badIdempotencyKeyIs400() {
        TestApi.Answer answer = api.post(
                "/api/v1/leads",
                java.util.Map.of("firstName", "Key", "lastName", "Long"),
                "X-API-Key",
                tenant.key(),
                "Idempotency-Key",
                "k".repeat(300));
        assertThat(answer.status()).isEqualTo(400);
    }
}
