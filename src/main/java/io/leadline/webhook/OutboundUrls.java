package io.leadline.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.core5.net.InetAddressUtils;

/**
 * Where Leadline may send webhooks: https (http only when the operator allows it), and only to
 * public addresses unless the operator allows private ones — a webhook must not become a way to
 * reach the internal network.
 */
final class OutboundUrls {

    static final String PRIVATE_ADDRESS = "resolves to a private or local address";
    static final String SLOW_LOOKUP = "has a host name whose DNS did not answer in time";

    /** How long checking a URL that is being saved may wait for DNS. */
    static final Duration CHECK_LOOKUP = Duration.ofSeconds(5);

    /** Lookups running at once, at most: beyond them a lookup is refused as slow at once. */
    static final int MAX_LOOKUPS = 32;

    /**
     * Runs the lookups {@link #bounded} gives up on. The system resolver cannot be interrupted and
     * may take tens of seconds on a name server that does not answer; such a lookup ends by itself
     * on this thread while its caller has moved on. Platform threads (a native lookup would pin a
     * virtual thread's carrier for as long), at most {@link #MAX_LOOKUPS}: endpoints saved or sent to
     * on names whose server never answers cannot pile up threads.
     */
    private static final ThreadPoolExecutor LOOKUPS = new ThreadPoolExecutor(
            0,
            MAX_LOOKUPS,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            Thread.ofPlatform().name("webhook-dns-", 0).daemon().factory());

    private OutboundUrls() {}

    /** How a host name (or IP literal) becomes addresses: {@link InetAddress#getAllByName} outside tests. */
    @FunctionalInterface
    interface Lookup {
        InetAddress[] allByName(String host) throws UnknownHostException;
    }

