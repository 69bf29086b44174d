package io.leadline.admin;

import io.leadline.platform.ApiException;
import io.leadline.platform.ErrorHandling;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code /api/admin/**} request needs {@code Authorization: Bearer <admin token>}. A servlet
 * filter ahead of the body limit, as the private API's key check: without the token every request is
 * a 401, whatever else is wrong with it (a 405, 413 or 415 comes only after the token).
 */
@Configuration(proxyBeanMethods = false)
class AdminGuard {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> adminGuardFilter(AdminToken token, JsonMapper json) {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String authorization = request.getHeader("Authorization");
                String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                        ? authorization.substring(7).trim()
                        : null;
                if (!token.matches(presented)) {
                    response.setHeader("WWW-Authenticate", "Bearer");
                    ErrorHandling.write(
                            request,
                            response,
                            new ApiException(
                                    HttpStatus.UNAUTHORIZED,
                                    "INVALID_ADMIN_TOKEN",
                                    "Missing or invalid admin token; send Authorization: Bearer <LEADLINE_ADMIN_TOKEN>."),
                            json);
                    return;
                }
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/api/admin/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 9);
        return registration;
    }
}
