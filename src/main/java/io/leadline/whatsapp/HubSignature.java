package io.leadline.whatsapp;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Hub-Signature-256} header Meta signs each notification with: {@code sha256=} and the
 * hex HMAC-SHA256 of the raw request bytes, keyed with the app secret. It is checked over the bytes
 * as received — before any JSON parsing, which could change them — and compared in constant time.
 *
 * @param header the header's value as received; null when absent
 */
record HubSignature(String header) {

    static final String HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";
    private static final HexFormat HEX = HexFormat.of();

    /** Whether the header is a well-formed signature of {@code body} with {@code appSecret}. */
    boolean matches(byte[] body, String appSecret) {
        if (header == null) {
            return false;
        }
        String value = header.strip();
        if (!value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        String hex = value.substring(PREFIX.length());
        if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return false;
        }
        return MessageDigest.isEqual(hmac(body, appSecret), HEX.parseHex(hex));
    }

    /** The header value Meta would send for {@code body}. */
    static String sign(byte[] body, String appSecret) {
        return PREFIX + HEX.formatHex(hmac(body, appSecret));
    }

    private static byte[] hmac(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
