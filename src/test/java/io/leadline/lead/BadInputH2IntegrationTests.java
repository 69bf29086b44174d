package io.leadline.lead;

import io.leadline.testing.OnH2;

@OnH2
class BadInputH2IntegrationTests extends BadInputContract {}
