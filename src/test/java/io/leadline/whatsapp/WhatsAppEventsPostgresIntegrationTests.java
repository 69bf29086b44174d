package io.leadline.whatsapp;

import static io.leadline.testing.TestApi.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testing.OnPostgres;
import io.leadline.testing.Receiver;
import io.leadline.testing.TestApi;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Each new WhatsApp message reaches outbound webhooks as whatsapp.message_received, once. */
@OnPostgres
class WhatsAppEventsPostgresIntegrationTests {

    static final Duration WAIT = Duration.ofSeconds(15);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestApi api;
    WhatsAppTesting whatsapp;
    Receiver receiver;

    @BeforeEach
    void setUp() throws Exception {
        api = new TestApi(port);
        whatsapp = new WhatsAppTesting(api, jdbc);
        receiver = new Receiver();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    @Test
    void newMessageIsDeliveredWithItsLeadAndARedeliveryIsNot() throws Exception {
        WhatsAppTesting.Line line = whatsapp.line();
        expect(
                201,
                api.post(
                        "/api/v1/webhooks",
                        Map.of("url", receiver.url("/wa"), "events", List.of("whatsapp.message_received")),
                        line.tenant().auth()));
        String body = Meta.textFrom(WhatsAppContract.SHEENA, "Sheena Nelson", WhatsAppContract.MSG_1, "Hi there");
        expect(200, whatsapp.post(line, body));
        expect(200, whatsapp.post(line, body));

        Receiver.Request got = receiver.await(1, r -> true, WAIT).getFirst();
        assertThat(got.header("Leadline-Event-Type")).isEqualTo("whatsapp.message_received");
        JsonNode event = TestApi.JSON.readTree(got.body());
        assertThat(event.get("type").asString()).isEqualTo("whatsapp.message_received");
        JsonNode lead = event.get("data").get("lead");
        assertThat(lead.get("phone").asString()).isEqualTo("+" + WhatsAppContract.SHEENA);
        assertThat(lead.get("name").asString()).isEqualTo("Sheena Nelson");
        assertThat(lead.get("channel").asString()).isEqualTo("whatsapp");
        assertThat(lead.has("timeline")).isFalse();
        JsonNode message = event.get("data").get("message");
        assertThat(message.get("messageId").asString()).isEqualTo(WhatsAppContract.MSG_1);
        assertThat(message.get("text").asString()).isEqualTo("Hi there");
        assertThat(message.get("from").asString()).isEqualTo("+" + WhatsAppContract.SHEENA);

        Thread.sleep(1000);
        assertThat(receiver.requests()).hasSize(1);
    }
}
