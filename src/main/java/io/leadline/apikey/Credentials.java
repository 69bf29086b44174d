package io.leadline.apikey;

import io.leadline.platform.ApiError;
import io.leadline.platform.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * Reads a key from {@code X-API-Key} (any case), {@code Authorization: Bearer} and — only where the
 * caller allows it, for the public and WhatsApp endpoints — the {@code api_key} query parameter. A
 * client may send the same key in several of them; two different keys are a 400 VALIDATION_FAILED
 * naming where the second came from, rather than a guess at which one the client meant.
 */
public final class Credentials {

    private static final String CONFLICT_MESSAGE = "The request carries two different keys; send one key.";

    private Credentials() {}

    public static String from(HttpServletRequest request, boolean allowQuery) {
        Found found = new Found();
        for (String header : Collections.list(request.getHeaders("X-API-Key"))) {
            found.add(header, "X-API-Key");
        }
        for (String authorization : Collections.list(request.getHeaders("Authorization"))) {
            if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                found.add(authorization.substring(7), "Authorization");
            }
        }
        if (allowQuery) {
            found.add(request.getParameter("api_key"), "api_key");
        }
        return found.key;
    }

    private static final class Found {
        private String key;
        private String source;

        void add(String value, String from) {
            if (value == null || value.isBlank()) {
                return;
            }
            String presented = value.trim();
            if (key == null) {
                key = presented;
                source = from;
            } else if (!key.equals(presented)) {
                String problem = from.equals(source)
                        ? "was given twice with different keys"
                        : "carries a different key than " + source;
                throw new ApiException(
                        HttpStatus.BAD_REQUEST,
                        "VALIDATION_FAILED",
                        CONFLICT_MESSAGE,
                        List.of(new ApiError.FieldError(from, problem)),
                        Map.of(),
                        null);
            }
        }
    }
}
