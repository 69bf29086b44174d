package io.leadline.webhook;

import static io.leadline.testing.TestApi.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.lead.LeadEvent;
import io.leadline.lead.Leads;
import io.leadline.testing.OnPostgres;
import io.leadline.testing.PostgresDatabase;
import io.leadline.testing.Receiver;
import io.leadline.testing.TestApi;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** Issue 8 over real HTTP: a real receiver on 127.0.0.1 checks signatures, bodies and retries. */
@OnPostgres
class WebhookPostgresIntegrationTests {

    static final Duration WAIT = Duration.ofSeconds(15);

    @LocalServerPort
    int port;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    ApplicationEventPublisher publisher;

    @Autowired
    Leads leads;

    TestApi api;
    TestApi.Tenant tenant;
    Receiver receiver;

    @BeforeEach
    void setUp() throws Exception {
        api = new TestApi(port);
        tenant = api.tenant();
        receiver = new Receiver();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    TestApi.Answer subscribe(String path, List<String> events) {
        return expect(
                201, api.post("/api/v1/webhooks", Map.of("url", receiver.url(path), "events", events), tenant.auth()));
    }

    String createLead(String first, String last) {
        return expect(201, api.post("/api/v1/leads", Map.of("firstName", first, "lastName", last), tenant.auth()))
                .text("id");
    }

    @Test
    void leadCreatedIsDeliveredSignedWithTheDocumentedBody() throws Exception {
        String secret = subscribe("/hook", List.of("lead.created")).text("secret");
        assertThat(secret).startsWith("whsec_");
        String leadId = createLead("Wendy", "Hook");

        Receiver.Request got = receiver.await(1, r -> true, WAIT).getFirst();
        String signature = got.header("Leadline-Signature");
        String t = signature.substring(2, signature.indexOf(','));
        assertThat(signature).isEqualTo("t=" + t + ",v1=" + Signatures.hmac(secret, t + "." + got.body()));
        assertThat(Math.abs(Long.parseLong(t) - OffsetDateTime.now().toEpochSecond()))
                .isLessThan(60);
        JsonNode body = TestApi.JSON.readTree(got.body());
        assertThat(body.get("id").asString()).startsWith("evt_").isEqualTo(got.header("Leadline-Event-Id"));
        assertThat(body.get("type").asString()).isEqualTo("lead.created");
        assertThat(body.get("workspace_id").asString()).isEqualTo(tenant.workspaceId());
        assertThat(body.get("created_at").asString()).isNotBlank();
        assertThat(body.get("data").get("lead").get("id").asString()).isEqualTo(leadId);
        assertThat(got.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void statusChangeUpdateAndDeleteAreDeliveredToSubscribersOnly() throws Exception {
        subscribe("/all", List.of("lead.status_changed", "lead.updated", "lead.deleted"));
        String leadId = createLead("Stan", "Status");
        expect(200, api.patch("/api/v1/leads/" + leadId, Map.of("status", "won", "city", "Oslo"), tenant.auth()));
        expect(204, api.delete("/api/v1/leads/" + leadId, tenant.auth()));
        List<Receiver.Request> got = receiver.await(3, r -> true, WAIT);
        assertThat(got.stream().map(r -> r.header("Leadline-Event-Type")))
                .containsExactlyInAnyOrder("lead.status_changed", "lead.updated", "lead.deleted");
        Thread.sleep(500);
        assertThat(receiver.requests()).hasSize(3);
        JsonNode status = got.stream()
                .filter(r -> r.header("Leadline-Event-Type").equals("lead.status_changed"))
                .map(r -> TestApi.JSON.readTree(r.body()))
                .findFirst()
                .orElseThrow();
        assertThat(status.get("data").get("from").asString()).isEqualTo("new");
        assertThat(status.get("data").get("to").asString()).isEqualTo("won");
    }

    @Test
    void anEndpointGetsItsEventsInTheOrderTheyHappened() throws Exception {
        subscribe("/ordered", List.of("lead.created", "lead.updated", "lead.status_changed", "lead.deleted"));
        List<String> leads = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = createLead("Order" + i, "Lead");
            leads.add(id);
            expect(200, api.patch("/api/v1/leads/" + id, Map.of("company", "Acme " + i), tenant.auth()));
            expect(200, api.patch("/api/v1/leads/" + id, Map.of("status", "won"), tenant.auth()));
            expect(204, api.delete("/api/v1/leads/" + id, tenant.auth()));
        }
        List<Receiver.Request> got = receiver.await(20, r -> true, WAIT);
        for (String lead : leads) {
            assertThat(got.stream().filter(r -> r.body().contains(lead)).map(r -> r.header("Leadline-Event-Type")))
                    .as(lead)
                    .containsExactly("lead.created", "lead.updated", "lead.status_changed", "lead.deleted");
        }
    }

    @Test
    void aHangingReceiverOfOneWorkspaceDoesNotHoldBackAnothersEvents() throws Exception {
        try (Receiver hanging = new Receiver().delaying(Duration.ofSeconds(30))) {
            TestApi.Tenant other = api.tenant();
            expect(
                    201,
                    api.post(
                            "/api/v1/webhooks",
                            Map.of("url", hanging.url("/hang"), "events", List.of("lead.created")),
                            other.auth()));
            for (int i = 0; i < 3; i++) {
                expect(
                        201,
                        api.post("/api/v1/leads", Map.of("firstName", "Hang" + i, "lastName", "Other"), other.auth()));
            }
            hanging.await(1, r -> true, WAIT); // a sender is now stuck on it for the 10 s request timeout

            subscribe("/fast", List.of("lead.created"));
            long started = System.nanoTime();
            createLead("Fast", "Lane");
            receiver.await(1, r -> true, Duration.ofSeconds(6));
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("delivered while the other workspace's receiver hangs")
                    .isLessThan(Duration.ofSeconds(6));
        }
    }

    @Test
    void aReceiverThatFailsThreeTimesGetsExactlyOneSuccessfulDelivery() throws Exception {
        receiver.answering(n -> n <= 3 ? 500 : 204);
        String id = subscribe("/flaky", List.of("lead.created")).text("id");
        createLead("Flaky", "Receiver");
        receiver.await(4, r -> true, WAIT);
        Thread.sleep(1000);
        List<Receiver.Request> all = receiver.requests();
        assertThat(all).hasSize(4);
        assertThat(all.stream().filter(r -> r.answeredWith() == 204)).hasSize(1);
        assertThat(all.stream().map(r -> r.header("Leadline-Event-Id")).distinct())
                .hasSize(1);
        JsonNode delivery = awaitDeliveryStatus(id, "succeeded");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(4);
        assertThat(delivery.get("log").size()).isEqualTo(4);
        assertThat(delivery.get("log").get(0).get("statusCode").asInt()).isEqualTo(500);
        assertThat(delivery.get("log").get(3).get("statusCode").asInt()).isEqualTo(204);
        assertThat(delivery.get("log").get(0).get("responseExcerpt").asString()).contains("received");
    }

    @Test
    void aReceiverAnsweringWithANulByteHasItsAttemptRecordedAndIsRetried() throws Exception {
        // PostgreSQL cannot store NUL: the excerpt keeps the rest, and the retry schedule is unchanged.
        receiver.answering(n -> n <= 1 ? 500 : 204).replying("bad\u0000answer");
        String id = subscribe("/nul", List.of("lead.created")).text("id");
        createLead("Nul", "Answer");
        JsonNode delivery = awaitDeliveryStatus(id, "succeeded");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(2);
        assertThat(delivery.get("log").size()).isEqualTo(2);
        assertThat(delivery.get("log").get(0).get("statusCode").asInt()).isEqualTo(500);
        assertThat(delivery.get("log").get(0).get("responseExcerpt").asString()).isEqualTo("badanswer");
    }

    @Test
    void replaySendsTheSameEventAgainAndTestEventsAreQueued() throws Exception {
        String id = subscribe("/replay", List.of("lead.created")).text("id");
        createLead("Ray", "Play");
        Receiver.Request first = receiver.await(1, r -> true, WAIT).getFirst();
        long deliveryId = awaitDeliveryStatus(id, "succeeded").get("id").asLong();
        TestApi.Answer replay =
                api.post("/api/v1/webhooks/" + id + "/deliveries/" + deliveryId + "/replay", "", tenant.auth());
        assertThat(replay.status()).isEqualTo(202);
        List<Receiver.Request> two = receiver.await(2, r -> true, WAIT);
        assertThat(two.get(1).header("Leadline-Event-Id")).isEqualTo(first.header("Leadline-Event-Id"));
        assertThat(two.get(1).body()).isEqualTo(first.body());
        expect(202, api.post("/api/v1/webhooks/" + id + "/test", "", tenant.auth()));
        receiver.await(1, r -> "webhook.test".equals(r.header("Leadline-Event-Type")), WAIT);
    }

    @Test
    void aRolledBackChangeSendsNothing() throws Exception {
        subscribe("/rollback", List.of("lead.created"));
        tx.executeWithoutResult(status -> {
            publisher.publishEvent(new LeadEvent(
                    LeadEvent.CREATED, tenant.workspaceId(), null, "ld_rolledback", Map.of(), OffsetDateTime.now()));
            status.setRollbackOnly();
        });
        assertThat(count("select count(*) from webhook_deliveries where lead_id = 'ld_rolledback'"))
                .isZero();
        TestApi.Answer duplicate =
                api.post("/api/v1/leads", Map.of("firstName", "Dup", "lastName", "Licate"), tenant.auth());
        assertThat(duplicate.status()).isEqualTo(201);
        assertThat(api.post("/api/v1/leads", Map.of("firstName", "dup", "lastName", "licate"), tenant.auth())
                        .status())
                .isEqualTo(409);
        receiver.await(1, r -> true, WAIT);
        Thread.sleep(800);
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void anEndpointFilteredByProjectOnlyGetsThatProjectsEvents() throws Exception {
        String projectId = expect(
                        201,
                        api.admin(
                                "POST",
                                "/api/admin/workspaces/" + tenant.workspaceId() + "/projects",
                                Map.of("name", "Shop")))
                .text("id");
        expect(
                201,
                api.post(
                        "/api/v1/webhooks",
                        Map.of("url", receiver.url("/p"), "events", List.of("lead.created"), "projectId", projectId),
                        tenant.auth()));
        createLead("No", "Project");
        Thread.sleep(1000);
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void capturedLeadsAreDeliveredAsCreatedThenMergedForTheirProject() throws Exception {
        TestApi.Answer project = expect(
                201,
                api.admin(
                        "POST",
                        "/api/admin/workspaces/" + tenant.workspaceId() + "/projects",
                        Map.of("name", "Landing page")));
        expect(
                201,
                api.post(
                        "/api/v1/webhooks",
                        Map.of(
                                "url",
                                receiver.url("/captured"),
                                "events",
                                List.of("lead.created", "lead.merged"),
                                "projectId",
                                project.text("id")),
                        tenant.auth()));
        String key = project.text("apiKey");
        expect(201, api.post("/api/public/lead", Map.of("email", "pat@web.test", "name", "Pat"), "X-Api-Key", key));
        expect(
                200,
                api.post(
                        "/api/public/lead", Map.of("email", "PAT@web.test", "phone", "+44 20 1234"), "X-Api-Key", key));
        List<Receiver.Request> got = receiver.await(2, r -> true, WAIT);
        assertThat(got.stream().map(r -> r.header("Leadline-Event-Type")))
                .containsExactlyInAnyOrder("lead.created", "lead.merged");
        JsonNode merged = got.stream()
                .filter(r -> r.header("Leadline-Event-Type").equals("lead.merged"))
                .map(r -> TestApi.JSON.readTree(r.body()))
                .findFirst()
                .orElseThrow();
        assertThat(merged.get("data").get("lead").get("phone").asString()).isEqualTo("+44 20 1234");
        assertThat(merged.get("data").get("lead").get("projectId").asString()).isEqualTo(project.text("id"));
    }

    @Test
    void aCaptureJoiningALeadMadeThroughTheApiNamesItsCreatorLikeEveryOtherEvent() throws Exception {
        String key = expect(
                        201,
                        api.admin(
                                "POST",
                                "/api/admin/workspaces/" + tenant.workspaceId() + "/projects",
                                Map.of("name", "Site")))
                .text("apiKey");
        subscribe("/merged", List.of("lead.merged"));
        expect(
                201,
                api.post(
                        "/api/v1/leads",
                        Map.of("firstName", "Api", "lastName", "Made", "email", "api-made@web.test"),
                        tenant.auth()));
        expect(200, api.post("/api/public/lead", Map.of("email", "api-made@web.test"), "X-Api-Key", key));
        JsonNode merged = TestApi.JSON.readTree(
                receiver.await(1, r -> true, WAIT).getFirst().body());
        assertThat(merged.get("data").get("lead").get("createdBy").get("id").asString())
                .startsWith("usr_");
    }

    @Test
    void aDeliveryThatFailsForTheWholeWindowDisablesItsEndpointWithAReason() throws Exception {
        receiver.answering(n -> 503);
        String id = subscribe("/down", List.of("lead.created")).text("id");
        try (Connection c = PostgresDatabase.connect()) {
            c.createStatement()
                    .executeUpdate("insert into webhook_deliveries (endpoint_id, workspace_id, event_id, event_type,"
                            + " payload, status, attempts, next_attempt_at, created_at) values ('" + id + "', '"
                            + tenant.workspaceId() + "', 'evt_old', 'lead.created', '{}', 'pending', 30, now(),"
                            + " now() - interval '25 hours')");
        }
        awaitDeliveryStatus(id, "failed");
        JsonNode endpoint = api.get("/api/v1/webhooks/" + id, tenant.auth()).json();
        assertThat(endpoint.get("enabled").asBoolean()).isFalse();
        assertThat(endpoint.get("disabledReason").asString()).contains("HTTP 503");
        TestApi.Answer reenabled = api.patch("/api/v1/webhooks/" + id, Map.of("enabled", true), tenant.auth());
        assertThat(reenabled.json().get("enabled").asBoolean()).isTrue();
        assertThat(reenabled.json().get("disabledReason").isNull()).isTrue();
    }

    /**
     * An endpoint enabled again gets its backlog at once, with a whole retry window: a first failure
     * then leaves it enabled (the backlog had waited past the window while it was disabled, and was
     * due at backoff times up to an hour away).
     */
    @Test
    void anEndpointEnabledAgainGetsItsBacklogNowWithAWholeRetryWindow() throws Exception {
        receiver.answering(n -> n == 1 ? 503 : 200);
        String id = subscribe("/repaired", List.of("lead.created")).text("id");
        expect(200, api.patch("/api/v1/webhooks/" + id, Map.of("enabled", false), tenant.auth()));
        try (Connection c = PostgresDatabase.connect()) {
            for (String event : List.of("evt_waited1", "evt_waited2")) {
                c.createStatement()
                        .executeUpdate(
                                "insert into webhook_deliveries (endpoint_id, workspace_id, event_id, event_type,"
                                        + " payload, status, attempts, next_attempt_at, created_at) values ('" + id
                                        + "', '"
                                        + tenant.workspaceId() + "', '" + event
                                        + "', 'lead.created', '{}', 'pending', 12,"
                                        + " now() + interval '1 hour', now() - interval '25 hours')");
            }
        }
        expect(200, api.patch("/api/v1/webhooks/" + id, Map.of("enabled", true), tenant.auth()));

        awaitDeliveryStatus(id, "succeeded");
        JsonNode endpoint = api.get("/api/v1/webhooks/" + id, tenant.auth()).json();
        assertThat(endpoint.get("enabled").asBoolean()).isTrue();
        assertThat(count("select count(*) from webhook_deliveries where endpoint_id = '" + id
                        + "' and status = 'failed'"))
                .isZero();
        assertThat(receiver.requests()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aTagAddedOnItsOwnIsDeliveredAsATagIdsChangeWithTheLeadsNewVersion() throws Exception {
        subscribe("/tags", List.of("lead.updated"));
        String leadId = createLead("Tina", "Tagged");
        String tagId = expect(201, api.post("/api/v1/tags", Map.of("name", "VIP"), tenant.auth()))
                .text("id");
        assertThat(leads.changeTag(tenant.workspaceId(), tenant.userId(), leadId, tagId, true))
                .isTrue();
        JsonNode event = TestApi.JSON.readTree(
                receiver.await(1, r -> true, WAIT).getFirst().body());
        JsonNode tagIds = event.get("data").get("changes").get("tagIds");
        assertThat(tagIds.get("from").size()).isZero();
        assertThat(tagIds.get("to").get(0).asString()).isEqualTo(tagId);
        assertThat(event.get("data").get("lead").get("updatedAt").asString())
                .isEqualTo(api.get("/api/v1/leads/" + leadId, tenant.auth()).text("updatedAt"));
    }

    @Test
    void anEndpointDisabledWhileItsRoundIsUnderWayIsSentNothingMore() throws Exception {
        receiver.delaying(Duration.ofSeconds(1));
        String id = pausedWithPendingDeliveries("/paused", 4);
        expect(200, api.patch("/api/v1/webhooks/" + id, Map.of("enabled", true), tenant.auth()));
        receiver.await(1, r -> true, WAIT); // the round has begun: the first of its four is in flight
        expect(200, api.patch("/api/v1/webhooks/" + id, Map.of("enabled", false), tenant.auth()));
        Thread.sleep(3000);
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void aSecretRotatedWhileARoundIsUnderWaySignsTheRoundsNextDeliveries() throws Exception {
        receiver.delaying(Duration.ofMillis(1500));
        String id = pausedWithPendingDeliveries("/rotated", 2);
        expect(200, api.patch("/api/v1/webhooks/" + id, Map.of("enabled", true), tenant.auth()));
        receiver.await(1, r -> true, WAIT);
        // The old secret stops at once here, so the next delivery carries the new secret's v1 alone
        // (WebhookLifecycleContract covers the overlap).
        String secret = expect(
                        200,
                        api.patch(
                                "/api/v1/webhooks/" + id,
                                Map.of("rotateSecret", true, "oldSecretValidHours", 0),
                                tenant.auth()))
                .text("secret");
        Receiver.Request second = receiver.await(2, r -> true, WAIT).get(1);
        String signature = second.header("Leadline-Signature");
        String t = signature.substring(2, signature.indexOf(','));
        assertThat(signature).isEqualTo("t=" + t + ",v1=" + Signatures.hmac(secret, t + "." + second.body()));
    }

    /** A disabled endpoint with {@code n} due deliveries written for it, so one round takes them all. */
    private String pausedWithPendingDeliveries(String path, int n) throws Exception {
        String id = expect(
                        201,
                        api.post(
                                "/api/v1/webhooks",
                                Map.of("url", receiver.url(path), "events", List.of("lead.created"), "enabled", false),
                                tenant.auth()))
                .text("id");
        try (Connection c = PostgresDatabase.connect()) {
            for (int i = 0; i < n; i++) {
                c.createStatement()
                        .executeUpdate(
                                "insert into webhook_deliveries (endpoint_id, workspace_id, event_id, event_type,"
                                        + " payload, status, attempts, next_attempt_at, created_at) values ('" + id
                                        + "', '"
                                        + tenant.workspaceId() + "', 'evt_paused" + i + "', 'lead.created', '{\"n\":"
                                        + i
                                        + "}', 'pending', 0, now(), now())");
            }
        }
        return id;
    }

    @Test
    void endpointsAreValidatedManagedAndPrivateToTheirWorkspace() {
        assertThat(api.post(
                                "/api/v1/webhooks",
                                Map.of("url", receiver.url("/x"), "events", List.of("lead.eaten")),
                                tenant.auth())
                        .status())
                .isEqualTo(400);
        assertThat(api.post(
                                "/api/v1/webhooks",
                                Map.of("url", "ftp://x", "events", List.of("lead.created")),
                                tenant.auth())
                        .status())
                .isEqualTo(400);
        TestApi.Answer created = subscribe("/m", List.of("lead.created"));
        String id = created.text("id");
        assertThat(api.get("/api/v1/webhooks", tenant.auth()).body()).doesNotContain(created.text("secret"));
        TestApi.Answer rotated = api.patch("/api/v1/webhooks/" + id, Map.of("rotateSecret", true), tenant.auth());
        assertThat(rotated.text("secret")).startsWith("whsec_").isNotEqualTo(created.text("secret"));
        TestApi.Tenant intruder = api.tenant();
        assertThat(api.get("/api/v1/webhooks/" + id, intruder.auth()).status()).isEqualTo(404);
        assertThat(api.patch("/api/v1/webhooks/" + id, Map.of("enabled", false), intruder.auth())
                        .status())
                .isEqualTo(404);
        assertThat(api.delete("/api/v1/webhooks/" + id, intruder.auth()).status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/webhooks/" + id + "/deliveries", intruder.auth())
                        .status())
                .isEqualTo(404);
        assertThat(api.delete("/api/v1/webhooks/" + id, tenant.auth()).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/webhooks", tenant.auth()).json().get("data").size())
                .isZero();
    }

    private JsonNode awaitDeliveryStatus(String endpointId, String status) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            for (JsonNode d : api.get("/api/v1/webhooks/" + endpointId + "/deliveries", tenant.auth())
                    .json()
                    .get("data")) {
                if (d.get("status").asString().equals(status)) {
                    return d;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no delivery reached " + status);
    }

    private static long count(String sql) throws Exception {
        try (Connection c = PostgresDatabase.connect();
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
