package io.leadline.apikey;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Reads a key from {@code X-API-Key} (any case), else {@code Authorization: Bearer}, else — only
 * where the caller allows it, for the public and WhatsApp endpoints — the {@code api_key} query
 * parameter.
 */
public final class Credentials {

    private Credentials() {}

    public static String from(HttpServletRequest request, boolean allowQuery) {
        String header = request.getHeader("X-API-Key");
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).trim();
            if (!token.isEmpty()) {
                return token;
            }
        }
        if (allowQuery) {
            String query = request.getParameter("api_key");
            if (query != null && !query.isBlank()) {
                return query.trim();
            }
        }
        return null;
    }
}
