package io.leadline.capture;

import io.leadline.testing.OnH2;

@OnH2
class CaptureInputH2IntegrationTests extends CaptureInputContract {}
