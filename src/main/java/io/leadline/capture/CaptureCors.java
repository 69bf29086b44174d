package io.leadline.capture;

import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * CORS for {@code /api/public/**}: any origin may call it from a browser (the allowlist, not CORS,
 * decides who may capture). A preflight carries no key and always succeeds for POST. The filter
 * runs ahead of everything but request ids, so every answer — errors from the body limit, the key
 * check, the allowlist or the plan limit included — carries {@code Access-Control-Allow-Origin} and
 * {@code Vary: Origin}, and pages can read the error and its headers.
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
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(source));
        registration.addUrlPatterns("/api/public/*");
        // After RequestIds (HIGHEST_PRECEDENCE), before BodyLimit (HIGHEST_PRECEDENCE + 10).
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }
}
