package io.leadline.apikey;

import java.util.List;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class PrivateApiConfig implements WebMvcConfigurer {

    static {
        // The caller is resolved from the request's key by the guard, never sent by a client: not a
        // parameter of the API document (a generated client would otherwise require it).
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    private final PrivateApiGuard guard;

    PrivateApiConfig(PrivateApiGuard guard) {
        this.guard = guard;
    }

    /**
     * The guard is a servlet filter, not an MVC interceptor, so that it runs before anything can
     * answer a {@code /api/v1} request: an unauthenticated request is a 401 whatever else is wrong with
     * it, and every authenticated answer — 405, 413 and 415 included, which Spring MVC and the body
     * limit give before an interceptor would run — carries the key's rate-limit headers.
     */
    @Bean
    FilterRegistrationBean<PrivateApiGuard> privateApiGuardFilter() {
        FilterRegistrationBean<PrivateApiGuard> registration = new FilterRegistrationBean<>(guard);
        registration.addUrlPatterns("/api/v1/*");
        // After request ids, metrics and whole responses (HIGHEST_PRECEDENCE to + 2); before the body
        // limit (+ 10) and the parameter check (+ 11).
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 9);
        return registration;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(guard);
    }
}
