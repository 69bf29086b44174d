package io.leadline.scale;

import static io.leadline.testing.TestApi.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadline.testing.Instances;
import io.leadline.testing.PostgresDatabase;
import io.leadline.testing.TestApi;
import io.leadline.workspace.Workspaces;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two application instances on one PostgreSQL database and one Redis, as behind a load balancer:
 * whatever one instance decides, the other sees.
 */
@ExtendWith(PostgresDatabase.class)
class ScaleOutIntegrationTests {

    /** What "at once" across instances means here: a quarter of the 1 s the caches keep an answer. */
    static final long AT_ONCE_MILLIS = 250;

    static ConfigurableApplicationContext one;
    static ConfigurableApplicationContext two;
    static TestApi a;
    static TestApi b;

    @BeforeAll
    static void startTwoInstances() {
        one = Instances.start();
        two = Instances.start();
        a = Instances.api(one);
        b = Instances.api(two);
    }

    @AfterAll
    static void stop() {
        if (two != null) {
            two.close();
        }
        if (one != null) {
            one.close();
        }
    }

    @Test
    void aPerKeyLimitIsOneBudgetAcrossInstances() throws Exception {
        TestApi.Tenant tenant = a.tenant();
        expect(200, a.admin("PATCH", "/api/admin/api-keys/" + tenant.keyId(), Map.of("rateLimitPerMinute", 10)));
        List<TestApi.Answer> answers = concurrently(
                30,
                i -> (i % 2 == 0 ? a : b)
                        .post("/api/v1/leads", Map.of("firstName", "Limit", "lastName", "N" + i), tenant.auth()));

        assertThat(answers).filteredOn(r -> r.status() == 201).hasSize(10);
        assertThat(answers).filteredOn(r -> r.status() == 429).hasSize(20);
        assertThat(answers).allMatch(r -> "10".equals(r.header("X-RateLimit-Limit")));
        assertThat(answers).allMatch(r -> "\"per-key\";q=10;w=60".equals(r.header("RateLimit-Policy")));
        assertThat(answers)
                .filteredOn(r -> r.status() == 429)
                .allMatch(r -> r.header("RateLimit").startsWith("\"per-key\";r=0;t="));
        assertThat(leadCount(tenant.workspaceId())).isEqualTo(10);
    }

    @Test
    void aKeyRevokedOnOneInstanceIsRefusedByTheOtherAtOnce() throws Exception {
        TestApi.Tenant tenant = a.tenant();
        expect(200, b.get("/api/v1/leads", tenant.auth()));
        expect(204, a.admin("DELETE", "/api/admin/api-keys/" + tenant.keyId(), null));
        long revoked = System.nanoTime();

        // The other instance reads the Redis message on its own thread, racing this next request: "at
        // once" is within a few milliseconds, well inside the cache's 1 s bound that would apply without
        // Redis.
        long millis = millisUntil(revoked, 5, () -> b.get("/api/v1/leads", tenant.auth()), r -> r.status() == 401);

        assertThat(millis).isLessThan(AT_ONCE_MILLIS);
    }

    @Test
    void aLimitChangedOnOneInstanceAppliesOnTheOtherAtOnce() throws Exception {
        TestApi.Tenant tenant = a.tenant();
        assertThat(expect(200, b.get("/api/v1/leads", tenant.auth())).header("X-RateLimit-Limit"))
                .isEqualTo("200");
        expect(200, a.admin("PATCH", "/api/admin/api-keys/" + tenant.keyId(), Map.of("rateLimitPerMinute", 2)));
        long changed = System.nanoTime();

        // Requests answered under the old limit take from the old budget; the first under the new one
        // takes the first of its two.
        AtomicReference<TestApi.Answer> first = new AtomicReference<>();
        long millis = millisUntil(changed, 5, () -> b.get("/api/v1/leads", tenant.auth()), r -> {
            first.set(r);
            return "2".equals(r.header("X-RateLimit-Limit"));
        });
        TestApi.Answer second = a.get("/api/v1/leads", tenant.auth());
        TestApi.Answer third = b.get("/api/v1/leads", tenant.auth());

        assertThat(millis).isLessThan(AT_ONCE_MILLIS);
        assertThat(List.of(first.get().status(), second.status(), third.status()))
                .containsExactly(200, 200, 429);
    }

