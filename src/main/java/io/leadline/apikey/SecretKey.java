package io.leadline.apikey;

import io.leadline.platform.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A secret key {@code ll_sk_} + 40 base62 characters (~238 bits). Only its SHA-256 is stored; a
 * fast hash is right here because the key is long and random, and lookups happen on every request.
 */
record SecretKey(String value) {

    static final String PREFIX = "ll_sk_";
    private static final int DISPLAY_LENGTH = 12;

    static SecretKey generate() {
        return new SecretKey(PREFIX + Ids.random(40));
    }

    static boolean looksLike(String raw) {
        return raw != null && raw.startsWith(PREFIX) && raw.length() <= 128;
    }

    String hash() {
        return hash(value);
    }

    String displayPrefix() {
        return value.substring(0, DISPLAY_LENGTH);
    }

    static String hash(String raw) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(raw.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
