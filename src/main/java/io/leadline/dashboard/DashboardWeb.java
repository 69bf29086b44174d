package io.leadline.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class DashboardWeb implements WebMvcConfigurer {

    private final Members members;

    DashboardWeb(Members members) {
        this.members = members;
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/", "/app");
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(members);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AccountGate(members))
                .addPathPatterns("/app", "/app/**")
                .excludePathPatterns(DashboardSecurity.ASSETS);
    }

    /**
     * A session whose user was removed, or whose password changed after it signed in, ends at the
     * next request; a member holding a one-time
     * password is sent to choose their own before anything else.
     */
    record AccountGate(Members members) implements HandlerInterceptor {

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                throws Exception {
            if (!Members.signedIn()) {
                return true;
            }
            Optional<Member> member = members.current(request);
            if (member.isEmpty()) {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                boolean removed = members.removed();
                SecurityContextHolder.clearContext();
                response.sendRedirect(request.getContextPath() + (removed ? "/login?removed" : "/login?ended"));
                return false;
            }
            if (member.get().mustChangePassword() && !request.getRequestURI().startsWith("/app/account")) {
                response.sendRedirect(request.getContextPath() + "/app/account/password?required");
                return false;
            }
            return true;
        }
    }
}