    @Test
    void aRevokedKeyIsRefusedHereOnTheNextRequestAndThereWithinASecond() throws Exception {
        TestApi.Tenant tenant = a.tenant();
        expect(200, a.get("/api/v1/leads", tenant.auth()));
        expect(200, b.get("/api/v1/leads", tenant.auth()));

        expect(204, a.admin("DELETE", "/api/admin/api-keys/" + tenant.keyId(), null));
        long revoked = System.nanoTime();

        assertThat(a.get("/api/v1/leads", tenant.auth()).status()).isEqualTo(401);
        assertThat(millisUntil(revoked, () -> b.get("/api/v1/leads", tenant.auth()), r -> r.status() == 401))
                .isLessThan(1000);
    }

    @Test
    void aChangedRateLimitAppliesHereOnTheNextRequestAndThereWithinASecond() throws Exception {
        TestApi.Tenant tenant = a.tenant();
        expect(200, a.get("/api/v1/leads", tenant.auth()));
        expect(200, b.get("/api/v1/leads", tenant.auth()));

        expect(200, a.admin("PATCH", "/api/admin/api-keys/" + tenant.keyId(), Map.of("rateLimitPerMinute", 50)));
        long changed = System.nanoTime();

        assertThat(a.get("/api/v1/leads", tenant.auth()).header("X-RateLimit-Limit"))
                .isEqualTo("50");
        assertThat(millisUntil(
                        changed,
                        () -> b.get("/api/v1/leads", tenant.auth()),
                        r -> "50".equals(r.header("X-RateLimit-Limit"))))
                .isLessThan(1000);
    }

    @Test
    void aRemovedAdminsKeyIsRefusedHereOnTheNextRequestAndThereWithinASecond() throws Exception {
        TestApi.Tenant tenant = a.tenant();
        String adminId = a.person(tenant.workspaceId(), "Max Admin", "admin");
        String key = expect(201, a.admin("POST", "/api/admin/users/" + adminId + "/api-keys", Map.of("name", "m")))
                .text("key");
        expect(200, a.get("/api/v1/leads", "X-API-Key", key));
        expect(200, b.get("/api/v1/leads", "X-API-Key", key));

        one.getBean(Workspaces.class).removeMember(tenant.workspaceId(), tenant.userId(), adminId);
        long removed = System.nanoTime();

        assertThat(a.get("/api/v1/leads", "X-API-Key", key).status()).isEqualTo(401);
        assertThat(millisUntil(removed, () -> b.get("/api/v1/leads", "X-API-Key", key), r -> r.status() == 401))
                .isLessThan(1000);
    }

    @Test
    void aRotatedProjectKeyIsRefusedHereAtOnceAndThereWithinASecondWhileTheNewOneWorksEverywhere() throws Exception {
        TestApi.Tenant tenant = a.tenant();
        TestApi.Answer project = expect(
                201,
                a.admin("POST", "/api/admin/workspaces/" + tenant.workspaceId() + "/projects", Map.of("name", "Site")));
        String oldKey = project.text("apiKey");
        expect(201, capture(a, oldKey, "before-a@example.com"));
        expect(201, capture(b, oldKey, "before-b@example.com"));

        String newKey = one.getBean(Workspaces.class)
                .rotateProjectKey(tenant.workspaceId(), project.text("id"))
                .apiKey();
        long rotated = System.nanoTime();

        assertThat(capture(a, oldKey, "old-a@example.com").status()).isEqualTo(401);
        expect(201, capture(a, newKey, "new-a@example.com"));
        expect(201, capture(b, newKey, "new-b@example.com"));
        assertThat(millisUntil(rotated, () -> capture(b, oldKey, "old-b@example.com"), r -> r.status() == 401))
                .isLessThan(1000);
    }

