package io.leadline.capture;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The headers of {@code POST /api/public/lead}'s answers in the API document: {@code X-Request-Id} on
 * every answer, the per-IP {@code X-RateLimit-*} on the answers that come after the abuse limit was
 * counted (not on 401, 413 and 415, which are decided before it), and {@code Retry-After} on 429 (the
 * month's end for PLAN_LIMIT_REACHED, the next request that may pass for RATE_LIMITED).
 */
@Component
class CaptureDocs implements OpenApiCustomizer {

    private static final Set<String> BEFORE_THE_LIMIT = Set.of("401", "413", "415");

    @Override
    public void customise(OpenAPI openApi) {
        PathItem path = openApi.getPaths() == null ? null : openApi.getPaths().get("/api/public/lead");
        if (path == null || path.getPost() == null || path.getPost().getResponses() == null) {
            return;
        }
        path.getPost().getResponses().forEach((status, response) -> {
            add(response, "X-Request-Id", "The request's id, as in logs and error bodies", new StringSchema());
            if (!BEFORE_THE_LIMIT.contains(status)) {
                add(response, "X-RateLimit-Limit", "Submissions a minute from this IP to this project", integer());
                add(response, "X-RateLimit-Remaining", "Submissions left in this minute", integer());
                add(response, "X-RateLimit-Reset", "Seconds until the budget is whole again", integer());
            }
            if (status.equals("429")) {
                add(response, "Retry-After", "Seconds until a submission may succeed", integer());
            }
        });
    }

    private static IntegerSchema integer() {
        return new IntegerSchema();
    }

    private static void add(ApiResponse response, String name, String description, Schema<?> schema) {
        if (response.getHeaders() == null || !response.getHeaders().containsKey(name)) {
            response.addHeaderObject(name, new Header().description(description).schema(schema));
        }
    }
}
