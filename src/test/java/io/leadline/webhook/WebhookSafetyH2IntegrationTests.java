package io.leadline.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testing.OnH2;
import io.leadline.testing.TestApi;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/** With the operator's defaults, webhooks go only to public https addresses. */
@OnH2
class WebhookSafetyH2IntegrationTests {

    @LocalServerPort
    int port;

    TestApi api;
    TestApi.Tenant tenant;

    @BeforeEach
    void connect() {
        api = new TestApi(port);
        tenant = api.tenant();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://93.184.216.34/hook",
                "https://127.0.0.1/hook",
                "https://localhost/hook",
                "https://10.1.2.3/hook",
                "https://192.168.0.10/hook",
                "https://169.254.169.254/latest/meta-data",
                "https://[::1]/hook",
                "https://[fd00::1]/hook",
                "https://user:pw@93.184.216.34/hook"
            })
    void privateOrPlainHttpUrlsAreRefused(String url) {
        TestApi.Answer answer =
                api.post("/api/v1/webhooks", Map.of("url", url, "events", List.of("lead.created")), tenant.auth());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("url");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://93.184.216.34/hook", "https://[2606:4700::1111]/hook"})
    void publicHttpsUrlsAreAccepted(String url) {
        TestApi.Answer answer =
                api.post("/api/v1/webhooks", Map.of("url", url, "events", List.of("lead.created")), tenant.auth());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
    }
}
