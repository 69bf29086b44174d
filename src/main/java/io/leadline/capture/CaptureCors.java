package io.leadline.capture;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * CORS for {@code /api/public/**}: any origin may call it from a browser (the allowlist, not CORS,
 * decides who may capture). A preflight carries no key and always succeeds for POST. The filter
 * runs ahead of everything but request ids, so every answer — errors from the body limit, the key
 * check, the allowlist or the plan limit included — carries {@code Access-Control-Allow-Origin} and
 * {@code Vary: Origin}, and pages can read the error and its headers.
 *
 * <p>An {@code Origin} no browser sends — anything but {@code null} or scheme, host and optional
 * port as RFC 6454 serialises them (a space, a list of origins, a path, characters outside ASCII,
 * an empty value) — is not a CORS request, and is never echoed in {@code Access-Control-Allow-Origin}: it passes on without CORS
 * headers (but with {@code Vary: Origin}) and the endpoint answers it like any other call. Its
 * origin has no host, so like {@code Origin: null} it is on no allowlist: 403 DOMAIN_NOT_ALLOWED in
 * the uniform body where the project has one, instead of CORS's bare-text "Invalid CORS request".
 */
@Configuration(proxyBeanMethods = false)
class CaptureCors {

    @Bean
    FilterRegistrationBean<CorsFilter> captureCorsFilter() {
        CorsConfiguration config = new CorsConfiguration();
        config.addAllowedOriginPattern("*");
        // Every method passes CORS, so a page that sends anything but POST gets this API's own JSON
        // 405 with CORS headers (readable by the page) rather than CORS's bare-text 403.
        config.addAllowedMethod("*");
        config.addAllowedHeader("*");
        config.setExposedHeaders(List.of(
                "Retry-After",
                "X-Request-Id",
                "X-RateLimit-Limit",
                "X-RateLimit-Remaining",
                "X-RateLimit-Reset",
                "RateLimit",
                "RateLimit-Policy"));
        config.setAllowCredentials(false);
        config.setMaxAge(86_400L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/public/**", config);
        FilterRegistrationBean<CorsFilter> registration =
                new FilterRegistrationBean<>(new ReadableOriginsOnly(source, config));
        registration.addUrlPatterns("/api/public/*");
        // After RequestIds (HIGHEST_PRECEDENCE), before BodyLimit (HIGHEST_PRECEDENCE + 10).
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    /** CORS for requests whose Origin CORS can read; others pass on as calls without CORS. */
    static final class ReadableOriginsOnly extends CorsFilter {

        private final CorsConfiguration config;

        ReadableOriginsOnly(CorsConfigurationSource source, CorsConfiguration config) {
            super(source);
            this.config = config;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String origin = request.getHeader(HttpHeaders.ORIGIN);
            if (origin != null && !readable(request, origin)) {
                response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
                // Spring MVC would still take an OPTIONS with such an Origin for a preflight (and then
                // list every servlet method in Allow): without it, it is the plain OPTIONS it answers.
                chain.doFilter(
                        HttpMethod.OPTIONS.matches(request.getMethod()) ? withoutOrigin(request) : request, response);
                return;
            }
            super.doFilterInternal(request, response, chain);
        }

        private static HttpServletRequest withoutOrigin(HttpServletRequest request) {
            return new HttpServletRequestWrapper(request) {
                @Override
                public String getHeader(String name) {
                    return HttpHeaders.ORIGIN.equalsIgnoreCase(name) ? null : super.getHeader(name);
                }

                @Override
                public Enumeration<String> getHeaders(String name) {
                    return HttpHeaders.ORIGIN.equalsIgnoreCase(name)
                            ? Collections.emptyEnumeration()
                            : super.getHeaders(name);
                }

                @Override
                public Enumeration<String> getHeaderNames() {
                    List<String> names = Collections.list(super.getHeaderNames());
                    names.removeIf(HttpHeaders.ORIGIN::equalsIgnoreCase);
                    return Collections.enumeration(names);
                }
            };
        }

        /** Whether CORS would process this Origin rather than refuse it as malformed. */
        private boolean readable(HttpServletRequest request, String origin) {
            if (!RequestOrigin.SERIALIZED.matcher(origin).matches()) {
                return false;
            }
            try {
                CorsUtils.isCorsRequest(request);
            } catch (IllegalArgumentException malformed) {
                return false;
            }
            return config.checkOrigin(origin) != null;
        }
    }
}
