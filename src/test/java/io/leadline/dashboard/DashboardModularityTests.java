package io.leadline.dashboard;

import io.leadline.LeadlineApplication;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Module boundaries hold with the dashboard in: only public API of other modules, no cycles. */
class DashboardModularityTests {

    @Test
    void modulesRespectTheirBoundaries() {
        ApplicationModules.of(LeadlineApplication.class).verify();
    }
}
