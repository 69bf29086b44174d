package io.leadline.apikey;

import io.leadline.platform.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** The outcome of taking one request from a bucket, and the headers that tell the client about it. */
public record RateLimit(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {

    public void writeHeaders(HttpServletResponse response) {
        response.setHeader("X-RateLimit-Limit", Long.toString(limit));
        response.setHeader("X-RateLimit-Remaining", Long.toString(remaining));
        response.setHeader("X-RateLimit-Reset", Long.toString(resetSeconds));
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
