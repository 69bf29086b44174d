package io.leadline.dashboard;

import io.leadline.platform.ApiException;
import io.leadline.platform.HtmlErrors;
import io.leadline.platform.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * Errors of dashboard pages render as HTML pages, not the JSON error body of the APIs. Ordered
 * before the platform's JSON advice, and limited to this package, so the APIs are unaffected. A
 * missing row, or another workspace's, is a 404 page.
 */
@ControllerAdvice(basePackageClasses = DashboardErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class DashboardErrors implements HtmlErrors {

    private static final Logger log = LoggerFactory.getLogger(DashboardErrors.class);

    private final Members members;

    DashboardErrors(Members members) {
        this.members = members;
    }

    /**
     * A create refused by a workspace limit ({@link io.leadline.workspace.WorkspaceLimit}) becomes an
     * error of the form's name field, so the page shows it with the form as typed; false (nothing
     * recorded) for any other refusal, which the caller lets through.
     */
    static boolean limitReachedOnName(
            io.leadline.platform.ApiException e, org.springframework.validation.BindingResult form) {
        if (!io.leadline.workspace.WorkspaceLimit.REACHED.equals(e.code())) {
            return false;
        }
        form.rejectValue("name", "limit", e.getMessage());
        return true;
    }

    /** The signed-in member for the page layout (navigation, workspace name); null on sign-in pages. */
    @ModelAttribute("me")
    Member me(HttpServletRequest request) {
        return members.current(request).orElse(null);
    }

    @ExceptionHandler(ApiException.class)
    ModelAndView api(ApiException ex, HttpServletRequest request, HttpServletResponse response) {
        return page(ex.status(), ex.getMessage(), request, response);
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
    ModelAndView badRequest(Exception ex, HttpServletRequest request, HttpServletResponse response) {
        return page(HttpStatus.BAD_REQUEST, "The address or form has an invalid value.", request, response);
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception ex, HttpServletRequest request, HttpServletResponse response) {
        log.error("Dashboard error on {} {}", request.getMethod(), request.getRequestURI(), ex);
        return page(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side. Quote the request id when reporting it.",
                request,
                response);
    }

    /** The dashboard's paths (DashboardSecurity's chain): their errors outside MVC are pages too. */
    @Override
    public ModelAndView page(String path, HttpStatus status, String message, HttpServletRequest request) {
        boolean ours = path.equals("/app")
                || path.startsWith("/app/")
                || path.equals("/login")
                || path.equals("/signup")
                || path.equals("/logout");
        return ours ? page(status, message, request, null) : null;
    }

    private ModelAndView page(
            HttpStatus status, String message, HttpServletRequest request, HttpServletResponse response) {
        ModelAndView view = new ModelAndView("app/error", status);
        view.addObject("status", status.value());
        view.addObject("reason", status.getReasonPhrase());
        view.addObject(
                "message",
                status == HttpStatus.NOT_FOUND
                        ? "This page does not exist, or it belongs to another workspace."
                        : message);
        view.addObject("requestId", RequestIds.current(request));
        view.addObject("me", members.current(request).orElse(null));
        return view;
    }
}
