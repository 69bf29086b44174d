package io.leadline.whatsapp;

import io.leadline.testing.OnH2;

@OnH2
class WhatsAppH2IntegrationTests extends WhatsAppContract {}
