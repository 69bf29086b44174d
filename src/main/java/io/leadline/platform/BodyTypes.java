package io.leadline.platform;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractJacksonHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads every JSON body whole before Jackson does: bytes that are not text in the body's charset
 * (UTF-8 unless the Content-Type names another) are a 400 INVALID_JSON ({@link JsonBodies#text}).
 * Names every bad field of a JSON body, not only the first: Jackson stops binding a record at its
 * first wrongly typed field, so the body and the record it was bound to are remembered here, and when
 * binding fails {@link #problems} checks each top-level field's JSON type against its record
 * component and validates the rest, as a body without the bad fields would have been. Bodies are
 * small (the body limit applies before this reads them).
 */
@ControllerAdvice
class BodyTypes extends RequestBodyAdviceAdapter {

    private static final String BODY = BodyTypes.class.getName() + ".body";
    private static final String TYPE = BodyTypes.class.getName() + ".type";

    @Override
    public boolean supports(
            MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return AbstractJacksonHttpMessageConverter.class.isAssignableFrom(converterType);
    }

    @Override
    public HttpInputMessage beforeBodyRead(
            HttpInputMessage input,
            MethodParameter parameter,
            Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType)
            throws IOException {
        byte[] body = input.getBody().readAllBytes();
        MediaType type = input.getHeaders().getContentType();
        // Jackson would read an overlong or surrogate UTF-8 sequence as a character; refused instead.
        JsonBodies.check(body, type == null ? null : type.getCharset());
        if (targetType instanceof Class<?> c && c.isRecord()) {
            RequestAttributes attributes = RequestContextHolder.currentRequestAttributes();
            attributes.setAttribute(BODY, body, RequestAttributes.SCOPE_REQUEST);
            attributes.setAttribute(TYPE, targetType, RequestAttributes.SCOPE_REQUEST);
        }
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return input.getHeaders();
            }
        };
    }

    /**
     * Every problem of the request's remembered body: wrongly typed top-level fields, then what
     * validation says of the others. Empty when nothing was remembered or the body is not an object.
     */
    static List<ApiError.FieldError> problems(HttpServletRequest request, JsonMapper json, Validator validator) {
        if (!(request.getAttribute(BODY) instanceof byte[] body)
                || !(request.getAttribute(TYPE) instanceof Class<?> type)) {
            return List.of();
        }
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (RuntimeException e) {
            return List.of();
        }
        if (!(tree instanceof ObjectNode object)) {
            return List.of();
        }
        List<ApiError.FieldError> errors = new ArrayList<>();
        Set<String> named = new HashSet<>();
        for (RecordComponent component : type.getRecordComponents()) {
            JsonProperty renamed = component.getAccessor().getAnnotation(JsonProperty.class);
            String name = renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName();
            JsonNode value = object.get(name);
            String problem = value == null || value.isNull() ? null : problem(value, component.getGenericType());
            if (problem != null) {
                errors.add(new ApiError.FieldError(name, problem));
                named.add(name);
                object.remove(name);
            }
        }
        try {
            for (ConstraintViolation<?> violation : validator.validate(json.treeToValue(object, type))) {
                String field = violation.getPropertyPath().toString();
                if (!named.contains(field)) {
                    errors.add(new ApiError.FieldError(field, violation.getMessage()));
                }
            }
        } catch (RuntimeException e) {
            // The rest does not bind either (a problem deeper than the top level): the type errors stand.
        }
        errors.sort((a, b) -> a.field().compareTo(b.field()));
        return errors;
    }

    /** What is wrong with a JSON value for a component of {@code type}; null when it fits. */
    private static String problem(JsonNode value, Type type) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw == String.class || raw.isEnum()) {
            return !value.isString() ? "must be a string" : Text.problem(value.stringValue());
        }
        if (raw == Integer.class || raw == int.class || raw == Short.class || raw == short.class) {
            return !value.isIntegralNumber()
                    ? "must be a whole number"
                    : value.canConvertToInt() ? null : "is out of range";
        }
        if (raw == Long.class || raw == long.class) {
            return !value.isIntegralNumber()
                    ? "must be a whole number"
                    : value.canConvertToLong() ? null : "is out of range";
        }
        if (Number.class.isAssignableFrom(raw) || raw == double.class || raw == float.class) {
            return value.isNumber() ? null : "must be a number";
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return value.isBoolean() ? null : "must be true or false";
        }
        if (Collection.class.isAssignableFrom(raw)) {
            if (!value.isArray()) {
                return "must be an array";
            }
            Type item = type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
            for (JsonNode element : value) {
                String problem = element.isNull() || !(item instanceof Class<?>) ? null : problem(element, item);
                if (problem != null) {
                    return "items " + problem;
                }
            }
            return null;
        }
        if (Map.class.isAssignableFrom(raw) || raw.isRecord()) {
            return value.isObject() ? null : "must be an object";
        }
        return null;
    }
}
