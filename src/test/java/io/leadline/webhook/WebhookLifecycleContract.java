package io.leadline.webhook;

import static io.leadline.testing.TestApi.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testing.Receiver;
import io.leadline.testing.TestApi;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A receiver unsubscribing with 410 Gone, and signing-secret rotation with an overlap, over real HTTP
 * to a real receiver on 127.0.0.1 (the application sends to private http addresses in these tests).
 */
abstract class WebhookLifecycleContract {

    static final Duration WAIT = Duration.ofSeconds(15);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

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

    // --- 410 Gone ---

    @Test
    void aReceiverAnswering410GoneDisablesItsEndpointAtOnceAndIsSentNothingMore() throws Exception {
        receiver.answering(n -> n == 1 ? 410 : 204);
        String id = subscribe("/gone").text("id");
        createLead("Gone", "Away");

        JsonNode failed = awaitDelivery(id, "failed");
        assertThat(failed.get("attempts").asInt()).isEqualTo(1);
        assertThat(failed.get("lastStatusCode").asInt()).isEqualTo(410);
        JsonNode endpoint = api.get("/api/v1/webhooks/" + id, tenant.auth()).json();
        assertThat(endpoint.get("enabled").asBoolean()).isFalse();
        assertThat(endpoint.get("disabledReason").asString())
                .startsWith("The receiver answered 410 Gone on ")
                .contains(" UTC: it asked for no more deliveries");

        createLead("After", "Gone");
        Thread.sleep(1000); // several rounds at the tests' 100 ms poll and 200 ms backoff
        assertThat(receiver.requests()).hasSize(1);
        assertThat(api.get("/api/v1/webhooks/" + id + "/deliveries", tenant.auth())
                        .json()
                        .get("data")
                        .size())
                .as("no delivery is written for a disabled endpoint")
                .isEqualTo(1);
        assertThat(api.post("/api/v1/webhooks/" + id + "/test", "", tenant.auth())
                        .status())
                .isEqualTo(409);

        TestApi.Answer enabled =
                expect(200, api.patch("/api/v1/webhooks/" + id, Map.of("enabled", true), tenant.auth()));
        assertThat(enabled.json().get("disabledReason").isNull()).isTrue();
        createLead("Back", "Again");
        Receiver.Request back = receiver.await(2, r -> true, WAIT).get(1);
        assertThat(back.answeredWith()).isEqualTo(204);
        assertThat(back.body()).contains("Again");
    }

    @Test
    void otherClientErrorsAreRetriedAsBefore() throws Exception {
        receiver.answering(n -> n == 1 ? 404 : n == 2 ? 400 : 204);
        String id = subscribe("/missing").text("id");
        createLead("Four", "Oh-Four");
        JsonNode delivered = awaitDelivery(id, "succeeded");
        assertThat(delivered.get("attempts").asInt()).isEqualTo(3);
        assertThat(api.get("/api/v1/webhooks/" + id, tenant.auth())
                        .json()
                        .get("enabled")
                        .asBoolean())
                .isTrue();
    }

    // --- rotation with an overlap ---

    @Test
    void aRotatedSecretKeepsSigningBesideTheNewOneForADayByDefault() throws Exception {
        TestApi.Answer created = subscribe("/rotate");
        String id = created.text("id");
        String old = created.text("secret");
        assertThat(created.json().get("previousSecretExpiresAt").isNull()).isTrue();

        OffsetDateTime before = OffsetDateTime.now();
        TestApi.Answer rotated =
                expect(200, api.patch("/api/v1/webhooks/" + id, Map.of("rotateSecret", true), tenant.auth()));
        String fresh = rotated.text("secret");
        assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);
        OffsetDateTime until = OffsetDateTime.parse(rotated.text("previousSecretExpiresAt"));
        assertThat(until)
                .isBetween(
                        before.plusHours(24).minusSeconds(5),
                        before.plusHours(24).plusSeconds(60));
        assertThat(OffsetDateTime.parse(
                        api.get("/api/v1/webhooks/" + id, tenant.auth()).text("previousSecretExpiresAt")))
                .isEqualTo(until);
        assertThat(api.get("/api/v1/webhooks", tenant.auth()).body()).doesNotContain(old, fresh);

        Receiver.Request during = sendTest(id, 1);
        assertThat(signatures(during)).containsExactly(sign(fresh, during), sign(old, during));
        assertThat(verifies(fresh, during)).isTrue();
        assertThat(verifies(old, during)).isTrue();

