package io.leadline.dashboard;

import io.leadline.testing.OnH2;

@OnH2
class LeadImportH2IntegrationTests extends LeadImportContract {}
