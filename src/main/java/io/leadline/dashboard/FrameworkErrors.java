package io.leadline.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * What Spring MVC itself refuses on a dashboard path — an address no page has, a method or a form
 * encoding a page does not take — renders as a dashboard page. {@link DashboardErrors} covers the
 * dashboard's controllers only; these errors have no controller of ours, so without this resolver
 * a person would get the APIs' JSON error body. Every other path is left to the platform's JSON.
 */
@Component
class FrameworkErrors implements HandlerExceptionResolver, Ordered {

    private final DashboardErrors pages;

    FrameworkErrors(DashboardErrors pages) {
        this.pages = pages;
    }

    @Override
    public ModelAndView resolveException(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        HttpStatus status;
        String message;
        if (ex instanceof NoResourceFoundException) {
            status = HttpStatus.NOT_FOUND;
            message = "This page does not exist.";
        } else if (ex instanceof HttpRequestMethodNotSupportedException) {
            status = HttpStatus.METHOD_NOT_ALLOWED;
            message = "This page cannot be used that way. Go back and use its links and buttons.";
        } else if (ex instanceof HttpMediaTypeNotSupportedException) {
            status = HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            message = "This form was sent in a way the page does not accept.";
        } else {
            return null;
        }
        ModelAndView page = pages.page(
                request.getRequestURI().substring(request.getContextPath().length()), status, message, request);
        if (page != null && ex instanceof HttpRequestMethodNotSupportedException refused) {
            var allowed = refused.getSupportedHttpMethods();
            if (allowed != null && !allowed.isEmpty()) {
                response.setHeader(
                        "Allow",
                        String.join(", ", allowed.stream().map(Object::toString).toList()));
            }
        }
        return page;
    }

    /** Before Spring MVC's own resolvers, which would answer these for every path alike. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
