package io.leadline.platform;

import io.leadline.testing.OnPostgres;

@OnPostgres
class PlatformPostgresIntegrationTests extends PlatformContract {}
