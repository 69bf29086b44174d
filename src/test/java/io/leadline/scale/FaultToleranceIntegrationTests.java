package io.leadline.scale;

import static io.leadline.testing.TestApi.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testing.Instances;
import io.leadline.testing.PostgresDatabase;
import io.leadline.testing.TcpProxy;
import io.leadline.testing.TestApi;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * PostgreSQL and Redis going away under a running instance (through a {@link TcpProxy} the test
 * cuts, so the shared servers keep running), an instance stopped with requests in flight, and what
 * reaches the logs.
 */
@ExtendWith({PostgresDatabase.class, OutputCaptureExtension.class})
class FaultToleranceIntegrationTests {

    @Test
    void whileTheDatabaseIsDownWritesAnswer503WithRetryAfterAndServiceRecoversByItself() throws Exception {
        try (TcpProxy database = new TcpProxy(5432);
                ConfigurableApplicationContext instance =
                        Instances.startOn(Instances.databaseUrl(database.port()), Instances.redisUrl(6379))) {
            TestApi api = Instances.api(instance);
            TestApi.Tenant tenant = api.tenant();
            String projectId = expect(
                            201,
                            api.admin(
                                    "POST",
                                    "/api/admin/workspaces/" + tenant.workspaceId() + "/projects",
                                    Map.of("name", "Site")))
                    .text("apiKey");
            expect(201, api.post("/api/v1/leads", Map.of("firstName", "Before", "lastName", "Outage"), tenant.auth()));

            database.cut();
            long started = System.nanoTime();
            List<TestApi.Answer> writes = List.of(
                    api.post("/api/v1/leads", Map.of("firstName", "During", "lastName", "Outage"), tenant.auth()),
                    api.post("/api/public/lead", Map.of("email", "during@example.com"), "X-Api-Key", projectId),
                    api.patch("/api/v1/leads/lead_x", Map.of("status", "won"), tenant.auth()),
                    api.post("/api/v1/tags", Map.of("name", "outage"), tenant.auth()),
                    api.admin("POST", "/api/admin/workspaces", Map.of("name", "During outage")));
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

            assertThat(writes).allSatisfy(answer -> {
                assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
                assertThat(answer.text("code")).isEqualTo("SERVICE_UNAVAILABLE");
                assertThat(Integer.parseInt(answer.header("Retry-After"))).isPositive();
                assertThat(answer.text("request_id")).startsWith("req_");
            });
            assertThat(seconds)
                    .as("five refused writes, each bounded by the pool's wait")
                    .isLessThan(25);
            TestApi.Answer ready = api.get("/api/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().get("checks").get("database").asString()).isEqualTo("down");
            assertThat(ready.json().get("checks").get("redis").asString()).isEqualTo("up");
            assertThat(api.get("/api/health").status()).isEqualTo(200);

            database.restore();
            TestApi.Answer after = eventually(
                    () -> api.post("/api/v1/leads", Map.of("firstName", "After", "lastName", "Outage"), tenant.auth()),
                    answer -> answer.status() == 201,
                    Duration.ofSeconds(10));
            assertThat(after.status()).isEqualTo(201);
            assertThat(api.get("/api/ready").status()).isEqualTo(200);
            assertThat(names(tenant.workspaceId())).containsExactlyInAnyOrder("Before Outage", "After Outage");
        }
    }

    @Test
    void whileRedisIsDownCaptureUsesThisInstancesLimitsAndReadinessSaysSo(CapturedOutput output) throws Exception {
        try (TcpProxy redis = new TcpProxy(6379);
                ConfigurableApplicationContext instance =
                        Instances.startOn(Instances.databaseUrl(5432), Instances.redisUrl(redis.port()))) {
            TestApi api = Instances.api(instance);
            TestApi.Tenant tenant = api.tenant();
            String projectKey = expect(
                            201,
                            api.admin(
                                    "POST",
                                    "/api/admin/workspaces/" + tenant.workspaceId() + "/projects",
                                    Map.of("name", "Site")))
                    .text("apiKey");
            assertThat(fallbacks(api)).isZero();

            redis.cut();
            List<TestApi.Answer> during = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                during.add(api.post(
                        "/api/public/lead",
                        Map.of("email", "redis-down" + i + "@example.com"),
                        "X-Api-Key",
                        projectKey));
            }
            during.add(api.post("/api/v1/leads", Map.of("firstName", "Redis", "lastName", "Down"), tenant.auth()));

            assertThat(during).allMatch(answer -> answer.status() == 201, "all created");
            assertThat(during).allMatch(answer -> answer.header("RateLimit") != null);
            assertThat(fallbacks(api)).isEqualTo(6);
            TestApi.Answer ready = api.get("/api/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().get("checks").get("redis").asString()).isEqualTo("down");
            assertThat(ready.json().get("checks").get("database").asString()).isEqualTo("up");
            assertThat(api.get("/api/health").status()).isEqualTo(200);
            // The dashboard keeps its sessions in Redis: a person gets a page saying so, not JSON.
            TestApi.Answer page = api.get("/login");
            assertThat(page.status()).as(page.body()).isEqualTo(503);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.header("Retry-After")).isNotNull();
            assertThat(page.body()).contains("try again", page.header("X-Request-Id"));

            redis.restore();
            eventually(() -> api.get("/api/ready"), answer -> answer.status() == 200, Duration.ofSeconds(10));
            Thread.sleep(1100);
            expect(
                    201,
                    api.post("/api/public/lead", Map.of("email", "redis-back@example.com"), "X-Api-Key", projectKey));
            expect(201, api.post("/api/v1/leads", Map.of("firstName", "Redis", "lastName", "Back"), tenant.auth()));
            assertThat(fallbacks(api)).as("back on the shared buckets").isEqualTo(6);
            assertThat(output.getOut().split("Listening for cache invalidations", -1))
                    .as("subscribed at start and again after Redis returned, caches cleared each time")
                    .hasSize(3);
        }
    }