    @Test
    void aChangedAllowlistAppliesHereOnTheNextRequestAndThereWithinASecond() throws Exception {
        TestApi.Tenant tenant = a.tenant();
        TestApi.Answer project = expect(
                201,
                a.admin("POST", "/api/admin/workspaces/" + tenant.workspaceId() + "/projects", Map.of("name", "Site")));
        String key = project.text("apiKey");
        expect(201, capture(a, key, "open-a@example.com", "Origin", "https://elsewhere.org"));
        expect(201, capture(b, key, "open-b@example.com", "Origin", "https://elsewhere.org"));

        expect(
                200,
                a.admin(
                        "PATCH",
                        "/api/admin/projects/" + project.text("id"),
                        Map.of("allowedDomains", List.of("example.com"))));
        long changed = System.nanoTime();

        assertThat(capture(a, key, "closed-a@example.com", "Origin", "https://elsewhere.org")
                        .status())
                .isEqualTo(403);
        assertThat(millisUntil(
                        changed,
                        () -> capture(b, key, "closed-b@example.com", "Origin", "https://elsewhere.org"),
                        r -> r.status() == 403))
                .isLessThan(1000);
    }

    @Test
    void aBusyKeyIsAnsweredFromTheCacheAndAChangeThatBypassesInvalidationShowsWithinTheTtl() throws Exception {
        TestApi.Tenant tenant = a.tenant();
        long hitsBefore = cacheHits(a, "secret-keys");
        for (int i = 0; i < 5; i++) {
            expect(200, a.get("/api/v1/leads", tenant.auth()));
        }
        assertThat(cacheHits(a, "secret-keys") - hitsBefore).isPositive();

        try (Connection c = PostgresDatabase.connect();
                PreparedStatement s =
                        c.prepareStatement("update api_keys set rate_limit_per_minute = 7 where id = ?")) {
            s.setString(1, tenant.keyId());
            s.executeUpdate();
        }
        long changed = System.nanoTime();

        assertThat(millisUntil(
                        changed,
                        () -> a.get("/api/v1/leads", tenant.auth()),
                        r -> "7".equals(r.header("X-RateLimit-Limit"))))
                .as("no invalidation was sent: only the cache's time bound (1 s) ends the stale answer")
                .isLessThan(1500);
    }

