package io.leadline.lead;

import io.leadline.testing.OnPostgres;

@OnPostgres
class BadInputPostgresIntegrationTests extends BadInputContract {}
