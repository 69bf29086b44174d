package io.leadline.platform;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;

/**
 * Error pages for requests of a module that serves HTML (the dashboard): errors raised outside
 * Spring MVC — by a filter, the firewall or the container — on its paths render as its pages rather
 * than as the JSON error body.
 */
public interface HtmlErrors {

    /** The page for an error of the request for {@code path}; null when {@code path} is not one of its pages. */
    ModelAndView page(String path, HttpStatus status, String message, HttpServletRequest request);
}
