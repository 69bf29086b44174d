package io.leadline.whatsapp;

import io.leadline.testing.OnPostgres;

@OnPostgres
class WhatsAppFlowPostgresIntegrationTests extends WhatsAppFlowContract {}
