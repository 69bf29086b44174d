package io.leadline.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookRulesTests {

    @Test
    void signatureIsHmacSha256OfTimestampDotBody() {
        // Reference value from: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
        assertThat(Signatures.header("whsec_test", 1_700_000_000L, "{\"a\":1}"))
                .isEqualTo("t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789");
        assertThat(Signatures.hmac("key", "The quick brown fox jumps over the lazy dog"))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    @Test
    void duringARotationsOverlapEachSecretSignsTheNewOneFirst() {
        String one = Signatures.hmac("whsec_new", "1700000000.{\"a\":1}");
        String two = Signatures.hmac("whsec_test", "1700000000.{\"a\":1}");
        assertThat(Signatures.header(List.of("whsec_new", "whsec_test"), 1_700_000_000L, "{\"a\":1}"))
                .isEqualTo("t=1700000000,v1=" + one + ",v1=" + two)
                .endsWith(",v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789");
    }

    @Test
    void anOldSecretPastItsWindowIsReadAsNone() {
        OffsetDateTime now = OffsetDateTime.parse("2026-12-01T20:00:00Z");
        Endpoint rotated = new Endpoint(
                "whk_1",
                "ws_1",
                "https://example.com",
                Set.of("lead.created"),
                null,
                true,
                "whsec_new",
                "whsec_old",
                now.plusHours(1),
                null,
                now,
                now);
        assertThat(rotated.at(now.plusMinutes(59))).isSameAs(rotated);
        Endpoint past = rotated.at(now.plusHours(1));
        assertThat(past.previousSecret()).isNull();
        assertThat(past.previousSecretExpiresAt()).isNull();
        assertThat(past.secret()).isEqualTo("whsec_new");
    }

    @Test
    void aGoneReasonSaysWhenInUtc() {
        assertThat(Endpoint.goneReason(OffsetDateTime.parse("2026-12-01T21:40:12.123456+01:00")))
                .isEqualTo("The receiver answered 410 Gone on 2026-12-01 20:40:12 UTC: it asked for no more"
                        + " deliveries. Enable it again to resume.");
    }

    @Test
    void backoffDoublesWithJitterAndIsCapped() {
        Duration initial = Duration.ofSeconds(10);
        Duration max = Duration.ofHours(1);
        assertThat(Endpoint.backoff(1, initial, max)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12));
        assertThat(Endpoint.backoff(3, initial, max)).isBetween(Duration.ofSeconds(32), Duration.ofSeconds(48));
        assertThat(Endpoint.backoff(30, initial, max)).isBetween(Duration.ofMinutes(48), Duration.ofMinutes(72));
    }

    @Test
    void eventSetsRoundTripThroughTheirStoredForm() {
        Set<String> events = Set.of("lead.created");
        assertThat(Endpoint.storedEvents(events)).isEqualTo(",lead.created,");
        assertThat(Endpoint.parseEvents(",lead.created,lead.deleted,")).containsExactly("lead.created", "lead.deleted");
    }

    @Test
    void privateAddressesAreRecognised() throws Exception {
        for (String a : new String[] {
            "127.0.0.1",
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd12::1",
            "fe80::1",
            "::ffff:10.0.0.1",
            "255.255.255.255",
            "2002:0a00:0001::1",
            "64:ff9b::10.0.0.1"
        }) {
            assertThat(OutboundUrls.isPrivate(InetAddress.getByName(a))).as(a).isTrue();
        }
        for (String a : new String[] {
            "93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8", "2002:0808:0808::1", "64:ff9b::8.8.8.8"
        }) {
            assertThat(OutboundUrls.isPrivate(InetAddress.getByName(a))).as(a).isFalse();
        }
    }

    @Test
    void reservedRangesAndIpv6FormsThatReachIpv4AreRecognisedAsNotPublic() throws Exception {
        for (String a : new String[] {
            "::127.0.0.1", // IPv4-compatible
            "::a9fe:a9fe",
            "::ffff:0:127.0.0.1", // IPv4-translated (SIIT)
            "::ffff:0:808:808",
            "2001:0:4136:e378:8000:63bf:80ff:fffe", // Teredo
            "2001:db8::1",
            "100::1",
            "192.0.2.10",
            "198.51.100.7",
            "203.0.113.200",
            "192.88.99.1"
        }) {
            assertThat(OutboundUrls.isPrivate(InetAddress.getByName(a))).as(a).isTrue();
        }
        for (String a : new String[] {"2001:4860:4860::8888", "2a00:1450::1", "192.0.3.1", "203.0.114.1", "1.0.0.1"}) {
            assertThat(OutboundUrls.isPrivate(InetAddress.getByName(a))).as(a).isFalse();
        }
    }

    @Test
    void urlRulesFollowTheOperatorsSettings() {
        assertThat(OutboundUrls.problem("https://93.184.216.34/x", false, false))
                .isNull();
        assertThat(OutboundUrls.problem("http://93.184.216.34/x", false, false)).contains("https");
        assertThat(OutboundUrls.problem("http://93.184.216.34/x", true, false)).isNull();
        assertThat(OutboundUrls.problem("https://127.0.0.1/x", false, false)).contains("private");
        assertThat(OutboundUrls.problem("https://127.0.0.1/x", false, true)).isNull();
        assertThat(OutboundUrls.problem("not a url", false, false)).isNotNull();
        // A port a socket would refuse only when sending is refused when the endpoint is saved.
        assertThat(OutboundUrls.problem("http://127.0.0.1:99999/x", true, true))
                .isEqualTo("has a port outside 1 to 65535");
        assertThat(OutboundUrls.problem("https://93.184.216.34:0/x", false, false))
                .contains("port");
        assertThat(OutboundUrls.problem("https://93.184.216.34:65535/x", false, false))
                .isNull();
    }

    @Test
    void aRetryWindowIsNamedInTheUnitItIsSetIn() {
        assertThat(Endpoint.span(java.time.Duration.ofHours(24))).isEqualTo("24 h");
        assertThat(Endpoint.span(java.time.Duration.ofMinutes(90))).isEqualTo("90 min");
        assertThat(Endpoint.span(java.time.Duration.ofSeconds(40))).isEqualTo("40 s");
    }
}
