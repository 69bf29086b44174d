package io.leadline.capture;

import io.leadline.workspace.AllowedDomains;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * Where a browser says a request comes from. The {@code Origin} header decides when present, else
 * the {@code Referer} host; with neither the request is a server-side call. {@code Origin: null}
 * (sandboxed frames, file pages, some redirects) and unparseable values have no host, so they match
 * no allowlist entry. A value with a host but not in the form browsers send ({@link #SERIALIZED},
 * e.g. with a path) is judged by that host, as a hand-written client may send one.
 *
 * @param header which header decided: "origin", "referer", or null for a server-side call
 * @param value that header's raw value
 * @param host the host in it, lower-case and without port; null when there is none
 */
record RequestOrigin(String header, String value, String host) {

    /**
     * An origin as browsers send it (RFC 6454 section 6.1): {@code null}, or scheme://host[:port]. Only
     * such a value is a CORS request's origin, echoed in {@code Access-Control-Allow-Origin}.
     */
    static final Pattern SERIALIZED = Pattern.compile(
            "null|[A-Za-z][A-Za-z0-9+.-]*://(?:\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._~%!$&'()*+,;=-]+)(?::[0-9]{1,5})?");

    static RequestOrigin of(HttpServletRequest request) {
        return of(request.getHeader("Origin"), request.getHeader("Referer"));
    }

    static RequestOrigin of(String origin, String referer) {
        if (origin != null && !origin.isBlank()) {
            return new RequestOrigin("origin", origin, host(origin));
        }
        if (referer != null && !referer.isBlank()) {
            return new RequestOrigin("referer", referer, host(referer));
        }
        return new RequestOrigin(null, null, null);
    }

    boolean serverSide() {
        return header == null;
    }

    /** Whether a project with this allowlist accepts the request; an empty list accepts any. */
    boolean allowedBy(AllowedDomains domains) {
        return domains.isEmpty() || serverSide() || domains.allows(host);
    }

    private static String host(String url) {
        try {
            String host = new URI(url.trim()).getHost();
            return host == null || host.isEmpty() ? null : host.toLowerCase(java.util.Locale.ROOT);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