    @Test
    void anInstanceStartsWhileRedisIsDownAndSharesItsLimitsOnceRedisAnswers(CapturedOutput output) throws Exception {
        try (TcpProxy redis = new TcpProxy(6379)) {
            redis.cut();
            try (ConfigurableApplicationContext instance =
                    Instances.startOn(Instances.databaseUrl(5432), Instances.redisUrl(redis.port()))) {
                TestApi api = Instances.api(instance);
                TestApi.Answer ready = api.get("/api/ready");
                assertThat(ready.status()).isEqualTo(503);
                assertThat(ready.json().get("checks").get("redis").asString()).isEqualTo("down");
                TestApi.Tenant tenant = api.tenant();
                String projectKey = expect(
                                201,
                                api.admin(
                                        "POST",
                                        "/api/admin/workspaces/" + tenant.workspaceId() + "/projects",
                                        Map.of("name", "Site")))
                        .text("apiKey");
                expect(
                        201,
                        api.post("/api/public/lead", Map.of("email", "early@example.com"), "X-Api-Key", projectKey));
                expect(201, api.post("/api/v1/leads", Map.of("firstName", "Early", "lastName", "Bird"), tenant.auth()));
                assertThat(fallbacks(api))
                        .as("this instance's own buckets meanwhile")
                        .isEqualTo(2);
                assertThat(output.getOut()).contains("Redis not reachable at start");

                redis.restore();
                eventually(() -> api.get("/api/ready"), answer -> answer.status() == 200, Duration.ofSeconds(10));
                Thread.sleep(1100);
                expect(201, api.post("/api/public/lead", Map.of("email", "late@example.com"), "X-Api-Key", projectKey));
                assertThat(fallbacks(api)).as("on the shared buckets now").isEqualTo(2);
                assertThat(output.getOut()).contains("Listening for cache invalidations", "Redis answers now");
            }
        }
    }

