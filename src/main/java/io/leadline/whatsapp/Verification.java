package io.leadline.whatsapp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Meta's one-time subscription check: {@code hub.mode=subscribe}, the verify token the project shows
 * under Settings → WhatsApp, and a challenge to echo back. The token is compared in constant time.
 */
record Verification(String mode, String verifyToken, String challenge) {

    /** Meta's challenges are short numbers; anything longer is not a verification request. */
    static final int MAX_CHALLENGE = 256;

    boolean accepts(String projectToken) {
        return "subscribe".equals(mode)
                && challenge != null
                && !challenge.isEmpty()
                && challenge.length() <= MAX_CHALLENGE
                && verifyToken != null
                && projectToken != null
                && MessageDigest.isEqual(
                        verifyToken.getBytes(StandardCharsets.UTF_8), projectToken.getBytes(StandardCharsets.UTF_8));
    }
}
