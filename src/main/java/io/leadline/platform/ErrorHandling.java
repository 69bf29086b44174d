package io.leadline.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Validator;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

/** The one error path: every exception becomes the uniform {@link ApiError} body. */
@RestControllerAdvice
public class ErrorHandling extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ErrorHandling.class);
    static final long RETRY_AFTER_SECONDS = 5;

    private final JsonMapper json;
    private final Validator validator;

    ErrorHandling(JsonMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> api(ApiException ex, HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        ex.headers().forEach(headers::set);
        return body(ex.status(), ex.code(), ex.getMessage(), ex.errors(), ex.existingLeadId(), headers, request);
    }

    @ExceptionHandler({
        CannotGetJdbcConnectionException.class,
        CannotCreateTransactionException.class,
        DataAccessResourceFailureException.class,
        QueryTimeoutException.class,
        TransientDataAccessException.class
    })
    ResponseEntity<Object> databaseUnavailable(Exception ex, HttpServletRequest request) {
        log.warn("Database unavailable: {}", ex.getMessage());
        return unavailable(request);
    }

    /**
     * 503 SERVICE_UNAVAILABLE with Retry-After: what every endpoint answers while the database (or
     * another service it cannot work without) is unreachable or too slow. The request may be
     * retried as it is; nothing it asked for was acknowledged.
     */
    static ResponseEntity<Object> unavailable(HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
        return body(
                HttpStatus.SERVICE_UNAVAILABLE,
                "SERVICE_UNAVAILABLE",
                "The service is temporarily unavailable. Retry shortly.",
                null,
                null,
                headers,
                request);
    }

    /**
     * Whether an exception, anywhere in its cause chain, says a backing service could not be
     * reached or did not answer in time — as opposed to a bug. Covers what escapes Spring's
     * translation: a failed transaction begin, a rollback that failed after the connection was
     * lost (the cause is then the application exception the rollback overrode, or the driver's
     * error on a connection the pool already closed), and driver-level connection errors.
     */
    static boolean serviceUnavailable(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof TransactionSystemException tx
                    && tx.getApplicationException() != null
                    && serviceUnavailable(tx.getApplicationException())) {
                return true;
            }
            // Spring cannot translate a rollback that failed because the pool had already closed
            // the broken connection (HikariCP's "Connection is closed" carries no SQL state); a
            // commit or rollback failing inside the driver is always the connection's doing.
            if (t instanceof TransactionSystemException && t.getCause() instanceof SQLException) {
                return true;
            }
            if (t instanceof CannotGetJdbcConnectionException
                    || t instanceof CannotCreateTransactionException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof QueryTimeoutException
                    || t instanceof TransientDataAccessException
                    || t instanceof SQLTransientException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException
                    || t instanceof RedisConnectionFailureException
                    || (t instanceof SQLException sql && timedOutOrUnreachable(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLState class 08 (connection), and PostgreSQL's lock and statement timeouts (55P03, 57014),
     * which Spring leaves uncategorised: a row held for the whole lock timeout is a database that did
     * not answer in time, not a bug.
     */
    private static boolean timedOutOrUnreachable(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.equals("55P03") || sqlState.equals("57014"));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException ex, HttpServletRequest request) {
        return body(
                HttpStatus.BAD_REQUEST,
                "VALIDATION_FAILED",
                "The request has invalid parameters.",
                List.of(new ApiError.FieldError(
                        ex.getName(),
                        ex.getCause() instanceof WholeNumbers.Refused refused
                                ? refused.getMessage()
                                : "has an invalid value")),
                null,
                new HttpHeaders(),
                request);
    }

    /**
     * A header or parameter the request firewall refused, found when the application first read it
     * (Spring Security checks them lazily), or a query string or form Tomcat could not decode.
     */
    @ExceptionHandler({RequestRejectedException.class, InvalidParameterException.class})
    ResponseEntity<Object> rejected(Exception ex, HttpServletRequest request) {
        if (formTooLarge(ex)) {
            return tooLarge(request);
        }
        log.info("Refused a malformed request: {}", ex.getMessage());
        return body(
                HttpStatus.BAD_REQUEST,
                "BAD_REQUEST",
                "The request has a malformed header, query string or form.",
                null,
                null,
                new HttpHeaders(),
                request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, HttpServletRequest request) {
        if (serviceUnavailable(ex)) {
            log.warn("Service unavailable: {}", ex.toString());
            return unavailable(request);
        }
        log.error("Unhandled error on {} {}", request.getMethod(), request.getRequestURI(), ex);
        return body(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "INTERNAL_ERROR",
                "Something went wrong on our side. Quote the request id when reporting it.",
                null,
                null,
                new HttpHeaders(),
                request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        HttpServletRequest servlet = servlet(request);
        if (BodyLimit.exceeded(ex)) {
            return tooLarge(servlet);
        }
        MismatchedInputException mismatch = find(ex, MismatchedInputException.class);
        if (mismatch != null && !mismatch.getPath().isEmpty()) {
            return badFields(servlet, new ApiError.FieldError(path(mismatch), describe(mismatch)));
        }
        if (mismatch != null && !trailing(mismatch)) {
            return body(
                    HttpStatus.BAD_REQUEST,
                    "INVALID_BODY",
                    "The request body must be a JSON object.",
                    null,
                    null,
                    new HttpHeaders(),
                    servlet);
        }
        InputCoercionException range = find(ex, InputCoercionException.class);
        if (range != null && !range.getPath().isEmpty()) {
            return badFields(servlet, new ApiError.FieldError(path(range), "is out of range"));
        }
        JacksonException unreadable = find(ex, JacksonException.class);
        if (unreadable != null) {
            return api(JsonBodies.invalid(unreadable), servlet);
        }
        return body(
                HttpStatus.BAD_REQUEST,
                "INVALID_JSON",
                "The request body is missing or not valid JSON.",
                null,
                null,
                new HttpHeaders(),
                servlet);
    }

    /** A second JSON value after the first: not JSON, rather than JSON of the wrong shape. */
    private static boolean trailing(MismatchedInputException ex) {
        return ex.getOriginalMessage() != null && ex.getOriginalMessage().startsWith("Trailing token");
    }

    /**
     * 400 VALIDATION_FAILED for a body Jackson could not bind: every bad field when the body was
     * remembered ({@link BodyTypes}), else the one Jackson stopped at.
     */
    private ResponseEntity<Object> badFields(HttpServletRequest request, ApiError.FieldError first) {
        List<ApiError.FieldError> all = BodyTypes.problems(request, json, validator);
        return body(
                HttpStatus.BAD_REQUEST,
                "VALIDATION_FAILED",
                "The request has invalid fields.",
                all.isEmpty() ? List.of(first) : all,
                null,
                new HttpHeaders(),
                request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ApiError.FieldError> errors = new ArrayList<>();
        ex.getBindingResult()
                .getFieldErrors()
                .forEach(e -> errors.add(new ApiError.FieldError(e.getField(), e.getDefaultMessage())));
        ex.getBindingResult()
                .getGlobalErrors()
                .forEach(e -> errors.add(new ApiError.FieldError(e.getObjectName(), e.getDefaultMessage())));
        errors.sort((a, b) -> a.field().compareTo(b.field()));
        return body(
                HttpStatus.BAD_REQUEST,
                "VALIDATION_FAILED",
                "The request has invalid fields.",
                errors,
                null,
                new HttpHeaders(),
                servlet(request));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ApiError.FieldError> errors = new ArrayList<>();
        ex.getParameterValidationResults()
                .forEach(r -> r.getResolvableErrors()
                        .forEach(e -> errors.add(new ApiError.FieldError(
                                r.getMethodParameter().getParameterName(), e.getDefaultMessage()))));
        return body(
                HttpStatus.BAD_REQUEST,
                "VALIDATION_FAILED",
                "The request has invalid parameters.",
                errors,
                null,
                new HttpHeaders(),
                servlet(request));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        HttpStatus status = HttpStatus.valueOf(statusCode.value());
        String code;
        String message;
        if (ex instanceof NoResourceFoundException || ex instanceof NoHandlerFoundException) {
            code = "NOT_FOUND";
            message = "No such endpoint.";
        } else if (ex instanceof HttpRequestMethodNotSupportedException m) {
            code = "METHOD_NOT_ALLOWED";
            message = "Method " + m.getMethod() + " is not allowed here.";
        } else if (ex instanceof HttpMediaTypeNotSupportedException) {
            code = "UNSUPPORTED_MEDIA_TYPE";
            message = "Send the body as application/json.";
        } else if (ex instanceof HttpMediaTypeNotAcceptableException) {
            code = "NOT_ACCEPTABLE";
            message = "This endpoint answers with application/json.";
        } else if (ex instanceof MissingServletRequestParameterException p) {
            code = "VALIDATION_FAILED";
            message = "Missing parameter " + p.getParameterName() + ".";
        } else if (ex instanceof MissingRequestHeaderException h) {
            code = "VALIDATION_FAILED";
            message = "Missing header " + h.getHeaderName() + ".";
        } else if (status.is4xxClientError()) {
            code = status.name();
            message = ex.getMessage();
        } else {
            log.error("Framework error", ex);
            code = "INTERNAL_ERROR";
            message = "Something went wrong on our side. Quote the request id when reporting it.";
        }
        HttpHeaders copy = new HttpHeaders();
        copy.addAll(headers);
        HttpServletRequest servlet = servlet(request);
        if ("NOT_FOUND".equals(code) && servlet != null && HttpMethod.OPTIONS.matches(servlet.getMethod())) {
            // Nothing is here, so no method is allowed (RFC 9110 §10.2.1: an empty Allow). Without it
            // the servlet's own OPTIONS handling added every HTTP method to this 404.
            copy.set(HttpHeaders.ALLOW, "");
        }
        return body(status, code, message, null, null, copy, servlet);
    }

    /** Tomcat refused to read a form past its size limit (413), rather than one it could not decode. */
    static boolean formTooLarge(Throwable ex) {
        return ex instanceof InvalidParameterException invalid
                && invalid.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value();
    }

    private ResponseEntity<Object> tooLarge(HttpServletRequest request) {
        return body(
                HttpStatus.CONTENT_TOO_LARGE,
                "PAYLOAD_TOO_LARGE",
                "The request body is larger than this endpoint accepts.",
                null,
                null,
                new HttpHeaders(),
                request);
    }

    static ResponseEntity<Object> body(
            HttpStatus status,
            String code,
            String message,
            List<ApiError.FieldError> errors,
            String existingLeadId,
            HttpHeaders headers,
            HttpServletRequest request) {
        ApiError error = new ApiError(code, message, RequestIds.current(request), errors, existingLeadId);
        request.setAttribute(RequestMetrics.ERROR_CODE, code);
        return ResponseEntity.status(status)
                .headers(headers)
                .contentType(MediaType.APPLICATION_JSON)
                .body(error);
    }

    /** Writes {@code ex} as {@link #api} would answer it, from a filter, where no controller advice reaches. */
    public static void write(HttpServletRequest request, HttpServletResponse response, ApiException ex, JsonMapper json)
            throws IOException {
        ex.headers().forEach(response::setHeader);
        request.setAttribute(RequestMetrics.ERROR_CODE, ex.code());
        response.setStatus(ex.status().value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(
                response.getOutputStream(),
                new ApiError(
                        ex.code(), ex.getMessage(), RequestIds.current(request), ex.errors(), ex.existingLeadId()));
    }

    /**
     * Writes the uniform error body from a filter, where no controller advice reaches (the body
     * limit, parameters and headers refused before any handler runs).
     */
    static void write(
            HttpServletRequest request,
            HttpServletResponse response,
            HttpStatus status,
            String code,
            String message,
            List<ApiError.FieldError> errors,
            JsonMapper json)
            throws IOException {
        write(request, response, new ApiException(status, code, message, errors, Map.of(), null), json);
    }

    private static HttpServletRequest servlet(WebRequest request) {
        return ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
    }

    private static String path(JacksonException ex) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference ref : ex.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String describe(MismatchedInputException ex) {
        Class<?> target = ex.getTargetType();
        if (ex.getOriginalMessage() != null && ex.getOriginalMessage().startsWith(Json.REJECTED)) {
            return ex.getOriginalMessage().substring(Json.REJECTED.length());
        }
        if (target == null) {
            return "has the wrong type";
        }
        if (target == String.class) {
            return "must be a string";
        }
        if (target == Integer.class
                || target == int.class
                || target == Long.class
                || target == long.class
                || target == Short.class
                || target == short.class) {
            return "must be a whole number";
        }
        if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
            return "must be a number";
        }
        if (Map.class.isAssignableFrom(target)) {
            return "must be an object";
        }
        if (List.class.isAssignableFrom(target) || target.isArray()) {
            return "must be an array";
        }
        if (target == Boolean.class) {
            return "must be true or false";
        }
        return "has the wrong type";
    }

    private static <T extends Throwable> T find(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