    @Test
    void aDashboardSessionStartedOnOneInstanceIsSignedInOnTheOther() throws Exception {
        String workspaceId = expect(201, a.admin("POST", "/api/admin/workspaces", Map.of("name", "Sessions")))
                .text("id");
        String email = "session" + System.nanoTime() + "@example.com";
        expect(
                201,
                a.admin(
                        "POST",
                        "/api/admin/workspaces/" + workspaceId + "/users",
                        Map.of(
                                "email",
                                email,
                                "name",
                                "Sam Session",
                                "password",
                                "correct horse battery",
                                "role",
                                "owner")));
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();

        HttpResponse<String> loginPage = http.send(
                HttpRequest.newBuilder(URI.create(a.base() + "/login")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(loginPage.body());
        assertThat(csrf.find()).as("CSRF token on the sign-in page").isTrue();
        String form = "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode("correct horse battery", StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = http.send(
                HttpRequest.newBuilder(URI.create(a.base() + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", cookie(loginPage))
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).endsWith("/app");

        HttpResponse<String> onB = http.send(
                HttpRequest.newBuilder(URI.create(b.base() + "/app"))
                        .header("Cookie", cookie(signedIn))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(onB.statusCode()).isEqualTo(200);
        assertThat(onB.body()).contains("Sam Session");
    }

    @Test
    void thePlanLimitIsExactWithConcurrentCapturesSplitAcrossInstances() throws Exception {
        String workspaceId = expect(
                        201, a.admin("POST", "/api/admin/workspaces", Map.of("name", "Plan", "monthlyLeadLimit", 15)))
                .text("id");
        String projectKey = expect(
                        201,
                        a.admin("POST", "/api/admin/workspaces/" + workspaceId + "/projects", Map.of("name", "Site")))
                .text("apiKey");

        List<TestApi.Answer> answers = concurrently(
                40,
                i -> (i % 2 == 0 ? a : b)
                        .post(
                                "/api/public/lead",
                                Map.of("email", "plan" + i + "@example.com"),
                                "X-Api-Key",
                                projectKey));

        assertThat(answers).filteredOn(r -> r.status() == 201).hasSize(15);
        assertThat(answers)
                .filteredOn(r -> r.status() == 429)
                .hasSize(25)
                .allMatch(r -> "PLAN_LIMIT_REACHED".equals(r.text("code")))
                .allMatch(r -> r.raw().headers().allValues("RateLimit").stream()
                        .anyMatch(v -> v.startsWith("\"monthly\";r=0;t=")));
        assertThat(answers)
                .allMatch(r -> r.raw().headers().allValues("RateLimit-Policy").stream()
                        .anyMatch(p -> p.startsWith("\"monthly\";q=15;w=")))
                .allMatch(r -> r.raw().headers().allValues("RateLimit-Policy").contains("\"per-ip\";q=60;w=60"));
        assertThat(leadCount(workspaceId)).isEqualTo(15);
    }

    @Test
    void anInstanceStalledInsideItsTransactionHoldsUpTheOthersForSecondsNotForTheWholeStall() throws Exception {
        String workspaceId = expect(201, a.admin("POST", "/api/admin/workspaces", Map.of("name", "Stall")))
                .text("id");
        String projectKey = expect(
                        201,
                        a.admin("POST", "/api/admin/workspaces/" + workspaceId + "/projects", Map.of("name", "Site")))
                .text("apiKey");
        expect(201, a.post("/api/public/lead", Map.of("email", "before@example.com"), "X-Api-Key", projectKey));

        // One of instance one's own connections, left inside a transaction that holds the workspace's
        // usage row: instance one frozen mid-batch (a long pause, a stopped VM, a network partition).
        try (Connection stalled = one.getBean(DataSource.class).getConnection()) {
            stalled.setAutoCommit(false);
            lockUsageRows(stalled, workspaceId);
            long started = System.nanoTime();
            TestApi.Answer capture =
                    b.post("/api/public/lead", Map.of("email", "during@example.com"), "X-Api-Key", projectKey);
            long millis = (System.nanoTime() - started) / 1_000_000;

            assertThat(capture.status()).as(capture.toString()).isEqualTo(201);
            assertThat(millis)
                    .as("the stalled transaction ends after 5 s idle, before the other's 10 s lock wait gives up")
                    .isBetween(4000L, 9000L);
            assertThatThrownBy(stalled::commit).isInstanceOf(SQLException.class);
        }
        assertThat(leadCount(workspaceId)).isEqualTo(2);
    }

    @Test
    void aWriteWaitingPastTheLockTimeoutAnswers503WithRetryAfter() throws Exception {
        TestApi.Tenant tenant = a.tenant();
        String projectKey = expect(
                        201,
                        a.admin(
                                "POST",
                                "/api/admin/workspaces/" + tenant.workspaceId() + "/projects",
                                Map.of("name", "Site")))
                .text("apiKey");
        expect(201, a.post("/api/public/lead", Map.of("email", "before@example.com"), "X-Api-Key", projectKey));

        // Held from outside Leadline (an operator's session), so nothing ends it: both writes wait the
        // whole lock timeout for the usage row.
        try (Connection operator = PostgresDatabase.connect()) {
            operator.setAutoCommit(false);
            lockUsageRows(operator, tenant.workspaceId());
            long started = System.nanoTime();
            CompletableFuture<TestApi.Answer> create = CompletableFuture.supplyAsync(
                    () -> b.post("/api/v1/leads", Map.of("firstName", "Held", "lastName", "Up"), tenant.auth()));
            CompletableFuture<TestApi.Answer> capture = CompletableFuture.supplyAsync(
                    () -> a.post("/api/public/lead", Map.of("email", "held@example.com"), "X-Api-Key", projectKey));
            List<TestApi.Answer> answers = List.of(create.join(), capture.join());
            long seconds = (System.nanoTime() - started) / 1_000_000_000;
            operator.rollback();

            assertThat(answers).allSatisfy(answer -> {
                assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
                assertThat(answer.text("code")).isEqualTo("SERVICE_UNAVAILABLE");
                assertThat(Integer.parseInt(answer.header("Retry-After"))).isPositive();
            });
            // Each wait for a lock has its own 10 s; the statement's 15 s bound all of a request's
            // waits (the create queues behind the capture for the row, then waits for the holder).
            assertThat(seconds)
                    .as("bounded by the statement timeout, not retried request by request")
                    .isLessThan(20);
        }
        assertThat(leadCount(tenant.workspaceId())).isEqualTo(1);
    }

    static void lockUsageRows(Connection c, String workspaceId) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("select lead_count from workspace_usage where workspace_id = ? for update")) {
            s.setString(1, workspaceId);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    interface Call {
        TestApi.Answer send(int i);
    }

    static List<TestApi.Answer> concurrently(int n, Call call) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<TestApi.Answer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit((Callable<TestApi.Answer>) () -> call.send(index)));
            }
            List<TestApi.Answer> answers = new ArrayList<>();
            for (Future<TestApi.Answer> f : futures) {
                answers.add(f.get());
            }
            return answers;
        }
    }

