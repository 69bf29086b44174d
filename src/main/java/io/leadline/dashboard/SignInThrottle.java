package io.leadline.dashboard;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Locks sign-in for an email from a client address after {@code signInFailures} failures within the
 * window, and for a client address after ten times as many failures on any emails (password
 * spraying). A lock ends when the window that started with the first failure ends; a success clears
 * the email's count. Counts live in this process: behind a load balancer each instance counts its own.
 */
@Component
class SignInThrottle {

    private record Window(Instant start, int failures) {}

    private final Cache<String, Window> windows;
    private final int limit;
    private final Duration window;
    private final Clock clock;

    @Autowired
    SignInThrottle(DashboardSettings settings) {
        this(settings, Clock.systemUTC());
    }

    SignInThrottle(DashboardSettings settings, Clock clock) {
        this.limit = settings.signInFailures();
        this.window = Duration.ofMinutes(settings.signInWindowMinutes());
        this.clock = clock;
        this.windows = Caffeine.newBuilder()
                .expireAfterWrite(window)
                .maximumSize(100_000)
                .build();
    }

    boolean locked(String email, String address) {
        return over(emailKey(email, address), limit) || over(addressKey(address), limit * 10);
    }

    /**
     * Counts a sign-in attempt before the password is checked, atomically, and says whether it may
     * proceed: simultaneous attempts cannot all slip past the check before any failure is counted.
     * A success then clears the email's count through {@link #succeeded}.
     */
    boolean attempt(String email, String address) {
        boolean emailAllowed = reserve(emailKey(email, address), limit);
        boolean addressAllowed = reserve(addressKey(address), limit * 10);
        return emailAllowed && addressAllowed;
    }

    private boolean reserve(String key, int max) {
        boolean[] allowed = {false};
        windows.asMap().compute(key, (k, w) -> {
            if (w == null || expired(w)) {
                allowed[0] = true;
                return new Window(clock.instant(), 1);
            }
            if (w.failures() >= max) {
                return w;
            }
            allowed[0] = true;
            return new Window(w.start(), w.failures() + 1);
        });
        return allowed[0];
    }

    void failed(String email, String address) {
        count(emailKey(email, address));
        count(addressKey(address));
    }

    /**
     * Clears the email's count and gives the address back the attempt {@link #attempt} reserved: the
     * address lock is for failures (password spraying), so people signing in rightly from one office
     * or proxy address never lock each other out.
     */
    void succeeded(String email, String address) {
        windows.invalidate(emailKey(email, address));
        windows.asMap()
                .computeIfPresent(
                        addressKey(address),
                        (k, w) -> expired(w) || w.failures() <= 1 ? null : new Window(w.start(), w.failures() - 1));
    }

    private boolean over(String key, int max) {
        Window w = windows.getIfPresent(key);
        return w != null && !expired(w) && w.failures() >= max;
    }

    private void count(String key) {
        windows.asMap()
                .compute(
                        key,
                        (k, w) -> w == null || expired(w)
                                ? new Window(clock.instant(), 1)
                                : new Window(w.start(), w.failures() + 1));
    }

    private boolean expired(Window w) {
        return !clock.instant().isBefore(w.start().plus(window));
    }

    private static String emailKey(String email, String address) {
        return "e:" + (email == null ? "" : email.trim().toLowerCase(Locale.ROOT)) + "|" + address;
    }

    private static String addressKey(String address) {
        return "a:" + address;
    }
}
