package io.leadline.capture;

import static io.leadline.capture.Capturing.body;
import static io.leadline.capture.Capturing.email;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testing.TestApi;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What browsers meet on the capture API: the project's domain allowlist (Origin decides, else
 * Referer; none is a server-side call) and CORS, on successes and on every kind of error.
 */
abstract class CaptureBrowserRulesContract {

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

    private Capturing.Site guarded() {
        return capturing.site(null, "example.com", "*.example.org");
    }

    // --- allowlist --------------------------------------------------------------------------------

    @ParameterizedTest(name = "Origin {0} is {1}")
    @CsvSource({
        "https://example.com, allowed",
        "http://example.com:8443, allowed",
        "https://EXAMPLE.com, allowed",
        "https://shop.example.org, allowed",
        "https://a.b.example.org, allowed",
        "https://evil.com, refused",
        "https://www.example.com, refused",
        "https://example.org, refused",
        "https://example.com.evil.com, refused",
        "https://notexample.com, refused",
        "https://evil.com/?example.com, refused",
        "null, refused",
        "not a url, refused"
    })
    void originDecidesAgainstTheAllowlist(String origin, String expected) {
        Capturing.Site site = guarded();
        TestApi.Answer answer = capturing.submit(site, body("email", email()), "Origin", origin);
        if (expected.equals("allowed")) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        } else {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
            assertThat(answer.text("code")).isEqualTo("DOMAIN_NOT_ALLOWED");
            assertThat(answer.text("message")).isEqualTo("Origin or Referer not in project allowlist.");
            assertThat(answer.text("request_id")).startsWith("req_");
            assertThat(capturing.leads(site)).isZero();
        }
    }

    @Test
    void refererHostDecidesWhenThereIsNoOrigin() {
        Capturing.Site site = guarded();
        assertThat(capturing
                        .submit(site, body("email", email()), "Referer", "https://example.com/contact?x=1")
                        .status())
                .isEqualTo(201);
        assertThat(capturing
                        .submit(site, body("email", email()), "Referer", "https://shop.example.org:444/")
                        .status())
                .isEqualTo(201);
        TestApi.Answer foreign = capturing.submit(site, body("email", email()), "Referer", "https://evil.com/page");
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.text("code")).isEqualTo("DOMAIN_NOT_ALLOWED");
    }

    @Test
    void originWinsOverAnAllowedReferer() {
        Capturing.Site site = guarded();
        TestApi.Answer answer = capturing.submit(
                site, body("email", email()), "Origin", "https://evil.com", "Referer", "https://example.com/");
        assertThat(answer.status()).isEqualTo(403);
    }

    @Test
    void noOriginAndNoRefererIsAServerSideCallAndAllowed() {
        Capturing.Site site = guarded();
        assertThat(capturing.submit(site, body("email", email())).status()).isEqualTo(201);
    }

    @Test
    void emptyAllowlistAcceptsAnyOriginEvenNull() {
        Capturing.Site site = capturing.site();
        assertThat(capturing
                        .submit(site, body("email", email()), "Origin", "https://anywhere.test")
                        .status())
                .isEqualTo(201);
        assertThat(capturing
                        .submit(site, body("email", email()), "Origin", "null")
                        .status())
                .isEqualTo(201);
    }

    @Test
    void refusedSubmissionsAreNotStored() {
        Capturing.Site site = guarded();
        capturing.submit(site, body("email", email()), "Origin", "https://evil.com");
        assertThat(capturing.submissions(site)).isZero();
    }

    @Autowired
    CaptureRefusals refusals;

    @Autowired
    io.leadline.workspace.Workspaces workspaces;

    @Test
    void refusedSitesAreCountedPerHostUntilTheyAreAllowed() {
        Capturing.Site site = guarded();
        for (String origin : List.of("https://evil.com", "https://EVIL.com:8443", "https://shop.example.net", "null")) {
            assertThat(capturing
                            .submit(site, body("email", email()), "Origin", origin)
                            .status())
                    .isEqualTo(403);
        }
        capturing.submit(site, body("email", email()), "Origin", "https://example.com");
        var project =
                workspaces.findProject(site.workspaceId(), site.projectId()).orElseThrow();
        assertThat(refusals.recent(project))
                .extracting(CaptureRefusals.Refusal::host, CaptureRefusals.Refusal::refusals)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("evil.com", 2L),
                        org.assertj.core.groups.Tuple.tuple("shop.example.net", 1L),
                        org.assertj.core.groups.Tuple.tuple("", 1L));
        // Once the owner allows a refused site, it is no longer listed as refused.
        api.admin(
                "PATCH",
                "/api/admin/projects/" + site.projectId(),
                java.util.Map.of("allowedDomains", List.of("example.com", "*.example.org", "shop.example.net")));
        project = workspaces.findProject(site.workspaceId(), site.projectId()).orElseThrow();
        assertThat(refusals.recent(project))
                .extracting(CaptureRefusals.Refusal::host)
                .containsExactlyInAnyOrder("evil.com", "");
        // A forged Origin per request cannot grow the list without bound, nor keep a real site out of it.
        for (int i = 0; i < 30; i++) {
            capturing.submit(site, body("email", email()), "Origin", "https://forged" + i + ".example.net");
        }
        capturing.submit(site, body("email", email()), "Origin", "https://staging.example.com");
        assertThat(capturing.count("select count(*) from capture_refusals where project_id = ?", site.projectId()))
                .isEqualTo(20);
        assertThat(refusals.recent(project).getFirst().host()).isEqualTo("staging.example.com");
    }

    @Test
    void changedAllowlistAppliesAtOnce() {
        Capturing.Site site = capturing.site();
        assertThat(capturing
                        .submit(site, body("email", email()), "Origin", "https://evil.com")
                        .status())
                .isEqualTo(201);
        api.admin(
                "PATCH",
                "/api/admin/projects/" + site.projectId(),
                java.util.Map.of("allowedDomains", List.of("good.com")));
        assertThat(capturing
                        .submit(site, body("email", email()), "Origin", "https://evil.com")
                        .status())
                .isEqualTo(403);
    }

    // --- CORS -----------------------------------------------------------------------------------

    @Test
    void preflightSucceedsForAnyOriginWithoutAKey() {
        TestApi.Answer answer = api.send(
                "OPTIONS",
                Capturing.PATH,
                null,
                "Origin",
                "https://any-site.test",
                "Access-Control-Request-Method",
                "POST",
                "Access-Control-Request-Headers",
                "content-type, x-api-key, authorization");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo("https://any-site.test");
        assertThat(answer.header("Access-Control-Allow-Methods")).contains("POST");
        assertThat(answer.header("Access-Control-Allow-Headers").toLowerCase())
                .contains("content-type")
                .contains("x-api-key")
                .contains("authorization");
        assertThat(answer.raw().headers().allValues("Vary").toString()).contains("Origin");
    }

    @Test
    void preflightSucceedsEvenForAnOriginTheAllowlistRefuses() {
        guarded();
        TestApi.Answer answer = api.send(
                "OPTIONS",
                Capturing.PATH,
                null,
                "Origin",
                "https://evil.com",
                "Access-Control-Request-Method",
                "POST",
                "Access-Control-Request-Headers",
                "content-type");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo("https://evil.com");
    }

    @Test
    void wrongMethodFromAPageIsTheUniform405WithCorsHeaders() {
        for (String method : List.of("GET", "PUT", "DELETE")) {
            TestApi.Answer answer = api.send(method, Capturing.PATH, null, "Origin", "https://site.test");
            assertThat(answer.status()).as(method).isEqualTo(405);
            assertThat(answer.text("code")).isEqualTo("METHOD_NOT_ALLOWED");
            assertThat(answer.text("request_id")).startsWith("req_");
            assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo("https://site.test");
        }
    }

    /**
     * Origins no browser sends: a space, a list, no scheme, a path, an empty value (UTF-8 bytes: the
     * test below). None is echoed in Access-Control-Allow-Origin.
     */
    @ParameterizedTest(name = "Origin [{0}]")
    @ValueSource(
            strings = {
                "https://exa mple.com",
                "https://example.com, https://shop.example.org",
                "a b",
                "site.test",
                "https://site.test/page",
                ""
            })
    void anOriginCorsCannotReadIsJudgedByTheAllowlistInTheUniformBody(String origin) {
        Capturing.Site site = guarded();
        TestApi.Answer refused = capturing.submit(site, body("email", email()), "Origin", origin);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(origin.isEmpty() ? 201 : 403);
        if (!origin.isEmpty()) {
            assertThat(refused.header("Content-Type")).startsWith("application/json");
            assertThat(refused.text("code")).isEqualTo("DOMAIN_NOT_ALLOWED");
            assertThat(refused.text("request_id")).startsWith("req_");
            assertThat(refused.raw().headers().allValues("Vary").toString()).contains("Origin");
            assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
        }

        Capturing.Site open = capturing.site();
        TestApi.Answer captured = capturing.submit(open, body("email", email()), "Origin", origin);
        assertThat(captured.status()).as(captured.toString()).isEqualTo(201);

        TestApi.Answer preflight =
                api.send("OPTIONS", Capturing.PATH, null, "Origin", origin, "Access-Control-Request-Method", "POST");
        assertThat(preflight.status()).as(preflight.toString()).isEqualTo(200);
        assertThat(preflight.body()).doesNotContain("Invalid CORS request");
        assertThat(preflight.header("Allow")).isEqualTo("POST,OPTIONS");
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        assertThat(captured.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void anOriginOfUtf8BytesIsJudgedByTheAllowlistInTheUniformBody() throws Exception {
        // What curl sends for "exämple.com": its UTF-8 bytes, which no HTTP client library sends.
        String origin = "https://ex\u00c3\u00a4mple.com";
        String refused = raw("POST", Capturing.PATH + "?api_key=" + guarded().key(), origin);
        assertThat(refused).startsWith("HTTP/1.1 403").contains("\"code\":\"DOMAIN_NOT_ALLOWED\"");
        assertThat(refused).containsIgnoringCase("Content-Type: application/json");
        assertThat(raw("POST", Capturing.PATH + "?api_key=" + capturing.site().key(), origin))
                .startsWith("HTTP/1.1 201");
        assertThat(raw("OPTIONS", Capturing.PATH, origin))
                .startsWith("HTTP/1.1 200")
                .contains("Allow: POST,OPTIONS")
                .doesNotContain("Invalid CORS request");
    }

    /** A request with a JSON body and an Origin header of these ISO-8859-1 characters, as bytes. */
    private String raw(String method, String path, String origin) throws java.io.IOException {
        String body = "{\"email\":\"" + email() + "\"}";
        String request = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nOrigin: " + origin
                + "\r\nAccess-Control-Request-Method: POST\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void successfulAnswerCarriesCorsHeaders() {
        Capturing.Site site = capturing.site();
        TestApi.Answer answer = capturing.submit(site, body("email", email()), "Origin", "https://site.test");
        assertThat(answer.status()).isEqualTo(201);
        assertCors(answer, "https://site.test");
    }

    @Test
    void errorAnswersCarryCorsHeadersSoPagesCanReadThem() {
        Capturing.Site site = guarded();
        assertCors(capturing.submitWithoutKey(body("email", email()), "Origin", "https://example.com"), 401);
        assertCors(capturing.submit(site, body("email", email()), "Origin", "https://evil.com"), 403);
        assertCors(capturing.submit(site, body("email", "broken"), "Origin", "https://example.com"), 400);
        assertCors(capturing.submit(site, "{not json", "Origin", "https://example.com"), 400);
        assertCors(capturing.submit(site, "x".repeat(70_000), "Origin", "https://example.com"), 413);
        Capturing.Site full = capturing.site(0);
        TestApi.Answer limited = capturing.submit(full, body("email", email()), "Origin", "https://example.com");
        assertCors(limited, 429);
        assertThat(limited.header("Access-Control-Expose-Headers")).contains("Retry-After");
    }

    private static void assertCors(TestApi.Answer answer, int status) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertCors(answer, answer.raw().request().headers().firstValue("Origin").orElseThrow());
    }

    private static void assertCors(TestApi.Answer answer, String origin) {
        assertThat(answer.header("Access-Control-Allow-Origin"))
                .as(answer.toString())
                .isEqualTo(origin);
        assertThat(answer.raw().headers().allValues("Vary").toString()).contains("Origin");
        assertThat(answer.header("Access-Control-Expose-Headers")).contains("X-Request-Id");
    }
}
