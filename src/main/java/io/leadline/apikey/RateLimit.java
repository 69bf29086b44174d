package io.leadline.apikey;

import io.leadline.platform.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * The outcome of taking one request from a bucket, and the headers that tell the client about it:
 * the {@code X-RateLimit-*} trio and the IETF form (draft-ietf-httpapi-ratelimit-headers), where
 * {@code RateLimit-Policy: "per-key";q=200;w=60} names the quota and its window in seconds and
 * {@code RateLimit: "per-key";r=199;t=42} the requests left and the seconds until the budget is
 * whole again. The IETF headers are lists: another policy (the monthly plan quota on capture
 * answers) is added next to this one, never in place of it.
 *
 * @param policy the policy's name in the IETF headers, e.g. {@code per-key} or {@code per-ip}
 */
public record RateLimit(
        String policy, boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {

    /** The window of every per-minute budget, in seconds. */
    static final long WINDOW_SECONDS = 60;

    public void writeHeaders(HttpServletResponse response) {
        response.setHeader("X-RateLimit-Limit", Long.toString(limit));
        response.setHeader("X-RateLimit-Remaining", Long.toString(remaining));
        response.setHeader("X-RateLimit-Reset", Long.toString(resetSeconds));
        addPolicy(response, policy, limit, WINDOW_SECONDS, remaining, resetSeconds);
    }

    /**
     * Adds one policy to the IETF {@code RateLimit-Policy} and {@code RateLimit} lists of the
     * response; {@code quota} requests per {@code windowSeconds}, {@code remaining} of them left,
     * whole again in {@code resetSeconds}.
     */
    public static void addPolicy(
            HttpServletResponse response,
            String policy,
            long quota,
            long windowSeconds,
            long remaining,
            long resetSeconds) {
        String name = "\"" + policy + "\"";
        response.addHeader("RateLimit-Policy", name + ";q=" + quota + ";w=" + windowSeconds);
        response.addHeader("RateLimit", name + ";r=" + Math.max(0, remaining) + ";t=" + Math.max(0, resetSeconds));
    }

    /** Throws 429 RATE_LIMITED with Retry-After when the request was not allowed. */
    public void enforce() {
        if (!allowed) {
            throw new ApiException(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "RATE_LIMITED",
                    "Rate limit of " + limit + " requests per minute exceeded. Retry after " + retryAfterSeconds
                            + " s.",
                    null,
                    Map.of("Retry-After", Long.toString(retryAfterSeconds)),
                    null);
        }
    }
}
