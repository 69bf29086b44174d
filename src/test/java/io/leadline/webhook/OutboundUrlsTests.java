package io.leadline.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The webhook client's DNS: what a connection may be opened to. */
class OutboundUrlsTests {

    @Test
    void aNameThatAnswersPublicThenLoopbackIsRefusedOnTheSecondLookup() throws Exception {
        List<String> asked = new ArrayList<>();
        OutboundUrls.Lookup rebinding = host -> {
            asked.add(host);
            return addresses(asked.size() == 1 ? "93.184.216.34" : "127.0.0.1");
        };
        OutboundUrls.Resolver resolver = new OutboundUrls.Resolver(false, rebinding);

        assertThat(resolver.resolve("rebind.test")).containsExactly(addresses("93.184.216.34"));
        assertThatThrownBy(() -> resolver.resolve("rebind.test"))
                .isInstanceOf(OutboundUrls.Refused.class)
                .isInstanceOf(UnknownHostException.class)
                .hasMessage("resolves to a private or local address");
        assertThat(asked).containsExactly("rebind.test", "rebind.test");
    }

    @Test
    void ofAMixedAnswerOnlyThePublicAddressesAreReturned() throws Exception {
        OutboundUrls.Lookup mixed =
                host -> addresses("10.0.0.1", "93.184.216.34", "::1", "169.254.169.254", "2606:4700::1111");
        OutboundUrls.Resolver resolver = new OutboundUrls.Resolver(false, mixed);

        assertThat(resolver.resolve("mixed.test")).containsExactly(addresses("93.184.216.34", "2606:4700::1111"));
        // The form HttpClient 5.6 calls when connecting (a default method over resolve(host)).
        assertThat(resolver.resolve("mixed.test", 443))
                .containsExactly(
                        new InetSocketAddress(InetAddress.getByName("93.184.216.34"), 443),
                        new InetSocketAddress(InetAddress.getByName("2606:4700::1111"), 443));
    }

    @Test
    void anAllPrivateAnswerIsRefusedWithoutNamingTheAddresses() {
        OutboundUrls.Resolver resolver =
                new OutboundUrls.Resolver(false, host -> addresses("10.1.2.3", "fd00::1", "100.64.0.1"));

        assertThatThrownBy(() -> resolver.resolve("internal.test", 443))
                .isInstanceOf(OutboundUrls.Refused.class)
                .hasMessage("resolves to a private or local address");
    }

    @Test
    void ipLiteralsGoThroughTheSameCheck() throws Exception {
        OutboundUrls.Resolver resolver = new OutboundUrls.Resolver(false, InetAddress::getAllByName);

        for (String literal : List.of("127.0.0.1", "::1", "[::1]", "169.254.169.254", "::ffff:10.0.0.1", "0.0.0.0")) {
            assertThatThrownBy(() -> resolver.resolve(literal)).as(literal).isInstanceOf(OutboundUrls.Refused.class);
        }
        assertThat(resolver.resolve("93.184.216.34")).containsExactly(addresses("93.184.216.34"));
    }

    @Test
    void withPrivateAddressesAllowedTheWholeAnswerIsReturned() throws Exception {
        OutboundUrls.Resolver resolver =
                new OutboundUrls.Resolver(true, host -> addresses("127.0.0.1", "93.184.216.34"));

        assertThat(resolver.resolve("local.test")).containsExactly(addresses("127.0.0.1", "93.184.216.34"));
    }

    @Test
    void aNameThatDoesNotResolveIsNotReportedAsRefused() {
        OutboundUrls.Resolver resolver = new OutboundUrls.Resolver(false, host -> {
            throw new UnknownHostException(host);
        });

        assertThatThrownBy(() -> resolver.resolve("nxdomain.test"))
                .isExactlyInstanceOf(UnknownHostException.class)
                .hasMessage("nxdomain.test");
    }

    @Test
    void aBoundedLookupGivesUpAtItsDeadlineAndPassesAnswersAndFailuresThrough() throws Exception {
        OutboundUrls.Lookup hanging = host -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return addresses("93.184.216.34");
        };
        long started = System.nanoTime();

        String problem = OutboundUrls.problem(
                "https://slow.test/hook", false, false, OutboundUrls.bounded(hanging, () -> Duration.ofMillis(200)));

        assertThat(problem).isEqualTo(OutboundUrls.SLOW_LOOKUP);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        Duration plenty = Duration.ofSeconds(5);
        assertThat(OutboundUrls.bounded(host -> addresses("93.184.216.34"), () -> plenty)
                        .allByName("fast.test"))
                .containsExactly(addresses("93.184.216.34"));
        assertThatThrownBy(() -> OutboundUrls.bounded(
                                host -> {
                                    throw new UnknownHostException(host);
                                },
                                () -> plenty)
                        .allByName("nxdomain.test"))
                .isExactlyInstanceOf(UnknownHostException.class)
                .hasMessage("nxdomain.test");
    }

    @Test
    void lookupsWaitingOnSilentNameServersAreBoundedAndAddressesNeedNoLookupThread() throws Exception {
        java.util.concurrent.CountDownLatch silent = new java.util.concurrent.CountDownLatch(1);
        OutboundUrls.Lookup hanging = host -> {
            try {
                silent.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return addresses("93.184.216.34");
        };
        try {
            for (int i = 0; i < OutboundUrls.MAX_LOOKUPS; i++) {
                String host = "silent" + i + ".test";
                assertThatThrownBy(() -> OutboundUrls.bounded(hanging, () -> Duration.ofMillis(20))
                                .allByName(host))
                        .isInstanceOf(OutboundUrls.SlowLookup.class);
            }
            // Every lookup thread waits: the next name is refused at once, not after its 10 s.
            long started = System.nanoTime();
            assertThatThrownBy(() -> OutboundUrls.bounded(hanging, () -> Duration.ofSeconds(10))
                            .allByName("one-more.test"))
                    .isInstanceOf(OutboundUrls.SlowLookup.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            // An address is no name: it is parsed on the caller's thread.
            assertThat(OutboundUrls.bounded(InetAddress::getAllByName, () -> Duration.ofSeconds(10))
                            .allByName("93.184.216.34"))
                    .containsExactly(addresses("93.184.216.34"));
            assertThat(OutboundUrls.bounded(InetAddress::getAllByName, () -> Duration.ofSeconds(10))
                            .allByName("[2606:4700::1111]"))
                    .containsExactly(addresses("2606:4700::1111"));
        } finally {
            silent.countDown();
            awaitLookupThreadsFree();
        }
    }

    /**
     * The released lookups end on their threads a moment after the latch opens; until one of them
     * waits for work again, the saturated pool refuses the next lookup (as it should), which made the
     * test run next fail depending on the order.
     */
    private static void awaitLookupThreadsFree() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                OutboundUrls.bounded(host -> addresses("93.184.216.34"), () -> Duration.ofSeconds(1))
                        .allByName("free.test");
                return;
            } catch (UnknownHostException stillBusy) {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the lookup threads stayed busy after their name servers answered");
    }

    private static InetAddress[] addresses(String... literals) {
        return Arrays.stream(literals)
                .map(a -> {
                    try {
                        return InetAddress.getByName(a);
                    } catch (UnknownHostException e) {
                        throw new IllegalArgumentException(a, e);
                    }
                })
                .toArray(InetAddress[]::new);
    }
}