    @Test
    void onShutdownRequestsInFlightCompleteAndNewOnesAreRefused() throws Exception {
        ConfigurableApplicationContext instance = Instances.start();
        int port = Instances.port(instance);
        TestApi api = Instances.api(instance);
        TestApi.Tenant tenant = api.tenant();
        List<Socket> inFlight = new ArrayList<>();
        List<byte[]> rests = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] body = TestApi.JSON.writeValueAsBytes(Map.of("firstName", "In", "lastName", "Flight " + i));
            Socket socket = new Socket("127.0.0.1", port);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/leads HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "X-API-Key: " + tenant.key() + "\r\nContent-Length: " + body.length
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(body, 0, 5);
            out.flush();
            inFlight.add(socket);
            rests.add(java.util.Arrays.copyOfRange(body, 5, body.length));
        }
        Thread.sleep(300);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(instance::close);
        Thread.sleep(1000);
        assertThat(closing).as("waiting for the requests in flight").isNotDone();
        assertThat(refused(port)).as("new connections refused while draining").isTrue();
        List<String> statusLines = new ArrayList<>();
        for (int i = 0; i < inFlight.size(); i++) {
            Socket socket = inFlight.get(i);
            socket.getOutputStream().write(rests.get(i));
            socket.getOutputStream().flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            statusLines.add(in.readLine());
            socket.close();
        }
        closing.get();

        assertThat(statusLines).allMatch(line -> line.startsWith("HTTP/1.1 201"), "all created");
        assertThat(names(tenant.workspaceId())).containsExactlyInAnyOrder("In Flight 0", "In Flight 1", "In Flight 2");
        assertThat(refused(port)).isTrue();
    }

    @Test
    void anApiKeyInTheQueryStringNeverReachesTheLogs(CapturedOutput output) throws Exception {
        Path accessLogs = Files.createTempDirectory("leadline-access");
        String projectKey;
        String wrongKey = "ll_pk_NotARealKeyButSecret0123456789";
        try (ConfigurableApplicationContext instance = Instances.start(
                "--LOG_FORMAT=ecs",
                "--LEADLINE_ACCESS_LOG=true",
                "--LEADLINE_ACCESS_LOG_DIR=" + accessLogs,
                "--LEADLINE_ACCESS_LOG_FILE=access",
                // Request lines and parameters; not org.springframework.web.servlet.mvc, which at
                // DEBUG prints response bodies (the admin API's answer carries the project key).
                "--logging.level.org.springframework.web.servlet.DispatcherServlet=DEBUG",
                "--logging.level.org.springframework.web.filter=DEBUG",
                "--logging.level.org.apache.catalina.core=DEBUG",
                "--logging.level.io.leadline=DEBUG")) {
            TestApi api = Instances.api(instance);
            TestApi.Tenant tenant = api.tenant();
            projectKey = expect(
                            201,
                            api.admin(
                                    "POST",
                                    "/api/admin/workspaces/" + tenant.workspaceId() + "/projects",
                                    Map.of("name", "Site")))
                    .text("apiKey");
            expect(201, api.post("/api/public/lead?api_key=" + projectKey, Map.of("email", "query@example.com")));
            expect(401, api.post("/api/public/lead?api_key=" + wrongKey, Map.of("email", "query@example.com")));
            expect(400, api.post("/api/public/lead?api_key=" + projectKey, "{not json"));
            api.get("/api/whatsapp/webhook?api_key=" + projectKey + "&hub.mode=subscribe&hub.verify_token=x"
                    + "&hub.challenge=1");
            api.get("/api/whatsapp/webhook?api_key=" + wrongKey);
            api.get("/no/such/page?api_key=" + projectKey);
        }
        String accessLog;
        try (var files = Files.list(accessLogs)) {
            accessLog = files.map(FaultToleranceIntegrationTests::read).reduce("", String::concat);
        }

        assertThat(accessLog).contains("\"POST /api/public/lead HTTP/1.1\" 201");
        assertThat(output.getOut()).contains("\"@timestamp\"").contains("\"ecs\":{\"version\"");
        assertThat(output.getOut())
                .as("framework debug logging shows the masked query")
                .contains("api_key=***");
        for (String log : List.of(output.getAll(), accessLog)) {
            assertThat(log).doesNotContain(projectKey).doesNotContain(wrongKey).doesNotContain("api_key=ll_");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean refused(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long fallbacks(TestApi api) {
        String metrics = expect(200, api.get("/actuator/prometheus")).body();
        Matcher m = Pattern.compile("(?m)^leadline_ratelimit_fallback_total\\{[^}]*} ([0-9.E]+)$")
                .matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }

    static TestApi.Answer eventually(
            Supplier<TestApi.Answer> call, java.util.function.Predicate<TestApi.Answer> done, Duration within)
            throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        TestApi.Answer last = call.get();
        while (!done.test(last) && System.nanoTime() < end) {
            Thread.sleep(200);
            last = call.get();
        }
        return last;
    }

    static List<String> names(String workspaceId) throws Exception {
        try (Connection c = PostgresDatabase.connect();
                PreparedStatement s = c.prepareStatement(
                        "select first_name || ' ' || last_name from leads where workspace_id = ? and first_name is not null")) {
            s.setString(1, workspaceId);
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        }
    }
}
