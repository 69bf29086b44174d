package io.leadline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.leadline.testing.TestApi;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Probes, request ids and the uniform error body for what the framework answers (§3, §3.4). */
abstract class PlatformContract {

    @LocalServerPort
    int port;

    @Autowired
    HikariDataSource requestPool;

    TestApi api;

    @BeforeEach
    void connect() {
        api = new TestApi(port);
    }

    @Test
    void healthAnswersOk() {
        TestApi.Answer answer = api.get("/api/health");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text("status")).isEqualTo("ok");
        assertThat(answer.header("X-Request-Id")).startsWith("req_");
    }

    @Test
    void readyAnswersReadyWhenTheDatabaseAnswers() {
        TestApi.Answer answer = api.get("/api/ready");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text("status")).isEqualTo("ready");
        assertThat(answer.json().get("checks").get("database").asString()).isEqualTo("up");
    }

    @Test
    void readyStaysReadyWhileEveryPooledConnectionIsBusy() throws Exception {
        List<Connection> held = new ArrayList<>();
        try {
            while (held.size() < requestPool.getMaximumPoolSize()) {
                held.add(requestPool.getConnection());
            }
            assertThat(requestPool.getHikariPoolMXBean().getIdleConnections()).isZero();
            TestApi.Answer answer = api.get("/api/ready");
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().get("checks").get("database").asString()).isEqualTo("up");
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
    }

    @Test
    void saneIncomingRequestIdIsEchoed() {
        TestApi.Answer answer = api.get("/api/health", "X-Request-Id", "my-trace-123");
        assertThat(answer.header("X-Request-Id")).isEqualTo("my-trace-123");
    }

    @Test
    void everyAnswerForbidsContentTypeSniffingAndDashboardPagesKeepTheirAddressesOnTheSite() {
        for (TestApi.Answer answer : List.of(
                api.get("/api/health"),
                api.get("/api/v1/leads"),
                api.get("/api/nothing-here"),
                api.post("/api/public/lead", "{}"),
                api.get("/capture.js"),
                api.get("/login"))) {
            assertThat(answer.header("X-Content-Type-Options"))
                    .as(answer.toString())
                    .isEqualTo("nosniff");
        }
        assertThat(api.get("/login").header("Referrer-Policy")).isEqualTo("same-origin");
    }

    @Test
    void insaneIncomingRequestIdIsReplaced() {
        TestApi.Answer answer = api.get("/api/health", "X-Request-Id", "bad id with spaces <script>");
        assertThat(answer.header("X-Request-Id")).startsWith("req_");
    }

    @Test
    void unknownPathIsA404WithTheErrorBody() {
        TestApi.Answer answer = api.get("/api/nothing-here", "X-Request-Id", "trace-404");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.text("code")).isEqualTo("NOT_FOUND");
        assertThat(answer.text("request_id")).isEqualTo("trace-404");
        assertThat(answer.header("X-Request-Id")).isEqualTo("trace-404");
    }

    @Test
    void undecodableQueryStringIsA400WithTheErrorBody() {
        TestApi.Tenant tenant = api.tenant();
        for (String path : java.util.List.of(
                "/api/v1/leads?q=%FF%FE", "/api/public/lead?api_key=%FF", "/api/whatsapp/webhook?hub.challenge=%FF")) {
            boolean post = path.startsWith("/api/public");
            TestApi.Answer answer = api.send(post ? "POST" : "GET", path, post ? "{}" : null, tenant.auth());
            assertThat(answer.status()).as(path).isEqualTo(400);
            assertThat(answer.text("code")).as(path).isEqualTo("BAD_REQUEST");
            assertThat(answer.text("request_id")).startsWith("req_");
        }
    }

    @Test
    void parameterWithNulIsA400NamingIt() {
        TestApi.Tenant tenant = api.tenant();
        for (String query : java.util.List.of("source=a%00b", "tag=%00", "projectId=p%00", "q=%00")) {
            TestApi.Answer answer = api.get("/api/v1/leads?" + query, tenant.auth());
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.text("code")).as(query).isEqualTo("VALIDATION_FAILED");
            assertThat(answer.json().get("errors").get(0).get("field").asString())
                    .isEqualTo(query.substring(0, query.indexOf('=')));
        }
    }

    @Test
    void parameterNameWithAControlCharacterIsA400NamingIt() {
        TestApi.Tenant tenant = api.tenant();
        TestApi.Answer answer = api.get("/api/v1/leads?x%01=1", tenant.auth());
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("code")).isEqualTo("VALIDATION_FAILED");
        assertThat(answer.json().get("errors").get(0).get("message").asString())
                .isEqualTo("must not contain control or unassigned characters");
    }

    @Test
    void aChunkedFormOverTheFormLimitIsA413() throws Exception {
        // Forms are read on the dashboard's paths only (the APIs answer a form body 415 unread).
        byte[] form = ("email=" + "a".repeat(70_000)).getBytes(StandardCharsets.US_ASCII);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                .version(HttpClient.Version.HTTP_1_1)
                .header("Content-Type", "application/x-www-form-urlencoded")
                // No length: the body goes out chunked, so only reading it finds its size.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(form)))
                .build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(413);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        }
    }

    @Test
    void aFormOrMultipartBodyOnTheJsonApisIsA415WhateverItsBytes() {
        TestApi.Tenant tenant = api.tenant();
        String projectKey = TestApi.expect(
                        201,
                        api.admin(
                                "POST",
                                "/api/admin/workspaces/" + tenant.workspaceId() + "/projects",
                                java.util.Map.of("name", "Forms")))
                .text("apiKey");
        List<String[]> bodies = List.of(
                new String[] {"multipart/form-data; boundary=x", "--x\r\n"},
                new String[] {"multipart/form-data; boundary=x", "no parts at all"},
                new String[] {
                    "multipart/form-data; boundary=x",
                    "--x\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nm@x.example\r\n--x--\r\n"
                },
                new String[] {"application/x-www-form-urlencoded", "email=%zz%FF"},
                new String[] {"application/x-www-form-urlencoded", "firstName=Jane&lastName=Doe"});
        String[][] targets = {
            {"POST", "/api/v1/leads"},
            {"PATCH", "/api/v1/leads/ld_none"},
            {"POST", "/api/public/lead?api_key=" + projectKey},
            {"POST", "/api/whatsapp/webhook?api_key=" + projectKey}
        };
        for (String[] target : targets) {
            for (String[] body : bodies) {
                String key = target[1].startsWith("/api/v1/") ? tenant.key() : projectKey;
                TestApi.Answer answer =
                        api.send(target[0], target[1], body[1], "Content-Type", body[0], "X-API-Key", key);
                String what = target[0] + " " + target[1] + " " + body[0] + " " + body[1];
                assertThat(answer.status()).as(what).isEqualTo(415);
                assertThat(answer.text("code")).as(what).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
                assertThat(answer.text("request_id")).as(what).startsWith("req_");
            }
        }
        // The query string is still read (and checked) on such a request.
        TestApi.Answer badQuery = api.send(
                "POST", "/api/public/lead?api_key=%FF", "a=b", "Content-Type", "application/x-www-form-urlencoded");
        assertThat(badQuery.status()).isEqualTo(400);
        assertThat(badQuery.text("code")).isEqualTo("BAD_REQUEST");
    }

    @Test
    void aDashboardPageWithAnUnreadableParameterIsAnHtml400Page() {
        for (String path : java.util.List.of(
                "/app/leads?q=%00",
                "/app/leads?q=%FF%FE", "/login?x=%00", "/app/leads;x=1", "/app/leads?x%01=1", "/login?x%7F=1")) {
            TestApi.Answer answer = api.get(path);
            assertThat(answer.status()).as(path).isEqualTo(400);
            assertThat(answer.header("Content-Type")).as(path).startsWith("text/html");
            assertThat(answer.body()).contains("400", "Request id", answer.header("X-Request-Id"));
        }
    }

    @Test
    void utf8InHeaderValuesIsReadAsTextNotRefused() {
        // What curl sends for "€": its UTF-8 bytes, which Tomcat reads as three ISO-8859-1 characters.
        String euro = new String("€".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        TestApi.Answer key = api.get("/api/v1/leads", "X-API-Key", "ll_sk_" + euro);
        assertThat(key.status()).isEqualTo(401);
        assertThat(key.text("code")).isEqualTo("INVALID_API_KEY");
        TestApi.Tenant tenant = api.tenant();
        TestApi.Answer agent = api.get("/api/v1/leads", "X-API-Key", tenant.key(), "User-Agent", "agent " + euro);
        assertThat(agent.status()).isEqualTo(200);
    }

    @Test
    void pathTheFirewallRefusesIsA400WithTheErrorBody() {
        TestApi.Answer answer = api.get("/api/health;a=b");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("code")).isEqualTo("BAD_REQUEST");
        assertThat(answer.text("request_id")).startsWith("req_");
    }

    @Test
    void wrongMethodIsA405WithTheErrorBody() {
        TestApi.Answer answer = api.send("PUT", "/api/health", "{}");
        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.text("code")).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(answer.text("request_id")).startsWith("req_");
    }

    @Test
    void aMethodNothingTakesGetsWhatAWrongMethodGetsWithThePathsOwnAllow() throws Exception {
        // TRACE and CONNECT are refused by Tomcat, PROPFIND and made-up methods by the request
        // firewall, all before Spring MVC: each gets the answer Spring MVC gives a PUT there.
        TestApi.Tenant tenant = api.tenant();
        for (String path :
                List.of("/api/health", "/api/v1/leads", "/api/v1/leads/ld_x", "/api/public/lead", "/capture.js")) {
            TestApi.Answer put = api.send("PUT", path, "{}", tenant.auth());
            assertThat(put.status()).as(path).isEqualTo(405);
            java.util.Set<String> allow = methods(put.header("Allow"));
            for (String method : List.of("TRACE", "PROPFIND", "FOO")) {
                TestApi.Answer answer = api.send(method, path, null, tenant.auth());
                assertThat(answer.status()).as(method + " " + path).isEqualTo(405);
                assertThat(answer.text("code")).isEqualTo("METHOD_NOT_ALLOWED");
                assertThat(answer.text("message")).isEqualTo("Method " + method + " is not allowed here.");
                assertThat(answer.text("request_id")).startsWith("req_");
                assertThat(methods(answer.header("Allow")))
                        .as(method + " " + path)
                        .isEqualTo(allow);
            }
            String connect = raw("CONNECT " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(connect).as("CONNECT " + path).startsWith("HTTP/1.1 405");
            String allowed = connect.lines()
                    .filter(line -> line.regionMatches(true, 0, "Allow:", 0, 6))
                    .findFirst()
                    .orElseThrow();
            assertThat(methods(allowed.substring(6))).as("CONNECT " + path).isEqualTo(allow);
            assertThat(body(connect).get("code").asString()).isEqualTo("METHOD_NOT_ALLOWED");
        }
        for (String method : List.of("TRACE", "PROPFIND", "FOO", "PUT")) {
            TestApi.Answer missing = api.send(method, "/api/nothing-here", null);
            assertThat(missing.status()).as(method).isEqualTo(404);
            assertThat(missing.text("code")).isEqualTo("NOT_FOUND");
            assertThat(missing.header("Allow")).isNull();
        }
        // OPTIONS on nothing: no method is allowed there (it listed every HTTP method before).
        TestApi.Answer options = api.send("OPTIONS", "/api/nothing-here", null);
        assertThat(options.status()).isEqualTo(404);
        assertThat(options.text("code")).isEqualTo("NOT_FOUND");
        assertThat(options.raw().headers().allValues("Allow")).containsExactly("");
        assertThat(raw("CONNECT /api/nothing-here HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 404")
                .contains("\"code\":\"NOT_FOUND\"");
        // A dashboard page: its own 405 page, with the page's Allow.
        TestApi.Answer page = api.send("PROPFIND", "/app/leads", null);
        assertThat(page.status()).isEqualTo(405);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(methods(page.header("Allow"))).containsExactly("GET");
    }

    private static java.util.Set<String> methods(String allow) {
        assertThat(allow).isNotBlank();
        return java.util.Arrays.stream(allow.split(","))
                .map(String::trim)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    @Test
    void theApisAnswerJsonWhateverAcceptSays() {
        TestApi.Tenant tenant = api.tenant();
        for (String accept : java.util.List.of("text/html", "application/vnd.api+json", "text/plain")) {
            TestApi.Answer created = api.send(
                    "POST",
                    "/api/v1/leads",
                    "{\"firstName\":\"Acc\",\"lastName\":\"" + accept + "\"}",
                    "Content-Type",
                    "application/json",
                    "Accept",
                    accept,
                    "X-API-Key",
                    tenant.key());
            assertThat(created.status()).as(accept).isEqualTo(201);
            assertThat(created.header("Content-Type")).startsWith("application/json");
            assertThat(api.get("/api/health", "Accept", accept).status())
                    .as(accept)
                    .isEqualTo(200);
            assertThat(api.get("/api/v1/leads", "Accept", accept).status())
                    .as(accept)
                    .isEqualTo(401);
        }
    }

    @Test
    void aCompressedBodyIsA415SayingToSendItPlain() {
        TestApi.Tenant tenant = api.tenant();
        TestApi.Answer answer = api.send(
                "POST",
                "/api/v1/leads",
                "{\"firstName\":\"G\",\"lastName\":\"Z\"}",
                "Content-Type",
                "application/json",
                "Content-Encoding",
                "gzip",
                "X-API-Key",
                tenant.key());
        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.text("code")).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        assertThat(answer.header("Accept-Encoding")).isEqualTo("identity");
        assertThat(api.send(
                                "POST",
                                "/api/v1/leads",
                                "{\"firstName\":\"G\",\"lastName\":\"Identity\"}",
                                "Content-Type",
                                "application/json",
                                "Content-Encoding",
                                "identity",
                                "X-API-Key",
                                tenant.key())
                        .status())
                .isEqualTo(201);
    }

    @Test
    void wrongContentTypeIsA415WithTheErrorBody() {
        TestApi.Tenant tenant = api.tenant();
        TestApi.Answer answer = api.send(
                "POST", "/api/v1/leads", "firstName=Jane", "Content-Type", "text/plain", "X-API-Key", tenant.key());
        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.text("code")).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void whatTomcatRefusesGetsTheErrorBodyToo() throws Exception {
        for (String request : java.util.List.of(
                "GET /api/v1/leads/%00 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET /api/../../etc/passwd HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")) {
            String answer = raw(request);
            assertThat(answer).as(request.substring(0, 40)).startsWith("HTTP/1.1 400");
            assertThat(answer).containsIgnoringCase("X-Request-Id: req_").contains("application/json");
            assertThat(answer.substring(answer.indexOf("\r\n\r\n") + 4))
                    .startsWith("{\"code\":\"BAD_REQUEST\"")
                    .contains("\"request_id\":\"req_");
        }
        String traced = raw("GET /api/v1/leads/%00 HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: trace-77\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(traced).startsWith("HTTP/1.1 400").contains("X-Request-Id: trace-77", "\"request_id\":\"trace-77\"");
    }

    @Test
    void overLongHeadersAreA431AndAnOverLongUriA414() throws Exception {
        String big = "a".repeat(20_000);
        String headers = raw("GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Foo: " + big
                + "\r\nX-Request-Id: trace-431\r\nConnection: close\r\n\r\n");
        assertThat(headers).startsWith("HTTP/1.1 431").contains("X-Request-Id: req_", "application/json");
        assertThat(body(headers).get("code").asString()).isEqualTo("REQUEST_HEADER_FIELDS_TOO_LARGE");
        assertThat(body(headers).get("message").asString()).contains("headers are too large", "8192 bytes");

        String uri = raw("GET /api/health?q=" + big + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(uri).startsWith("HTTP/1.1 414").contains("X-Request-Id: req_", "application/json");
        assertThat(body(uri).get("code").asString()).isEqualTo("URI_TOO_LONG");
        assertThat(body(uri).get("message").asString()).contains("URI is too long", "8192 bytes");
        assertThat(body(uri).get("request_id").asString()).startsWith("req_");
    }

    private static JsonNode body(String rawAnswer) {
        return TestApi.JSON.readTree(rawAnswer.substring(rawAnswer.indexOf("\r\n\r\n") + 4));
    }

    /** Sends bytes no HTTP client library would send, and reads the whole answer. */
    private String raw(String request) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void privateApiAuthenticatesBeforeAnythingElseAnswers() {
        TestApi.Answer noKey = api.send("POST", "/api/v1/leads", "firstName=Jane", "Content-Type", "text/plain");
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.text("code")).isEqualTo("INVALID_API_KEY");
        assertThat(api.send("PUT", "/api/v1/leads", "{}").status()).isEqualTo(401);
        assertThat(api.post("/api/v1/leads", "{\"x\":\"" + "y".repeat(100_000) + "\"}")
                        .status())
                .isEqualTo(401);

        // Every authenticated answer carries the key's rate-limit headers, errors the framework gives included.
        TestApi.Tenant tenant = api.tenant();
        TestApi.Answer[] answers = {
            api.send(
                    "POST", "/api/v1/leads", "firstName=Jane", "Content-Type", "text/plain", "X-API-Key", tenant.key()),
            api.send("PUT", "/api/v1/leads", "{}", tenant.auth()),
            api.post("/api/v1/leads", "{\"x\":\"" + "y".repeat(100_000) + "\"}", tenant.auth()),
            api.get("/api/v1/nothing-here", tenant.auth())
        };
        int[] statuses = {415, 405, 413, 404};
        for (int i = 0; i < answers.length; i++) {
            assertThat(answers[i].status()).as(answers[i].toString()).isEqualTo(statuses[i]);
            assertThat(answers[i].header("X-RateLimit-Limit"))
                    .as(answers[i].toString())
                    .isNotNull();
            assertThat(answers[i].header("X-RateLimit-Remaining")).isNotNull();
            assertThat(answers[i].text("request_id")).startsWith("req_");
        }
    }

    @Test
    void openApiPromisesTheRateLimitHeadersOnlyWhereAPrivateApiAnswerCarriesThem() {
        TestApi.Answer unauthorized = api.post("/api/v1/leads", "{\"firstName\":\"A\",\"lastName\":\"B\"}");
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.header("X-RateLimit-Limit")).isNull();
        JsonNode paths = api.get("/v3/api-docs").json().get("paths");
        for (String operation : List.of("post", "get")) {
            JsonNode responses = paths.get("/api/v1/leads").get(operation).get("responses");
            assertThat(responses.get("401").get("headers").propertyNames())
                    .as(operation)
                    .contains("X-Request-Id")
                    .doesNotContain("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset");
            assertThat(responses.get("429").get("headers").propertyNames())
                    .as(operation)
                    .contains("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After");
        }
    }

    @Test
    void openApiSaysTheProbesAnswerJson() {
        assertThat(api.get("/api/health").header("Content-Type")).startsWith("application/json");
        JsonNode docs = api.get("/v3/api-docs").json();
        assertThat(TestApi.documentedTypes(docs, "/api/health", "get", "200")).containsExactly("application/json");
        for (String status : List.of("200", "503")) {
            assertThat(TestApi.documentedTypes(docs, "/api/ready", "get", status))
                    .as(status)
                    .containsExactly("application/json");
        }
    }

    @Test
    void openApiDescribesThePublicEndpoints() {
        TestApi.Answer answer = api.get("/v3/api-docs");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("paths").propertyNames())
                .contains(
                        "/api/v1/leads",
                        "/api/v1/leads/{id}",
                        "/api/v1/tags",
                        "/api/health",
                        "/api/ready",
                        "/api/admin/workspaces");
        assertThat(answer.json().get("paths").propertyNames()).noneMatch(path -> path.startsWith("/app"));
        assertThat(answer.json()
                        .get("paths")
                        .get("/api/v1/leads")
                        .get("post")
                        .get("responses")
                        .propertyNames())
                .contains("201", "400", "401", "409", "413", "415", "422", "429");
        assertThat(answer.json()
                        .get("paths")
                        .get("/api/public/lead")
                        .get("post")
                        .get("responses")
                        .propertyNames())
                .contains("200", "201", "400", "401", "403", "413", "415", "429");
        JsonNode paths = answer.json().get("paths");
        for (String method : List.of("get", "patch", "delete")) {
            assertThat(paths.get("/api/v1/leads/{id}")
                            .get(method)
                            .get("responses")
                            .propertyNames())
                    .as(method)
                    .contains("401", "404", "429");
        }
        assertThat(paths.get("/api/v1/leads").get("get").get("responses").propertyNames())
                .contains("200", "400", "401", "429");
        assertThat(paths.get("/api/v1/leads")
                        .get("post")
                        .get("responses")
                        .get("201")
                        .get("headers")
                        .propertyNames())
                .contains("Location", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset");
        assertThat(paths.get("/api/v1/leads")
                        .get("post")
                        .get("responses")
                        .get("429")
                        .get("headers")
                        .propertyNames())
                .contains("Retry-After");
        assertThat(paths.get("/api/ready").get("get").get("responses").propertyNames())
                .contains("200", "503");
        assertThat(answer.json()
                        .get("components")
                        .get("schemas")
                        .get("Lead")
                        .get("properties")
                        .get("firstName")
                        .toString())
                .as("a captured lead has no first name")
                .contains("null");
        for (String person : List.of("createdBy", "assignedTo")) {
            assertThat(answer.json()
                            .get("components")
                            .get("schemas")
                            .get("Lead")
                            .get("properties")
                            .get(person)
                            .get("oneOf")
                            .toString())
                    .as("a lead may have no %s", person)
                    .contains("#/components/schemas/Person", "\"null\"");
        }
        JsonNode schemas = answer.json().get("components").get("schemas");
        JsonNode firstName = schemas.get("CreateLead").get("properties").get("firstName");
        assertThat(firstName.get("minLength").asInt()).isEqualTo(1);
        assertThat(firstName.get("maxLength").asInt()).isEqualTo(255);
        assertThat(schemas.get("CaptureLead")
                        .get("properties")
                        .get("attributes")
                        .get("maxProperties")
                        .asInt())
                .isEqualTo(50);
        // What a client generated from the document must send: only real parameters, each with a type.
        answer.json()
                .get("paths")
                .forEach(path -> path.forEach(operation -> {
                    if (operation.has("parameters")) {
                        operation.get("parameters").forEach(parameter -> {
                            assertThat(parameter.get("name").asString()).isNotEqualTo("caller");
                            assertThat(parameter.has("schema") || parameter.has("content"))
                                    .as(parameter.toString())
                                    .isTrue();
                        });
                    }
                }));
        assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }
}
