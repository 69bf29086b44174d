package io.leadline.dashboard;

import io.leadline.testing.OnPostgres;

@OnPostgres
class LeadImportPostgresIntegrationTests extends LeadImportContract {}
