package io.leadline.capture;

import io.leadline.testing.OnPostgres;

@OnPostgres
class CapturePostgresIntegrationTests extends CaptureContract {}
