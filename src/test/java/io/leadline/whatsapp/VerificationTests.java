package io.leadline.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Meta's subscription check: mode, verify token and challenge. */
class VerificationTests {

    static final String TOKEN = "Zq3kT9aQ2mZx7LbC1dEf0GhJ4kLmN5pQ";

    @Test
    void subscribeWithTheProjectsTokenAndAChallengeIsAccepted() {
        assertThat(new Verification("subscribe", TOKEN, "1158201444").accepts(TOKEN))
                .isTrue();
    }

    @Test
    void anyOtherTokenIsRefused() {
        assertThat(new Verification("subscribe", TOKEN + "x", "1").accepts(TOKEN))
                .isFalse();
        assertThat(new Verification("subscribe", TOKEN.substring(1), "1").accepts(TOKEN))
                .isFalse();
        assertThat(new Verification("subscribe", TOKEN.toLowerCase(), "1").accepts(TOKEN))
                .isFalse();
        assertThat(new Verification("subscribe", "", "1").accepts(TOKEN)).isFalse();
        assertThat(new Verification("subscribe", null, "1").accepts(TOKEN)).isFalse();
    }

    @Test
    void anotherModeOrNoChallengeIsRefused() {
        assertThat(new Verification("unsubscribe", TOKEN, "1").accepts(TOKEN)).isFalse();
        assertThat(new Verification(null, TOKEN, "1").accepts(TOKEN)).isFalse();
        assertThat(new Verification("subscribe", TOKEN, null).accepts(TOKEN)).isFalse();
        assertThat(new Verification("subscribe", TOKEN, "").accepts(TOKEN)).isFalse();
        assertThat(new Verification("subscribe", TOKEN, "9".repeat(257)).accepts(TOKEN))
                .isFalse();
    }

    @Test
    void aProjectWithoutATokenAcceptsNothing() {
        assertThat(new Verification("subscribe", "", "1").accepts(null)).isFalse();
    }
}
