package io.leadline.lead;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testing.TestApi;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Dedup, rate limits and idempotency hold when requests arrive at the same moment. */
abstract class ConcurrencyContract {

    @LocalServerPort
    int port;

    TestApi api;
    TestApi.Tenant tenant;

    @BeforeEach
    void connect() {
        api = new TestApi(port);
        tenant = api.tenant();
    }

    @Test
    void twentySimultaneousCreatesWithOneEmailMakeOneLead() throws Exception {
        List<TestApi.Answer> answers = together(20, i -> () -> {
            Map<String, Object> body = new HashMap<>();
            body.put("firstName", "Racer");
            body.put("lastName", "Number" + i);
            body.put("email", "same.person@race.test");
            return api.post("/api/v1/leads", body, tenant.auth());
        });
        Map<Integer, Long> byStatus = statuses(answers);
        assertThat(byStatus).containsEntry(201, 1L).containsEntry(409, 19L).hasSize(2);
        String created = answers.stream()
                .filter(a -> a.status() == 201)
                .findFirst()
                .orElseThrow()
                .text("id");
        assertThat(answers.stream().filter(a -> a.status() == 409).map(a -> a.text("existingLeadId")))
                .allMatch(created::equals);
        assertThat(api.get("/api/v1/leads", tenant.auth()).json().get("data").size())
                .isEqualTo(1);
    }

    @Test
    void twentySimultaneousCreatesWithOneNameMakeOneLead() throws Exception {
        List<TestApi.Answer> answers = together(
                20,
                i -> () -> api.post(
                        "/api/v1/leads",
                        Map.of("firstName", "Same", "lastName", "Name", "email", "n" + i + "@race.test"),
                        tenant.auth()));
        assertThat(statuses(answers)).containsEntry(201, 1L).containsEntry(409, 19L);
    }

    @Test
    void aKeyLimitedToFiveGetsExactlyFiveOfTwentySimultaneousRequests() throws Exception {
        TestApi.expect(
                200, api.admin("PATCH", "/api/admin/api-keys/" + tenant.keyId(), Map.of("rateLimitPerMinute", 5)));
        List<TestApi.Answer> answers = together(
                20,
                i -> () -> api.post(
                        "/api/v1/leads", Map.of("firstName", "Limited", "lastName", "Caller" + i), tenant.auth()));
        assertThat(statuses(answers))
                .containsEntry(201, 5L)
                .containsEntry(429, 15L)
                .hasSize(2);
        assertThat(answers.stream().filter(a -> a.status() == 429).map(a -> a.header("Retry-After")))
                .allMatch(v -> Integer.parseInt(v) >= 1);
    }

    @Test
    void twentySimultaneousDeletesOfOneLeadDeleteItOnce() throws Exception {
        String id = TestApi.expect(
                        201, api.post("/api/v1/leads", Map.of("firstName", "Del", "lastName", "Eted"), tenant.auth()))
                .text("id");
        List<TestApi.Answer> answers = together(20, i -> () -> api.delete("/api/v1/leads/" + id, tenant.auth()));
        assertThat(statuses(answers))
                .containsEntry(204, 1L)
                .containsEntry(404, 19L)
                .hasSize(2);
    }

    @Test
    void simultaneousRetriesWithOneIdempotencyKeyCreateOneLead() throws Exception {
        Map<String, Object> body = Map.of("firstName", "Idem", "lastName", "Potent", "email", "idem@race.test");
        List<TestApi.Answer> answers = together(
                10,
                i -> () ->
                        api.post("/api/v1/leads", body, "X-API-Key", tenant.key(), "Idempotency-Key", "retry-storm-1"));
        assertThat(statuses(answers)).containsEntry(201, 10L);
        assertThat(answers.stream().map(a -> a.text("id")).distinct()).hasSize(1);
        assertThat(api.get("/api/v1/leads", tenant.auth()).json().get("data").size())
                .isEqualTo(1);
    }

    /**
     * Sixty simultaneous creates — thirty people, each sent twice, one with a tag — in a workspace
     * whose plan allows twelve: batches form, and still exactly twelve leads exist, every 201 is one of
     * them with its tag and timeline, every 409 names the lead holding that email, the rest are 429.
     */
    @Test
    void simultaneousCreatesKeepDedupAndPlanLimitExact() throws Exception {
        TestApi.Tenant limited = api.tenant(12);
        String tagId = TestApi.expect(201, api.post("/api/v1/tags", Map.of("name", "Batch"), limited.auth()))
                .text("id");
        List<TestApi.Answer> answers = together(60, i -> () -> {
            Map<String, Object> body = new HashMap<>();
            body.put("firstName", "Batch");
            body.put("lastName", "Person" + (i % 30) + (i < 30 ? "a" : "b"));
            body.put("email", "person" + (i % 30) + "@batch.test");
            if (i % 2 == 0) {
                body.put("tagId", tagId);
            }
            return api.post("/api/v1/leads", body, limited.auth());
        });
        Map<Integer, Long> byStatus = statuses(answers);
        assertThat(byStatus.get(201)).isEqualTo(12L);
        assertThat(byStatus.keySet()).isSubsetOf(201, 409, 429);

        Map<String, String> leadByEmail = new HashMap<>();
        api.get("/api/v1/leads?limit=100", limited.auth())
                .json()
                .get("data")
                .forEach(l ->
                        leadByEmail.put(l.get("email").asString(), l.get("id").asString()));
        assertThat(leadByEmail).hasSize(12);
        for (int i = 0; i < answers.size(); i++) {
            TestApi.Answer a = answers.get(i);
            String email = "person" + (i % 30) + "@batch.test";
            switch (a.status()) {
                case 201 -> {
                    assertThat(leadByEmail).containsEntry(email, a.text("id"));
                    TestApi.Answer lead = api.get("/api/v1/leads/" + a.text("id"), limited.auth());
                    assertThat(lead.json().get("timeline").get(0).get("type").asString())
                            .isEqualTo("created");
                    assertThat(lead.json().get("tags").size()).isEqualTo(i % 2 == 0 ? 1 : 0);
                }
                case 409 -> assertThat(a.text("existingLeadId")).isEqualTo(leadByEmail.get(email));
                default -> assertThat(a.text("code")).isEqualTo("PLAN_LIMIT_REACHED");
            }
        }
        // The plan counter counted exactly the leads that exist: the next create is refused.
        TestApi.expect(429, api.post("/api/v1/leads", Map.of("firstName", "One", "lastName", "More"), limited.auth()));
    }

    interface Call {
        TestApi.Answer call() throws Exception;
    }

    /** Starts all calls on their own threads, releases them at once, and collects the answers. */
    static List<TestApi.Answer> together(int n, IntFunction<Call> calls) throws Exception {
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            List<Future<TestApi.Answer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Call call = calls.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            ready.await();
            go.countDown();
            List<TestApi.Answer> answers = new ArrayList<>();
            for (Future<TestApi.Answer> f : futures) {
                answers.add(f.get());
            }
            return answers;
        }
    }

    static Map<Integer, Long> statuses(List<TestApi.Answer> answers) {
        return answers.stream().collect(Collectors.groupingBy(TestApi.Answer::status, Collectors.counting()));
    }
}
