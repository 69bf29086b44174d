package io.leadline.admin;

import io.leadline.testing.OnH2;

@OnH2
class AdminApiH2IntegrationTests extends AdminApiContract {}
