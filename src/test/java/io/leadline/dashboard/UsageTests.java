package io.leadline.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.dashboard.OverviewController.Usage;
import org.junit.jupiter.api.Test;

class UsageTests {

    @Test
    void overThePlanReadsAsItIsWhileTheMeterStopsFull() {
        Usage over = new Usage(3005, 3000);
        assertThat(over.percent()).isEqualTo(100);
        Usage lowered = new Usage(150, 100);
        assertThat(lowered.percent()).isEqualTo(150);
        assertThat(lowered.meter()).isEqualTo(100);
        assertThat(lowered.reached()).isTrue();
    }

    @Test
    void unlimitedAndZeroPlans() {
        assertThat(new Usage(40, null).percent()).isZero();
        assertThat(new Usage(40, null).reached()).isFalse();
        assertThat(new Usage(0, 0).percent()).isZero();
        assertThat(new Usage(1, 0).meter()).isEqualTo(100);
        assertThat(new Usage(0, 0).reached()).isTrue();
    }
}