        // The window closes (set in the database rather than waited for): the new secret alone signs.
        jdbc.sql("update webhook_endpoints set previous_secret_expires_at = ? where id = ?")
                .params(OffsetDateTime.now().minusSeconds(1), id)
                .update();
        assertThat(api.get("/api/v1/webhooks/" + id, tenant.auth())
                        .json()
                        .get("previousSecretExpiresAt")
                        .isNull())
                .isTrue();
        Receiver.Request after = sendTest(id, 2);
        assertThat(signatures(after)).containsExactly(sign(fresh, after));
        assertThat(verifies(old, after)).isFalse();
    }

    @Test
    void anotherWorkspacesKeyNeitherReadsNorRotatesTheSecret() throws Exception {
        TestApi.Answer created = subscribe("/other");
        String id = created.text("id");
        String secret = created.text("secret");
        TestApi.Tenant other = api.tenant();

        expect(404, api.patch("/api/v1/webhooks/" + id, Map.of("rotateSecret", true), other.auth()));
        expect(
                404,
                api.patch(
                        "/api/v1/webhooks/" + id,
                        Map.of("rotateSecret", true, "oldSecretValidHours", 0),
                        other.auth()));
        expect(404, api.get("/api/v1/webhooks/" + id, other.auth()));
        assertThat(api.get("/api/v1/webhooks/" + id, tenant.auth())
                        .json()
                        .get("previousSecretExpiresAt")
                        .isNull())
                .isTrue();
        Receiver.Request still = sendTest(id, 1);
        assertThat(signatures(still)).containsExactly(sign(secret, still));
    }

    @Test
    void zeroHoursEndsTheOldSecretAtOnce() throws Exception {
        String id = subscribe("/zero").text("id");
        TestApi.Answer rotated = expect(
                200,
                api.patch(
                        "/api/v1/webhooks/" + id,
                        Map.of("rotateSecret", true, "oldSecretValidHours", 0),
                        tenant.auth()));
        assertThat(rotated.json().get("previousSecretExpiresAt").isNull()).isTrue();
        Receiver.Request got = sendTest(id, 1);
        assertThat(signatures(got)).containsExactly(sign(rotated.text("secret"), got));
    }

    @Test
    void theOverlapIsTheOneAskedFor() throws Exception {
        String id = subscribe("/week").text("id");
        for (int hours : new int[] {1, 168}) {
            OffsetDateTime before = OffsetDateTime.now();
            TestApi.Answer rotated = expect(
                    200,
                    api.patch(
                            "/api/v1/webhooks/" + id,
                            Map.of("rotateSecret", true, "oldSecretValidHours", hours),
                            tenant.auth()));
            assertThat(OffsetDateTime.parse(rotated.text("previousSecretExpiresAt")))
                    .as(hours + " h")
                    .isBetween(
                            before.plusHours(hours).minusSeconds(5),
                            before.plusHours(hours).plusSeconds(60));
        }
    }

    @Test
    void aSecondRotationInsideTheWindowRemembersOnlyTheSecretItRotatesOut() throws Exception {
        TestApi.Answer created = subscribe("/twice");
        String id = created.text("id");
        String first = created.text("secret");
        String second = expect(200, api.patch("/api/v1/webhooks/" + id, Map.of("rotateSecret", true), tenant.auth()))
                .text("secret");
        String third = expect(
                        200,
                        api.patch(
                                "/api/v1/webhooks/" + id,
                                Map.of("rotateSecret", true, "oldSecretValidHours", 1),
                                tenant.auth()))
                .text("secret");
        Receiver.Request got = sendTest(id, 1);
        assertThat(signatures(got)).containsExactly(sign(third, got), sign(second, got));
        assertThat(verifies(first, got)).isFalse();
    }

    @Test
    void otherChangesKeepTheOverlap() throws Exception {
        String id = subscribe("/keep").text("id");
        String until = expect(200, api.patch("/api/v1/webhooks/" + id, Map.of("rotateSecret", true), tenant.auth()))
                .text("previousSecretExpiresAt");
        TestApi.Answer changed = expect(
                200,
                api.patch(
                        "/api/v1/webhooks/" + id,
                        Map.of("events", List.of("lead.created", "lead.deleted")),
                        tenant.auth()));
        assertThat(changed.text("previousSecretExpiresAt")).isEqualTo(until);
        assertThat(changed.text("secret")).isNull();
    }

    @Test
    void aWrongOverlapIsRefusedNamingTheFieldAndChangesNothing() throws Exception {
        String id = subscribe("/bad").text("id");
        List<Map<String, Object>> bodies = List.of(
                Map.of("rotateSecret", true, "oldSecretValidHours", -1),
                Map.of("rotateSecret", true, "oldSecretValidHours", 169),
                Map.of("rotateSecret", true, "oldSecretValidHours", "24"),
                Map.of("rotateSecret", true, "oldSecretValidHours", 1.5),
                Map.of("rotateSecret", true, "oldSecretValidHours", true),
                Map.of("rotateSecret", true, "oldSecretValidHours", List.of(24)),
                Map.of("rotateSecret", true, "oldSecretValidHours", 99_999_999_999L),
                Map.of("oldSecretValidHours", 24),
                Map.of("rotateSecret", false, "oldSecretValidHours", 24),
                Map.of("enabled", true, "oldSecretValidHours", 0));
        for (Map<String, Object> body : bodies) {
            TestApi.Answer answer = api.patch("/api/v1/webhooks/" + id, body, tenant.auth());
            assertThat(answer.status()).as(body + " → " + answer).isEqualTo(400);
            JsonNode error = answer.json();
            assertThat(error.get("code").asString()).as(body.toString()).isEqualTo("VALIDATION_FAILED");
            assertThat(error.get("message").asString()).isNotBlank();
            assertThat(error.get("request_id").asString()).startsWith("req_");
            assertThat(error.get("errors").get(0).get("field").asString())
                    .as(body.toString())
                    .isEqualTo("oldSecretValidHours");
        }
        JsonNode endpoint = api.get("/api/v1/webhooks/" + id, tenant.auth()).json();
        assertThat(endpoint.get("previousSecretExpiresAt").isNull()).isTrue();
    }

    @Test
    void anotherWorkspaceCanNeitherRotateNorReadTheEndpoint() throws Exception {
        TestApi.Answer created = subscribe("/mine");
        String id = created.text("id");
        TestApi.Tenant intruder = api.tenant();
        TestApi.Answer rotate = api.patch(
                "/api/v1/webhooks/" + id, Map.of("rotateSecret", true, "oldSecretValidHours", 168), intruder.auth());
        assertThat(rotate.status()).isEqualTo(404);
        assertThat(rotate.json().get("code").asString()).isEqualTo("NOT_FOUND");
        assertThat(rotate.body()).doesNotContain("whsec_");
        assertThat(api.get("/api/v1/webhooks/" + id, intruder.auth()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/webhooks", intruder.auth()).body()).doesNotContain(id);

        JsonNode mine = api.get("/api/v1/webhooks/" + id, tenant.auth()).json();
        assertThat(mine.get("previousSecretExpiresAt").isNull()).isTrue();
        Receiver.Request got = sendTest(id, 1);
        assertThat(signatures(got)).containsExactly(sign(created.text("secret"), got));
    }

    // --- helpers ---

    private TestApi.Answer subscribe(String path) {
        return expect(
                201,
                api.post(
                        "/api/v1/webhooks",
                        Map.of("url", receiver.url(path), "events", List.of("lead.created")),
                        tenant.auth()));
    }

    private void createLead(String first, String last) {
        expect(201, api.post("/api/v1/leads", Map.of("firstName", first, "lastName", last), tenant.auth()));
    }

    /** Queues a test event and returns the {@code n}-th test event the receiver got. */
    private Receiver.Request sendTest(String id, int n) throws InterruptedException {
        expect(202, api.post("/api/v1/webhooks/" + id + "/test", "", tenant.auth()));
        return receiver.await(n, r -> "webhook.test".equals(r.header("Leadline-Event-Type")), WAIT)
                .get(n - 1);
    }

    /** The {@code v1} values of a request's signature header, in order. */
    private static List<String> signatures(Receiver.Request r) {
        List<String> v1 = new ArrayList<>();
        for (String part : r.header("Leadline-Signature").split(",")) {
            if (part.startsWith("v1=")) {
                v1.add(part.substring(3));
            }
        }
        return v1;
    }

    private static String timestamp(Receiver.Request r) {
        String header = r.header("Leadline-Signature");
        assertThat(header).startsWith("t=");
        return header.substring(2, header.indexOf(','));
    }

    private static String sign(String secret, Receiver.Request r) {
        return Signatures.hmac(secret, timestamp(r) + "." + r.body());
    }

    /** What the documented receivers do: any v1 made with the secret counts. */
    private static boolean verifies(String secret, Receiver.Request r) {
        return signatures(r).contains(sign(secret, r));
    }

    private JsonNode awaitDelivery(String endpointId, String status) throws InterruptedException {
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
}
