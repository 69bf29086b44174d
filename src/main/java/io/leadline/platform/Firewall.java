package io.leadline.platform;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
 *   <li>What it still refuses (encoded slashes, {@code ..}, unknown methods…) gets the uniform error
 *       body with status 400 (a dashboard path: its 400 page) rather than a bare error page.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class Firewall {

    @Bean
    WebSecurityCustomizer firewallCustomizer(JsonMapper json) {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderValues(Firewall::headerValueAllowed);
        return web -> web.httpFirewall(firewall).requestRejectedHandler((request, response, rejected) -> {
            String message = "The request was refused: its path, method or headers are malformed.";
            if (!Parameters.page(request, response, message)) {
                ErrorHandling.write(request, response, HttpStatus.BAD_REQUEST, "BAD_REQUEST", message, null, json);
            }
        });
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
