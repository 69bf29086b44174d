package io.leadline.platform;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * Base of every domain exception that maps to an HTTP answer. The single {@link ErrorHandling}
 * advice turns it into the uniform error body; subclasses only choose status, code and message.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final List<ApiError.FieldError> errors;
    private final Map<String, String> headers;
    private final String existingLeadId;

    public ApiException(HttpStatus status, String code, String message) {
        this(status, code, message, null, Map.of(), null);
    }

    public ApiException(
            HttpStatus status,
            String code,
            String message,
            List<ApiError.FieldError> errors,
            Map<String, String> headers,
            String existingLeadId) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.errors = errors;
        this.headers = headers;
        this.existingLeadId = existingLeadId;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<ApiError.FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public String existingLeadId() {
        return existingLeadId;
    }

    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND", what + " not found.");
    }

    public static ApiException validation(List<ApiError.FieldError> errors) {
        return new ApiException(
                HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "The request has invalid fields.", errors, Map.of(), null);
    }

    public static ApiException validation(String field, String message) {
        return validation(List.of(new ApiError.FieldError(field, message)));
    }
}
