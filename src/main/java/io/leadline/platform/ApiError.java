package io.leadline.platform;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The one error body every endpoint answers with. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(
        String code,
        String message,
        @JsonProperty("request_id") String requestId,
        List<FieldError> errors,
        @JsonProperty("existingLeadId") String existingLeadId) {

    public record FieldError(String field, String message) {}
}
