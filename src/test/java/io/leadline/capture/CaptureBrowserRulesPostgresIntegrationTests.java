package io.leadline.capture;

import io.leadline.testing.OnPostgres;

@OnPostgres
class CaptureBrowserRulesPostgresIntegrationTests extends CaptureBrowserRulesContract {}
