package io.leadline.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts every refused API request in {@code leadline.rejections}, tagged with the API it was sent
 * to ({@code private}, {@code public}, {@code whatsapp}, {@code admin}), the HTTP status and the
 * error code of the body ({@code RATE_LIMITED}, {@code PLAN_LIMIT_REACHED}, {@code
 * INVALID_API_KEY}, {@code SERVICE_UNAVAILABLE}…), so a dashboard can tell abuse from outages.
 * Latency is Spring's own {@code http.server.requests} timer; the dashboard pages are not counted.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestMetrics extends OncePerRequestFilter {

    /** Request attribute holding the error code the answer carries; set by the one error path. */
    static final String ERROR_CODE = RequestMetrics.class.getName() + ".code";

    private final MeterRegistry meters;

    RequestMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return api(request.getRequestURI()) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            int status = response.getStatus();
            if (status >= 400) {
                Object code = request.getAttribute(ERROR_CODE);
                Counter.builder("leadline.rejections")
                        .description("API requests answered with an error, by API, status and error code")
                        .tag("api", api(request.getRequestURI()))
                        .tag("status", Integer.toString(status))
                        .tag("code", code instanceof String s ? s : "NONE")
                        .register(meters)
                        .increment();
            }
        }
    }

    private static String api(String uri) {
        if (uri.startsWith("/api/v1/")) {
            return "private";
        }
        if (uri.startsWith("/api/public/")) {
            return "public";
        }
        if (uri.startsWith("/api/whatsapp/")) {
            return "whatsapp";
        }
        if (uri.startsWith("/api/admin/")) {
            return "admin";
        }
        return null;
    }
}
