package io.leadline.admin;

import io.leadline.testing.OnPostgres;

@OnPostgres
class AdminApiPostgresIntegrationTests extends AdminApiContract {}
