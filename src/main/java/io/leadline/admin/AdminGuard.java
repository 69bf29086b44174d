package io.leadline.admin;

import io.leadline.platform.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Every {@code /api/admin/**} request needs {@code Authorization: Bearer <admin token>}. */
@Configuration(proxyBeanMethods = false)
class AdminGuard implements HandlerInterceptor, WebMvcConfigurer {

    private final AdminToken token;

    AdminGuard(AdminToken token) {
        this.token = token;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/admin/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String authorization = request.getHeader("Authorization");
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim()
                : null;
        if (!token.matches(presented)) {
            response.setHeader("WWW-Authenticate", "Bearer");
            throw new ApiException(
                    HttpStatus.UNAUTHORIZED,
                    "INVALID_ADMIN_TOKEN",
                    "Missing or invalid admin token; send Authorization: Bearer <LEADLINE_ADMIN_TOKEN>.");
        }
        return true;
    }
}
