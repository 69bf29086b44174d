package io.leadline.capture;

import io.leadline.testing.OnPostgres;

@OnPostgres
class CaptureConcurrencyPostgresIntegrationTests extends CaptureConcurrencyContract {}
