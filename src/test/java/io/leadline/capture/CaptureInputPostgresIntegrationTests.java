package io.leadline.capture;

import io.leadline.testing.OnPostgres;

@OnPostgres
class CaptureInputPostgresIntegrationTests extends CaptureInputContract {}
