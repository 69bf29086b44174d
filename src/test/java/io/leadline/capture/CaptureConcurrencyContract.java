package io.leadline.capture;

import static io.leadline.capture.Capturing.body;
import static io.leadline.capture.Capturing.email;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testing.TestApi;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * "Exact under concurrency": simultaneous real HTTP requests, released together by a latch, against
 * the plan limit and the merge of one person's submissions.
 */
abstract class CaptureConcurrencyContract {

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

    @Test
    void limitOfTenWithFortySimultaneousNewLeadsCreatesExactlyTen() throws Exception {
        Capturing.Site site = capturing.site(10);
        List<TestApi.Answer> answers = simultaneously(40, i -> capturing.submit(site, body("email", email())));
        assertThat(count(answers, 201)).isEqualTo(10);
        assertThat(count(answers, 429)).isEqualTo(30);
        answers.stream()
                .filter(a -> a.status() == 429)
                .forEach(a -> assertThat(a.text("code")).isEqualTo("PLAN_LIMIT_REACHED"));
        assertThat(capturing.leads(site)).isEqualTo(10);
        assertThat(usage(site)).isEqualTo(10);
        assertThat(capturing.submissions(site)).isEqualTo(40);
        assertThat(capturing.submissions(site, "created")).isEqualTo(10);
        assertThat(capturing.submissions(site, "rejected_plan_limit")).isEqualTo(30);
    }

    @Test
    void limitHoldsWhenCaptureAndPrivateApiCreateAtOnce() throws Exception {
        Capturing.Site site = capturing.site(10);
        List<TestApi.Answer> answers = simultaneously(
                40,
                i -> i % 2 == 0
                        ? capturing.submit(site, body("email", email()))
                        : api.post(
                                "/api/v1/leads",
                                body("firstName", "Api", "lastName", "Lead " + i, "email", email()),
                                site.tenant().auth()));
        assertThat(count(answers, 201)).isEqualTo(10);
        assertThat(count(answers, 429)).isEqualTo(30);
        assertThat(capturing.leads(site)).isEqualTo(10);
        assertThat(usage(site)).isEqualTo(10);
    }

    @Test
    void hostileSubmissionsAmongValidOnesFailOnlyThemselves() throws Exception {
        Capturing.Site site = capturing.site();
        List<TestApi.Answer> answers = simultaneouslyAnswered(
                30,
                i -> i % 6 == 0
                        ? capturing.submit(site, "{\"email\": \"" + email() + "\", \"zzz\": \"\\u0000\"}")
                        : capturing.submit(site, body("email", email())));
        assertThat(count(answers, 400)).isEqualTo(5);
        assertThat(count(answers, 201)).isEqualTo(25);
        assertThat(capturing.leads(site)).isEqualTo(25);
        assertThat(capturing.submissions(site, "created")).isEqualTo(25);
        assertThat(capturing.submissions(site, "rejected_invalid")).isEqualTo(5);
    }

    @Test
    void tenSimultaneousSubmissionsWithOneNewEmailMakeOneLeadAndTenSubmissions() throws Exception {
        Capturing.Site site = capturing.site();
        String email = email();
        List<TestApi.Answer> answers = simultaneously(
                10, i -> capturing.submit(site, body("email", email, "attributes", Map.of("try" + i, i))));
        assertThat(count(answers, 201)).isEqualTo(1);
        assertThat(count(answers, 200)).isEqualTo(9);
        assertThat(leadIds(answers)).hasSize(1);
        assertThat(capturing.leads(site)).isEqualTo(1);
        assertThat(capturing.submissions(site)).isEqualTo(10);
        assertThat(capturing.count(
                        "select count(*) from submissions where workspace_id = ? and lead_id is not null",
                        site.workspaceId()))
                .isEqualTo(10);
        long id = leadIds(answers).iterator().next();
        assertThat(capturing.lead(site, id).get("attributes").size()).isEqualTo(10);
        assertThat(capturing.count(
                        "select count(*) from lead_events where workspace_id = ? and kind = 'submission'",
                        site.workspaceId()))
                .isEqualTo(10);
        assertThat(usage(site)).isEqualTo(1);
    }

    @Test
    void tenSimultaneousSubmissionsWithOneNewPhoneAndNoEmailMakeOneLead() throws Exception {
        Capturing.Site site = capturing.site();
        List<TestApi.Answer> answers = simultaneously(
                10, i -> capturing.submit(site, body("phone", i % 2 == 0 ? "+1 555 010 9999" : "15550109999")));
        assertThat(count(answers, 201)).isEqualTo(1);
        assertThat(count(answers, 200)).isEqualTo(9);
        assertThat(leadIds(answers)).hasSize(1);
        assertThat(capturing.leads(site)).isEqualTo(1);
        assertThat(capturing.submissions(site, "merged")).isEqualTo(9);
    }

    @Test
    void simultaneousSubmissionsOfOnePhoneWithDifferentEmailsMakeOneLead() throws Exception {
        Capturing.Site site = capturing.site();
        List<TestApi.Answer> answers =
                simultaneously(10, i -> capturing.submit(site, body("phone", "555 020 8888", "email", email())));
        assertThat(count(answers, 201)).isEqualTo(1);
        assertThat(leadIds(answers)).hasSize(1);
        assertThat(capturing.leads(site)).isEqualTo(1);
    }

    @Test
    void privateApiChangesAtTheSameTimeDoNotLoseWhatSubmissionsAdded() throws Exception {
        Capturing.Site site = capturing.site();
        String email = email();
        long id = capturing
                .submit(site, body("email", email))
                .json()
                .get("lead_id")
                .asLong();
        String publicId = capturing.lead(site, id).get("id").asString();
        List<TestApi.Answer> answers = simultaneously(
                20,
                i -> i % 2 == 0
                        ? capturing.submit(site, body("email", email, "attributes", Map.of("field" + i, i)))
                        : api.patch(
                                "/api/v1/leads/" + publicId,
                                body("status", i % 4 == 1 ? "contacted" : "qualified"),
                                site.tenant().auth()));
        assertThat(count(answers, 200)).isEqualTo(20);
        assertThat(capturing.lead(site, id).get("attributes").size()).isEqualTo(10);
    }

    private int usage(Capturing.Site site) {
        return capturing.count(
                "select lead_count from workspace_usage where workspace_id = ? and year_month = ?",
                site.workspaceId(),
                YearMonth.now(ZoneOffset.UTC).toString());
    }

    private static long count(List<TestApi.Answer> answers, int status) {
        return answers.stream().filter(a -> a.status() == status).count();
    }

    private static java.util.Set<Long> leadIds(List<TestApi.Answer> answers) {
        java.util.Set<Long> ids = new HashSet<>();
        answers.forEach(a -> ids.add(a.json().get("lead_id").asLong()));
        return ids;
    }

    /** Runs n requests on their own threads, all released by one latch; the answers in order. */
    static List<TestApi.Answer> simultaneously(int n, IntFunction<TestApi.Answer> request) throws Exception {
        List<TestApi.Answer> answers = simultaneouslyAnswered(n, request);
        for (TestApi.Answer a : answers) {
            assertThat(a.status()).as(a.toString()).isIn(200, 201, 429);
        }
        return answers;
    }

    /** Like {@link #simultaneously}, whatever the statuses. */
    static List<TestApi.Answer> simultaneouslyAnswered(int n, IntFunction<TestApi.Answer> request) throws Exception {
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<TestApi.Answer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return request.apply(index);
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
}
