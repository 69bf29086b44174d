package io.leadline.platform;

import io.leadline.testing.OnH2;

@OnH2
class PlatformH2IntegrationTests extends PlatformContract {}
