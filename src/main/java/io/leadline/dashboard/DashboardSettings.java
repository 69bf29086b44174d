package io.leadline.dashboard;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param signupEnabled whether anyone may create an account and workspace at {@code /signup}; an
 *     operator running a private instance turns it off ({@code LEADLINE_SIGNUP_ENABLED=false})
 * @param signInFailures failed sign-ins per email and client address before sign-in is locked
 * @param signInWindowMinutes how long failures count, and how long a lock lasts
 */
@ConfigurationProperties("leadline.dashboard")
record DashboardSettings(
        @DefaultValue("true") boolean signupEnabled,
        @DefaultValue("5") int signInFailures,
        @DefaultValue("15") int signInWindowMinutes) {}
