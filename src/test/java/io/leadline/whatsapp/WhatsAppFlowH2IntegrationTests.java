package io.leadline.whatsapp;

import io.leadline.testing.OnH2;

@OnH2
class WhatsAppFlowH2IntegrationTests extends WhatsAppFlowContract {}
