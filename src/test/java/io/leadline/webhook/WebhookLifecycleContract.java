package io.leadline.webhook;

import static io.leadline.testing.TestApi.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testing.Receiver;
import io.leadline.testing.TestApi;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A receiver unsubscribing with 410 Gone, over real HTTP
 * to a real receiver on 127.0.0.1 (the application sends to private http addresses in these tests).
 */
abstract class WebhookLifecycleContract {

    static final Duration WAIT = Duration.ofSeconds(15);

    @LocalServerPort
    int port;

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
