package io.leadline.scale;

import static io.leadline.testing.TestApi.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testing.Instances;
import io.leadline.testing.PostgresDatabase;
import io.leadline.testing.TestApi;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    void aKeyRevokedOnOneInstanceIsRefusedByTheOtherAtOnce() {
        TestApi.Tenant tenant = a.tenant();
        expect(200, b.get("/api/v1/leads", tenant.auth()));
        expect(204, a.admin("DELETE", "/api/admin/api-keys/" + tenant.keyId(), null));
        long revoked = System.nanoTime();

        TestApi.Answer onB = b.get("/api/v1/leads", tenant.auth());

        assertThat(onB.status()).isEqualTo(401);
        assertThat((System.nanoTime() - revoked) / 1_000_000).isLessThan(1000);
    }

    @Test
    void aLimitChangedOnOneInstanceAppliesOnTheOtherAtOnce() {
        TestApi.Tenant tenant = a.tenant();
        assertThat(expect(200, b.get("/api/v1/leads", tenant.auth())).header("X-RateLimit-Limit"))
                .isEqualTo("200");
        expect(200, a.admin("PATCH", "/api/admin/api-keys/" + tenant.keyId(), Map.of("rateLimitPerMinute", 2)));

        TestApi.Answer first = b.get("/api/v1/leads", tenant.auth());
        TestApi.Answer second = a.get("/api/v1/leads", tenant.auth());
        TestApi.Answer third = b.get("/api/v1/leads", tenant.auth());

        assertThat(first.header("X-RateLimit-Limit")).isEqualTo("2");
        assertThat(List.of(first.status(), second.status(), third.status())).containsExactly(200, 200, 429);
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

    private static String cookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .filter(c -> c.startsWith("LEADLINE_SESSION="))
                .reduce((first, last) -> last)
                .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers()));
    }
}
