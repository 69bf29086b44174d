package io.leadline.lead;

import io.leadline.testing.OnH2;

@OnH2
class PrivateApiH2IntegrationTests extends PrivateApiContract {

    @Override
    String vendor() {
        return "h2";
    }
}
