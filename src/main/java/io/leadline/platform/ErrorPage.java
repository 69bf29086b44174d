package io.leadline.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.ModelAndView;

/** Errors raised outside Spring MVC (filters, the container) still get the uniform body. */
@RestController
class ErrorPage implements ErrorController {

    static final String NOT_FOUND = "No such endpoint.";

    private final ObjectProvider<HtmlErrors> html;
    private final AllowedMethods allowed;

    ErrorPage(ObjectProvider<HtmlErrors> html, AllowedMethods allowed) {
        this.html = html;
        this.allowed = allowed;
    }

    static String methodNotAllowed(String method) {
        return "Method " + method + " is not allowed here.";
    }

    /** The uniform JSON error body, or an HTML module's page for its own paths. */
    @RequestMapping("/error")
    Object error(HttpServletRequest request, HttpServletResponse response) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer i ? HttpStatus.resolve(i) : null;
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (exception instanceof Throwable t && ErrorHandling.serviceUnavailable(t)) {
            // E.g. the dashboard's session store (Redis) or the database unreachable in a filter.
            ModelAndView page = page(
                    request,
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "Leadline cannot reach its database or session store right now. Please try again in a few"
                            + " seconds.");
            if (page != null) {
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(ErrorHandling.RETRY_AFTER_SECONDS));
                return page;
            }
            return ErrorHandling.unavailable(request);
        }
        if (exception instanceof Throwable t && BodyLimit.exceeded(t)) {
            status = HttpStatus.CONTENT_TOO_LARGE;
        }
        String methodMessage = null;
        if (status == HttpStatus.METHOD_NOT_ALLOWED) {
            // Tomcat refuses TRACE itself, with every method of the servlet in Allow: say the path's own.
            // (The error page is dispatched as a GET; the refused method is an attribute.)
            String path = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
            String method =
                    request.getAttribute(RequestDispatcher.ERROR_METHOD) instanceof String m ? m : request.getMethod();
            Set<HttpMethod> methods = allowed.of(request, path, method);
            if (methods == null) {
                status = HttpStatus.NOT_FOUND;
                methodMessage = NOT_FOUND;
                response.setHeader(HttpHeaders.ALLOW, null);
            } else {
                response.setHeader(HttpHeaders.ALLOW, AllowedMethods.header(methods));
                methodMessage = methodNotAllowed(method);
            }
        }
        String errorCode = switch (status) {
            case NOT_FOUND -> "NOT_FOUND";
            case METHOD_NOT_ALLOWED -> "METHOD_NOT_ALLOWED";
            case CONTENT_TOO_LARGE -> "PAYLOAD_TOO_LARGE";
            case BAD_REQUEST -> "BAD_REQUEST";
            default -> status.is5xxServerError() ? "INTERNAL_ERROR" : status.name();
        };
        String message = status.is5xxServerError()
                ? "Something went wrong on our side. Quote the request id when reporting it."
                : methodMessage != null
                        ? methodMessage
                        : status == HttpStatus.NOT_FOUND ? NOT_FOUND : status.getReasonPhrase() + ".";
        Object given = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        ModelAndView page = page(
                request,
                status,
                methodMessage == null && given instanceof String m && !m.isBlank() && !status.is5xxServerError()
                        ? m
                        : message);
        if (page != null) {
            return page;
        }
        return ErrorHandling.body(status, errorCode, message, null, null, new HttpHeaders(), request);
    }

    /** An HTML module's page for the failed request's path; null for every other path. */
    private ModelAndView page(HttpServletRequest request, HttpStatus status, String message) {
        HtmlErrors pages = html.getIfAvailable();
        if (pages != null && request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String path) {
            return pages.page(path, status, message, request);
        }
        return null;
    }
}
