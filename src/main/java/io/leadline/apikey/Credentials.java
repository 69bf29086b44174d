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
 * caller allows it, for the public and WhatsApp endpoints — the {@code api_key} query parameter, in
 * that order. Only values that look like Leadline keys ({@code ll_…}) compete: a site's own token in
 * {@code Authorization} next to the key in {@code X-API-Key} (a page's fetch interceptor, a gateway)
 * is not the client's key and is passed over, as before. The same key in several places is accepted;
 * two different Leadline keys are a 400 VALIDATION_FAILED naming where the second came from, rather
 * than a guess at which one the client meant.
 */
public final class Credentials {

    private static final String CONFLICT_MESSAGE = "The request carries two different keys; send one key.";
    private static final String PREFIX = "ll_";

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
        return found.key != null ? found.key : found.other;
    }

    private static final class Found {
        /** The first Leadline-looking key, and where it came from. */
        private String key;

        private String source;
        /** The first value of any other shape: what is checked (and refused) when no key came. */
        private String other;

        void add(String value, String from) {
            if (value == null || value.isBlank()) {
                return;
            }
            String presented = value.trim();
            if (!presented.startsWith(PREFIX)) {
                other = other == null ? presented : other;
            } else if (key == null) {
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
