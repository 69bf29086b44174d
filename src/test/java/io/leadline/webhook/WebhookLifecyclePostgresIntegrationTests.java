package io.leadline.webhook;

import io.leadline.testing.OnPostgres;

@OnPostgres
class WebhookLifecyclePostgresIntegrationTests extends WebhookLifecycleContract {}
