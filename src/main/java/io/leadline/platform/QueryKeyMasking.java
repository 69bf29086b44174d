package io.leadline.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps {@code ?api_key=} values out of every log: past this filter the request's query string
 * (which framework debug logging, error reports and request dumps print) shows {@code api_key=***}.
 * The parameter itself is untouched, so {@code getParameter("api_key")} still reads the key. The
 * container's access log is configured without the query string (application.yml).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class QueryKeyMasking extends OncePerRequestFilter {

    private static final Pattern KEY = Pattern.compile("(?i)((?:^|&)api_key=)[^&]*");

    static String mask(String query) {
        return query == null ? null : KEY.matcher(query).replaceAll("$1***");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query == null || !query.toLowerCase(java.util.Locale.ROOT).contains("api_key")) {
            chain.doFilter(request, response);
            return;
        }
        String masked = mask(query);
        chain.doFilter(
                new HttpServletRequestWrapper(request) {
                    @Override
                    public String getQueryString() {
                        return masked;
                    }
                },
                response);
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }
}
