package io.leadline.platform;

import java.security.SecureRandom;

/** Random, unguessable identifiers and secrets in base62. */
public final class Ids {

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    /**
     * {@code length} characters, each uniform over the 62 of base62 (~5.95 bits each). Random bytes
     * are drawn a buffer at a time (one call into the shared, synchronised {@link SecureRandom} per id
     * on the hot paths, not one per character); a byte's low 6 bits pick a character, and the two
     * values above 61 are discarded, so no character is likelier than another.
     */
    public static String random(int length) {
        char[] out = new char[length];
        byte[] bytes = new byte[length + length / 4 + 4];
        int filled = 0;
        while (filled < length) {
            RANDOM.nextBytes(bytes);
            for (int i = 0; i < bytes.length && filled < length; i++) {
                int six = bytes[i] & 0x3F;
                if (six < ALPHABET.length) {
                    out[filled++] = ALPHABET[six];
                }
            }
        }
        return new String(out);
    }

    /** An opaque id such as {@code ws_4f9Q…}: a type prefix and 20 random base62 characters (~119 bits). */
    public static String prefixed(String prefix) {
        return prefix + "_" + random(20);
    }
}
