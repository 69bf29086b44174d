package io.leadline.platform;

import java.security.SecureRandom;

/** Random, unguessable identifiers and secrets in base62. */
public final class Ids {

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }

    /** An opaque id such as {@code ws_4f9Q…}: a type prefix and 20 random base62 characters (~119 bits). */
    public static String prefixed(String prefix) {
        return prefix + "_" + random(20);
    }
}
