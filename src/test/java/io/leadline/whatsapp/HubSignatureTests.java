package io.leadline.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** X-Hub-Signature-256: HMAC-SHA256 of the raw bytes with the app secret, compared safely. */
class HubSignatureTests {

    static final byte[] BODY =
            "{\"object\":\"whatsapp_business_account\",\"entry\":[]}".getBytes(StandardCharsets.UTF_8);
    // Reference: printf '%s' '{"object":"whatsapp_business_account","entry":[]}' | openssl dgst -sha256 -hmac
    // meta-app-secret
    static final String REFERENCE = "sha256=ee9f05f989bc0aa2693d85691a477f8b8403933cde7959a1c5c6be7ea85e8d3d";

    @Test
    void signIsHexHmacSha256OfTheBodyAsOpensslComputesIt() {
        assertThat(HubSignature.sign(BODY, "meta-app-secret")).isEqualTo(REFERENCE);
    }

    @Test
    void theReferenceSignatureMatches() {
        assertThat(new HubSignature(REFERENCE).matches(BODY, "meta-app-secret")).isTrue();
    }

    @Test
    void upperCaseHexAndSurroundingSpaceStillMatch() {
        assertThat(new HubSignature("  sha256=" + REFERENCE.substring(7).toUpperCase() + " ")
                        .matches(BODY, "meta-app-secret"))
                .isTrue();
    }

    @Test
    void anotherSecretDoesNotMatch() {
        assertThat(new HubSignature(REFERENCE).matches(BODY, "another-secret")).isFalse();
    }

    @Test
    void aChangedBodyDoesNotMatch() {
        byte[] changed = "{\"object\":\"whatsapp_business_account\",\"entry\": []}".getBytes(StandardCharsets.UTF_8);
        assertThat(new HubSignature(REFERENCE).matches(changed, "meta-app-secret"))
                .isFalse();
    }

    @Test
    void missingOrMalformedHeadersDoNotMatch() {
        String hex = REFERENCE.substring(7);
        for (String header : new String[] {
            null,
            "",
            hex,
            "sha1=" + hex,
            "sha256=",
            "sha256=" + hex.substring(2),
            "sha256=" + hex + "00",
            "sha256=" + hex.substring(1) + "g"
        }) {
            assertThat(new HubSignature(header).matches(BODY, "meta-app-secret"))
                    .as("header %s", header)
                    .isFalse();
        }
    }

    @Test
    void signatureCoversTheExactBytesNotTheirMeaning() {
        byte[] escaped = "{\"object\":\"whatsapp_business_account\",\"entry\":[],\"x\":\"\\u00e9\"}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] literal =
                "{\"object\":\"whatsapp_business_account\",\"entry\":[],\"x\":\"é\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(new HubSignature(HubSignature.sign(escaped, "s")).matches(literal, "s"))
                .isFalse();
    }
}
