package io.leadline.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Query and form parameters are checked once, before anything reads them: a query string or form
 * Tomcat cannot decode (a bad percent-escape, bytes that are not UTF-8) is a 400 BAD_REQUEST, a form
 * body over Tomcat's form limit (a chunked one, whose size no header declared) a 413, and a
 * parameter whose name or value {@link Text} refuses (NUL, unpaired surrogates), or whose name has a
 * control or unassigned character (which Spring Security's firewall would refuse later, when a
 * controller binds a form, as an unexpected error), is a 400 VALIDATION_FAILED naming it — in the
 * uniform body, instead of an error deep in a filter, a controller or the database (PostgreSQL
 * refuses NUL in a filter value with an exception).
 *
 * <p>The JSON APIs ({@code /api/**}) take parameters from the query string only: a form or multipart
 * body sent to them is never parsed into parameters or parts (nor is a multipart body sent anywhere
 * but the dashboard's CSV import, its one multipart form), so whatever its bytes, Spring MVC (or
 * the WhatsApp webhook) answers its content type with 415 rather than this filter calling a broken
 * body a broken query string.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 11)
class Parameters extends OncePerRequestFilter {

    private final JsonMapper json;

    Parameters(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (BodyLimit.upload(request)) {
            // The CSV import's file (up to BodyLimit's larger limit) is read only after the dashboard's
            // security chain has found a signed-in session; its one field, _csrf, is checked there.
            chain.doFilter(request, response);
            return;
        }
        boolean api = request.getRequestURI().startsWith("/api/");
        if ((api && formBody(request)) || multipart(request)) {
            // Tomcat parses only the query string once the body's stream has been taken. Parts are
            // read by Tomcat itself, past BodyLimit's wrapper: a multipart body anywhere but the CSV
            // import (no other form sends one) would be read, chunked, up to the import's limit and
            // before any sign-in, so none is parsed.
            request.getInputStream();
            request = new NoFormBody(request);
        }
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (IllegalStateException | IllegalArgumentException e) {
            // Tomcat's InvalidParameterException (an IllegalStateException): the query string or
            // form did not decode, or the form was larger than Tomcat reads.
            if (ErrorHandling.formTooLarge(e)) {
                String message = "The form is larger than this address accepts.";
                if (page(request, response, HttpStatus.CONTENT_TOO_LARGE, message)) {
                    return;
                }
                ErrorHandling.write(
                        request, response, HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE", message, null, json);
                return;
            }
            if (page(request, response, "The address or form could not be read: it is not valid UTF-8 text.")) {
                return;
            }
            ErrorHandling.write(
                    request,
                    response,
                    HttpStatus.BAD_REQUEST,
                    "BAD_REQUEST",
                    "The query string or form is malformed: percent-escapes must encode UTF-8 text.",
                    null,
                    json);
            return;
        }
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            String problem = nameProblem(parameter.getKey());
            String name = problem == null ? parameter.getKey() : "(parameter name)";
            if (problem == null && api && parameter.getValue().length > 1) {
                // Every API parameter takes one value: Spring would join repeats with commas and
                // search for "a,b" — an empty page instead of an error.
                problem = "must be given once (it was given " + parameter.getValue().length + " times)";
            }
            for (String value : parameter.getValue()) {
                if (problem == null && value != null) {
                    problem = Text.problem(value);
                }
            }
            if (problem != null) {
                if (page(
                        request, response, "The address or form has an invalid value: " + name + " " + problem + ".")) {
                    return;
                }
                ErrorHandling.write(
                        request,
                        response,
                        HttpStatus.BAD_REQUEST,
                        "VALIDATION_FAILED",
                        "The request has invalid parameters.",
                        List.of(new ApiError.FieldError(name, problem)),
                        json);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** A body Tomcat would read as form fields (POST) or parts (multipart, any method). */
    private static boolean formBody(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null) {
            return false;
        }
        String lower = type.trim().toLowerCase(Locale.ROOT);
        return lower.startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE) || lower.startsWith("multipart/");
    }

    private static boolean multipart(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.trim().toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    /** An API request whose form or multipart body is not parts: Spring MVC finds none to resolve. */
    private static final class NoFormBody extends HttpServletRequestWrapper {
        NoFormBody(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Collection<Part> getParts() {
            return List.of();
        }

        @Override
        public Part getPart(String name) {
            return null;
        }
    }

    private static String nameProblem(String name) {
        String problem = Text.problem(name);
        if (problem != null) {
            return problem;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || !Character.isDefined(c)) {
                return "must not contain control or unassigned characters";
            }
        }
        return null;
    }

    /**
     * For a page request (anything but the JSON APIs), a 400 through the error page, which renders
     * an HTML module's own page for its paths; false for an API request, answered here as JSON.
     */
    static boolean page(HttpServletRequest request, HttpServletResponse response, String message) throws IOException {
        return page(request, response, HttpStatus.BAD_REQUEST, message);
    }

    private static boolean page(
            HttpServletRequest request, HttpServletResponse response, HttpStatus status, String message)
            throws IOException {
        if (request.getRequestURI().startsWith("/api/")) {
            return false;
        }
        request.setAttribute(
                RequestMetrics.ERROR_CODE, status == HttpStatus.BAD_REQUEST ? "BAD_REQUEST" : "PAYLOAD_TOO_LARGE");
        response.sendError(status.value(), message);
        return true;
    }
}
