package io.leadline.apikey;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * What every {@code /api/v1} operation answers besides its own results, written into the API
 * document once instead of on each endpoint: 401 for a missing or bad key, 429 with {@code
 * Retry-After} past the key's limit, 400 for a bad request (a body or a query), 404 for an id of
 * another workspace or none, {@code X-Request-Id} on every answer, and the {@code X-RateLimit-*}
 * headers on every answer but the 401 (the guard sets them once the key is known; a request without a
 * valid key has no budget to report). Responses an endpoint describes itself are left as they are.
 */
@Component
class PrivateApiDocs implements OpenApiCustomizer {

    private static final String ERROR = "#/components/schemas/ApiError";

    @Override
    public void customise(io.swagger.v3.oas.models.OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> {
            if (!path.startsWith("/api/v1/")) {
                return;
            }
            item.readOperations().forEach(operation -> describe(path, operation));
        });
    }

    private static void describe(String path, Operation operation) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        boolean takesInput = operation.getRequestBody() != null
                || (operation.getParameters() != null
                        && !operation.getParameters().isEmpty());
        if (takesInput) {
            responses.putIfAbsent(
                    "400", error("VALIDATION_FAILED, INVALID_JSON or INVALID_BODY: every bad field named"));
        }
        responses.putIfAbsent("401", error("INVALID_API_KEY: the secret key is missing, unknown or revoked"));
        if (path.contains("{")) {
            responses.putIfAbsent("404", error("NOT_FOUND: no such id in the key's workspace"));
        }
        responses.putIfAbsent("429", error("RATE_LIMITED: the key's requests a minute are used up"));
        ApiResponse limited = responses.get("429");
        limited.addHeaderObject("Retry-After", header("Seconds until a request may succeed", new IntegerSchema()));
        responses.forEach((status, response) -> {
            if (!status.equals("401")) {
                rateLimitHeaders(response);
            }
            requestIdHeader(response);
        });
    }

    private static void rateLimitHeaders(ApiResponse response) {
        Map<String, String> headers = Map.of(
                "X-RateLimit-Limit", "The key's requests a minute",
                "X-RateLimit-Remaining", "Requests left in this minute",
                "X-RateLimit-Reset", "Seconds until the budget is whole again");
        headers.forEach((name, description) -> {
            if (response.getHeaders() == null || !response.getHeaders().containsKey(name)) {
                response.addHeaderObject(name, header(description, new IntegerSchema()));
            }
        });
    }

    private static void requestIdHeader(ApiResponse response) {
        if (response.getHeaders() == null || !response.getHeaders().containsKey("X-Request-Id")) {
            response.addHeaderObject(
                    "X-Request-Id", header("The request's id, as in logs and error bodies", new StringSchema()));
        }
    }

    private static ApiResponse error(String description) {
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                                new MediaType().schema(new Schema<>().$ref(ERROR))));
    }

    private static Header header(String description, Schema<?> schema) {
        return new Header().description(description).schema(schema);
    }
}