    static int leadCount(String workspaceId) throws Exception {
        try (Connection c = PostgresDatabase.connect();
                PreparedStatement s = c.prepareStatement("select count(*) from leads where workspace_id = ?")) {
            s.setString(1, workspaceId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    static TestApi.Answer capture(TestApi api, String projectKey, String email, String... headers) {
        List<String> all = new ArrayList<>(List.of("X-Api-Key", projectKey));
        all.addAll(List.of(headers));
        return api.post("/api/public/lead", Map.of("email", email), all.toArray(String[]::new));
    }

    /** Milliseconds from {@code since} until {@code call} answers as wanted, asked every 50 ms for up to 3 s. */
    static long millisUntil(long since, Supplier<TestApi.Answer> call, Predicate<TestApi.Answer> wanted)
            throws InterruptedException {
        return millisUntil(since, 50, call, wanted);
    }

    /** As above, asked every {@code pollMillis}. */
    static long millisUntil(
            long since, long pollMillis, Supplier<TestApi.Answer> call, Predicate<TestApi.Answer> wanted)
            throws InterruptedException {
        while (true) {
            TestApi.Answer answer = call.get();
            long elapsed = (System.nanoTime() - since) / 1_000_000;
            if (wanted.test(answer)) {
                return elapsed;
            }
            if (elapsed > 3000) {
                throw new AssertionError("still " + answer + " after " + elapsed + " ms");
            }
            Thread.sleep(pollMillis);
        }
    }

    static long cacheHits(TestApi api, String cache) {
        String metrics = expect(200, api.get("/actuator/prometheus")).body();
        Matcher m = Pattern.compile(
                        "(?m)^cache_gets_total\\{[^}]*cache=\"" + cache + "\"[^}]*result=\"hit\"[^}]*} ([0-9.E]+)$")
                .matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    private static String cookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .filter(c -> c.startsWith("LEADLINE_SESSION="))
                .reduce((first, last) -> last)
                .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers()));
    }
}
