package io.leadline.dashboard;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.data.redis.RedisSessionRepository;
import org.springframework.session.data.redis.config.annotation.web.http.EnableRedisHttpSession;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * Dashboard sessions in Redis when {@code REDIS_URL} is set, so a person signed in through one
 * instance stays signed in whichever instance serves the next request. Without Redis this class is
 * skipped and the servlet container keeps sessions in memory (one instance).
 *
 * <p>The cookie keeps the name and flags of {@code server.servlet.session.*} (HttpOnly,
 * SameSite=Lax, Secure behind HTTPS) and the session its idle timeout. While Redis is unreachable
 * the dashboard cannot read sessions and answers with an error page; the APIs do not use sessions.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${leadline.redis-url:}' != ''")
@EnableRedisHttpSession(redisNamespace = "leadline:session")
class SharedSessions {

    @Bean
    CookieSerializer sessionCookie(
            @Value("${server.servlet.session.cookie.name}") String name,
            @Value("${server.servlet.session.cookie.secure:false}") boolean secure,
            @Value("${server.servlet.session.cookie.same-site:lax}") String sameSite) {
        DefaultCookieSerializer cookie = new DefaultCookieSerializer();
        cookie.setCookieName(name);
        cookie.setUseHttpOnlyCookie(true);
        cookie.setUseSecureCookie(secure);
        cookie.setSameSite(
                sameSite.substring(0, 1).toUpperCase() + sameSite.substring(1).toLowerCase());
        cookie.setCookiePath("/");
        return cookie;
    }

    @Bean
    SessionRepositoryCustomizer<RedisSessionRepository> sessionTimeout(
            @Value("${server.servlet.session.timeout}") Duration timeout) {
        return repository -> repository.setDefaultMaxInactiveInterval(timeout);
    }
}
