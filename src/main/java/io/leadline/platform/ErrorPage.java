package io.leadline.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.ModelAndView;

/** Errors raised outside Spring MVC (filters, the container) still get the uniform body. */
@RestController
class ErrorPage implements ErrorController {

    private final ObjectProvider<HtmlErrors> html;

    ErrorPage(ObjectProvider<HtmlErrors> html) {
        this.html = html;
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
        String errorCode = switch (status) {
            case NOT_FOUND -> "NOT_FOUND";
            case METHOD_NOT_ALLOWED -> "METHOD_NOT_ALLOWED";
            case CONTENT_TOO_LARGE -> "PAYLOAD_TOO_LARGE";
            case BAD_REQUEST -> "BAD_REQUEST";
            default -> status.is5xxServerError() ? "INTERNAL_ERROR" : status.name();
        };
        String message = status.is5xxServerError()
                ? "Something went wrong on our side. Quote the request id when reporting it."
                : status.getReasonPhrase() + ".";
        Object given = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        ModelAndView page = page(
                request, status, given instanceof String m && !m.isBlank() && !status.is5xxServerError() ? m : message);
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
