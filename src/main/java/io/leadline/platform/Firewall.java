package io.leadline.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Security's request firewall sees every request (the dashboard's chain matches only its
 * paths, but the firewall runs in front of all of them). Two changes to its defaults:
 *
 * <ul>
 *   <li>Header values may carry any byte but ASCII control characters. Tomcat reads header bytes as
 *       ISO-8859-1, so UTF-8 text such as "€" (E2 82 AC) arrives with characters in U+0080–U+009F,
 *       which the default refuses as control characters — a {@code User-Agent} or {@code Referer}
 *       with such a character would make a capture fail, and a key with one would not be a 401.
 *       Tomcat itself refuses ASCII control characters in headers.
 *   <li>What it still refuses (encoded slashes, {@code ..}…) gets the uniform error body with status
 *       400 (a dashboard path: its 400 page) rather than a bare error page; an unknown method gets
 *       Spring MVC's answer to a method the path does not take (405 with {@code Allow}, or 404).
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class Firewall {

    /** The firewall's default methods, named so that a refusal can tell an unknown method apart. */
    static final Set<String> METHODS = Set.of("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT");

    @Bean
    WebSecurityCustomizer firewallCustomizer(JsonMapper json, AllowedMethods allowed) {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderValues(Firewall::headerValueAllowed);
        firewall.setAllowedHttpMethods(METHODS);
        return web -> web.httpFirewall(firewall).requestRejectedHandler((request, response, rejected) -> {
            if (!METHODS.contains(request.getMethod())) {
                unknownMethod(request, response, allowed, json);
                return;
            }
            String message = "The request was refused: its path, method or headers are malformed.";
            if (!Parameters.page(request, response, message)) {
                ErrorHandling.write(request, response, HttpStatus.BAD_REQUEST, "BAD_REQUEST", message, null, json);
            }
        });
    }

    /**
     * A method no endpoint takes (PROPFIND, a made-up one) gets what Spring MVC answers a method the
     * path does not take: 405 with the path's {@code Allow}, or 404 where nothing answers the path.
     * A page's path renders the page for it through the error page, which adds the {@code Allow}.
     */
    private static void unknownMethod(
            HttpServletRequest request, HttpServletResponse response, AllowedMethods allowed, JsonMapper json)
            throws IOException {
        Set<HttpMethod> methods = allowed.of(request, request.getRequestURI(), request.getMethod());
        HttpStatus status = methods == null ? HttpStatus.NOT_FOUND : HttpStatus.METHOD_NOT_ALLOWED;
        String code = methods == null ? "NOT_FOUND" : "METHOD_NOT_ALLOWED";
        String message = methods == null ? ErrorPage.NOT_FOUND : ErrorPage.methodNotAllowed(request.getMethod());
        if (!request.getRequestURI().startsWith("/api/")) {
            request.setAttribute(RequestMetrics.ERROR_CODE, code);
            response.sendError(status.value(), message);
            return;
        }
        if (methods != null) {
            response.setHeader(HttpHeaders.ALLOW, AllowedMethods.header(methods));
        }
        ErrorHandling.write(request, response, status, code, message, null, json);
    }

    static boolean headerValueAllowed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
