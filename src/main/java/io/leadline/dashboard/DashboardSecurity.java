package io.leadline.dashboard;

import io.leadline.apikey.RateLimiter;
import io.leadline.workspace.Account;
import io.leadline.workspace.User;
import io.leadline.workspace.Workspaces;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.apache.tomcat.util.http.fileupload.impl.FileCountLimitExceededException;
import org.apache.tomcat.util.http.fileupload.impl.SizeException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sessions, sign-in and CSRF for the dashboard only. The chain matches {@code /app/**},
 * {@code /login}, {@code /signup} and {@code /logout}; every other path (the JSON APIs with their own
 * key authentication, {@code /capture.js}, the API docs) never meets Spring Security's filters.
 * Session cookies are HttpOnly and SameSite=Lax (application.yml); Secure when served over HTTPS.
 */
@Configuration(proxyBeanMethods = false)
class DashboardSecurity {

    static final List<String> ASSETS = List.of("/app/leadline.css", "/app/leadline.js");

    /** The session attribute holding the email of a refused sign-in, shown once on the next sign-in page. */
    static final String LAST_EMAIL = DashboardSecurity.class.getName() + ".lastEmail";

    @Bean
    SecurityFilterChain dashboardChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/app/**", "/login", "/signup", "/logout")
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers("/login", "/signup", ASSETS.get(0), ASSETS.get(1))
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .formLogin(form -> form.loginPage("/login")
                        .usernameParameter("email")
                        .passwordParameter("password")
                        .defaultSuccessUrl("/app", false)
                        .failureHandler((request, response, ex) -> {
                            // The sign-in page shows the email again (never the password).
                            String email = request.getParameter("email");
                            if (email != null && email.length() <= 255) {
                                request.getSession().setAttribute(LAST_EMAIL, email);
                            }
                            response.sendRedirect(request.getContextPath()
                                    + (ex instanceof LockedException ? "/login?locked" : "/login?error"));
                        }))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut"))
                .exceptionHandling(errors -> errors.accessDeniedHandler((request, response, ex) -> {
                    // A stale or missing CSRF token almost always means an expired session or an old tab.
                    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
                    response.setContentType("text/html;charset=UTF-8");
                    boolean sessionEnded =
                            request.getRequestedSessionId() != null && !request.isRequestedSessionIdValid();
                    String why = !(ex instanceof CsrfException)
                            ? "You are not allowed to do this."
                            : sessionEnded
                                    ? "Your session ended (you signed out, or it timed out), so this form was not"
                                            + " saved. Press Back to copy what you typed, then"
                                            + " <a href=\"/login\">sign in again</a>."
                                    : "This form has expired. Go back, reload the page and try again.";
                    response.getOutputStream()
                            .write(("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Forbidden ·"
                                            + " Leadline</title><link rel=\"stylesheet\" href=\"/app/leadline.css\"></head>"
                                            + "<body class=\"centered\"><main class=\"card narrow\"><h1>403 · Forbidden</h1><p>"
                                            + why
                                            + "</p><p><a href=\"/app\">Back to Leadline</a></p></main></body></html>")
                                    .getBytes(StandardCharsets.UTF_8));
                }))
                // Before the CSRF check, which reads the form: a CSV upload is read for signed-in people only.
                .addFilterBefore(new SignedInUploads(), CsrfFilter.class)
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'"
                                        + " data:; frame-ancestors 'none'; form-action 'self'; base-uri 'self'"))
                        // Lead pages carry searches (q, back) in their addresses: they stay on this site.
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /**
     * Checks an email and password against the workspace module, which alone sees password hashes,
     * behind the {@link SignInThrottle}. A locked sign-in is refused even with the right password.
     */
    @Component
    static class PasswordSignIn implements AuthenticationProvider {

        private final Workspaces workspaces;
        private final SignInThrottle throttle;

        PasswordSignIn(Workspaces workspaces, SignInThrottle throttle) {
            this.workspaces = workspaces;
            this.throttle = throttle;
        }

        @Override
        public Authentication authenticate(Authentication authentication) {
            String email = authentication.getName();
            String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                    ? details.getRemoteAddress()
                    : "unknown";
            if (!throttle.attempt(email, address)) {
                throw new LockedException("Too many failed sign-ins");
            }
            Object credentials = authentication.getCredentials();
            Optional<User> user = workspaces.authenticate(email, credentials == null ? null : credentials.toString());
            if (user.isEmpty()) {
                throw new BadCredentialsException("Wrong email or password");
            }
            throttle.succeeded(email, address);
            return signedIn(
                    user.get(),
                    workspaces
                            .findAccount(user.get().id())
                            .map(Account::sessionEpoch)
                            .orElse(0));
        }

        @Override
        public boolean supports(Class<?> type) {
            return UsernamePasswordAuthenticationToken.class.isAssignableFrom(type);
        }
    }

    /**
     * The CSV import takes a body of up to a few megabytes (platform.BodyLimit): without a signed-in
     * session it is answered with the sign-in page's address before a byte of it is read, so only
     * people of a workspace can make the server read (and store in temporary files) that much.
     */
    static final class SignedInUploads extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if ("POST".equals(request.getMethod()) && LeadImportController.PATH.equals(request.getRequestURI())) {
                Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
                if (signedIn == null || !(signedIn.getPrincipal() instanceof SignedIn)) {
                    response.setHeader("Connection", "close");
                    response.sendRedirect(request.getContextPath() + "/login");
                    return;
                }
                String type = request.getContentType();
                if (type != null && type.trim().toLowerCase(Locale.ROOT).startsWith("multipart/")) {
                    // Read here, for the CSRF check that follows: a chunked upload past the size limit
                    // (BodyLimit's wrapper never sees Tomcat's own reading of parts) or a broken one ended
                    // there as an unexplained 413, or as "this form has expired".
                    try {
                        request.getParts();
                    } catch (IllegalStateException | IOException | ServletException e) {
                        if (has(e, FileCountLimitExceededException.class)) {
                            response.setHeader("Connection", "close");
                            response.sendError(
                                    HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                                    "The upload has too many fields: send the file from the Import CSV page.");
                        } else if (tooLarge(e)) {
                            response.setHeader("Connection", "close");
                            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, TOO_LARGE);
                        } else {
                            response.sendError(
                                    HttpServletResponse.SC_BAD_REQUEST,
                                    "The upload could not be read (a broken multipart body): choose the file again"
                                            + " on the Import CSV page.");
                        }
                        return;
                    }
                }
            }
            chain.doFilter(request, response);
        }

        /** As platform.BodyLimit answers a declared Content-Length over the limit. */
        static final String TOO_LARGE =
                "The file is too large: at most 5 MB is imported at a time. Split it into smaller files.";

        private static boolean has(Throwable e, Class<? extends Throwable> type) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
            return false;
        }

        /** Tomcat stopped reading the parts at {@code spring.servlet.multipart.max-request-size}. */
        private static boolean tooLarge(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SizeException
                        || (t instanceof InvalidParameterException invalid
                                && invalid.getErrorCode() == HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The authentication of {@code user} signed in under their current {@code sessionEpoch}. */
    static Authentication signedIn(User user, int sessionEpoch) {
        return UsernamePasswordAuthenticationToken.authenticated(
                new SignedIn(user.id(), sessionEpoch), null, List.of(new SimpleGrantedAuthority("ROLE_USER")));
    }

    /** Sign-ups per client address and minute, against scripted account creation. */
    static boolean signUpAllowed(RateLimiter limiter, String address) {
        return limiter.consume("signup", "signup:" + address, 10).allowed();
    }
}