    /**
     * {@code lookup}, given up on with {@link SlowLookup} once the time {@code remaining} answers
     * (asked at each lookup) has passed, so that a name server that does not answer cannot hold
     * the caller longer than the caller's own deadline.
     */
    static Lookup bounded(Lookup lookup, Supplier<Duration> remaining) {
        return host -> {
            if (literal(host)) {
                return lookup.allByName(host); // an address, not a name: nothing to wait for
            }
            CompletableFuture<InetAddress[]> answer = new CompletableFuture<>();
            try {
                LOOKUPS.execute(() -> {
                    try {
                        answer.complete(lookup.allByName(host));
                    } catch (Throwable e) {
                        answer.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                throw new SlowLookup(); // every lookup thread waits on a silent name server
            }
            try {
                return answer.get(Math.max(0, remaining.get().toNanos()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new SlowLookup();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SlowLookup();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownHostException unknown) {
                    throw unknown;
                }
                UnknownHostException failed = new UnknownHostException(host);
                failed.initCause(e.getCause());
                throw failed;
            }
        };
    }

    /** Whether {@code host} is an IP address (IPv6 bracketed or not) rather than a name. */
    private static boolean literal(String host) {
        return InetAddressUtils.isIPv4Address(host)
                || InetAddressUtils.isIPv6Address(host)
                || InetAddressUtils.isIPv6URLBracketedAddress(host);
    }

    /**
     * Why the URL may not be used, or null when it may. Resolves the host name, waiting at most
     * {@link #CHECK_LOOKUP} for the answer.
     */
    static String problem(String url, boolean allowHttp, boolean allowPrivate) {
        return problem(url, allowHttp, allowPrivate, bounded(InetAddress::getAllByName, () -> CHECK_LOOKUP));
    }

    /**
     * Why the URL may not be used, or null when it may; resolves the host name with {@code lookup}.
     * A check before sending only: the connection resolves the name again, so it must connect
     * through a {@link Resolver} (a DNS answer may change in between).
     */
    static String problem(String url, boolean allowHttp, boolean allowPrivate, Lookup lookup) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a valid URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            return allowHttp ? "must be an http or https URL" : "must be an https URL";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "must name a host";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not contain credentials";
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            // java.net.URI takes any digits as a port; a socket refuses them only when sending.
            return "has a port outside 1 to 65535";
        }
        if (allowPrivate) {
            return null;
        }
        try {
            for (InetAddress address : lookup.allByName(uri.getHost())) {
                if (isPrivate(address)) {
                    // The address itself is not echoed: the answer must not become a probe of internal DNS.
                    return PRIVATE_ADDRESS;
                }
            }
        } catch (SlowLookup e) {
            return e.getMessage();
        } catch (UnknownHostException e) {
            return "has a host name that does not resolve";
        }
        return null;
    }

    /**
     * The DNS of the webhook HTTP client: every connection resolves its host here, once, and may go
     * only to the addresses this returns — the public ones, or all with {@code allowPrivate}. So the
     * address connected to is always one that passed {@link #isPrivate}, even when the name answers
     * differently than it did for {@link #problem} a moment before (DNS rebinding). IP literals
     * come here too: the client hands over every host as text and {@code getAllByName} parses literals.
     */
    static final class Resolver implements DnsResolver {

        private final boolean allowPrivate;
        private final Lookup lookup;

        Resolver(boolean allowPrivate, Lookup lookup) {
            this.allowPrivate = allowPrivate;
            this.lookup = lookup;
        }

        /**
         * @throws Refused when the host has addresses but none that may be connected to
         * @throws UnknownHostException when it does not resolve
         */
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            InetAddress[] all = lookup.allByName(host);
            if (allowPrivate) {
                return all;
            }
            InetAddress[] allowed =
                    Arrays.stream(all).filter(a -> !isPrivate(a)).toArray(InetAddress[]::new);
            if (allowed.length == 0) {
                throw new Refused(PRIVATE_ADDRESS);
            }
            return allowed;
        }

        /** Used only by Kerberos/SPNEGO authentication, which webhooks never do: no lookup. */
        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    }

    /**
     * A host the webhook client may not connect to; the message is the refusal ({@link
     * #PRIVATE_ADDRESS}), without the addresses. An {@link UnknownHostException} so that the client
     * gives up before opening any connection.
     */
    static final class Refused extends UnknownHostException {
        Refused(String message) {
            super(message);
        }
    }

    /** A lookup {@link #bounded} gave up on. */
    static final class SlowLookup extends UnknownHostException {
        SlowLookup() {
            super(SLOW_LOOKUP);
        }
    }

    private static boolean isPrivateV4(byte a, byte b, byte c, byte d) {
        try {
            return isPrivate(InetAddress.getByAddress(new byte[] {a, b, c, d}));
        } catch (UnknownHostException e) {
            return true;
        }
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    static boolean isPrivate(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            int third = b[2] & 0xff;
            return first == 0 // "this" network
                    || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
                    || (first == 192 && second == 0 && third == 0) // IETF protocol assignments
                    || (first == 192 && second == 0 && third == 2) // documentation (TEST-NET-1)
                    || (first == 192 && second == 88 && third == 99) // retired 6to4 relay anycast
                    || (first == 198 && (second == 18 || second == 19)) // benchmarking
                    || (first == 198 && second == 51 && third == 100) // documentation (TEST-NET-2)
                    || (first == 203 && second == 0 && third == 113) // documentation (TEST-NET-3)
                    || first >= 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return true; // unique local fc00::/7
            }
            if (zeros(b, 0, 12)) {
                return true; // IPv4-compatible ::/96 (deprecated; a host may still tunnel it to IPv4)
            }
            if (zeros(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && zeros(b, 10, 12)) {
                return true; // IPv4-translated ::ffff:0:0/96 (SIIT): reaches an IPv4 host through a translator
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && zeros(b, 2, 4)) {
                return true; // Teredo 2001::/32: a tunnel to an IPv4 address
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return true; // documentation 2001:db8::/32
            }
            if ((b[0] & 0xff) == 0x01 && zeros(b, 1, 8)) {
                return true; // discard-only 100::/64
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return isPrivateV4(b[2], b[3], b[4], b[5]); // 6to4 2002::/16 embeds an IPv4 address
            }
            if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
                return isPrivateV4(b[12], b[13], b[14], b[15]); // NAT64 64:ff9b::/96
            }
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPrivate(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }
}
