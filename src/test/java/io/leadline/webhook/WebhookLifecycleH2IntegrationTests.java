package io.leadline.webhook;

import io.leadline.testing.OnH2;
import org.springframework.test.context.TestPropertySource;

/** On the H2 default, with a receiver on 127.0.0.1 allowed as in the PostgreSQL tests. */
@OnH2
@TestPropertySource(
        properties = {
            "leadline.webhooks.allow-private=true",
            "leadline.webhooks.allow-http=true",
            "leadline.webhooks.poll-interval=100ms",
            "leadline.webhooks.initial-backoff=200ms"
        })
class WebhookLifecycleH2IntegrationTests extends WebhookLifecycleContract {}
