package io.leadline.capture;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.leadline.platform.ApiError;
import io.leadline.platform.RequestIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/public/lead}: the public capture API, authenticated by a project key. */
@RestController
@Tag(name = "Capture (public API)")
@SecurityScheme(
        name = "projectKey",
        type = SecuritySchemeType.APIKEY,
        in = SecuritySchemeIn.HEADER,
        paramName = "X-Api-Key",
        description = "A project (publishable) key ll_pk_…; Authorization: Bearer and ?api_key= work too.")
class CaptureController {

    /** The success body of the public document. */
    record Answer(
            @Schema(allowableValues = {"LEAD_CREATED", "LEAD_UPDATED"})
            String code,

            String message,
            @JsonProperty("request_id") String requestId,

            @JsonProperty("lead_id") @Schema(description = "The lead's numeric id", example = "123")
            long leadId) {}

    private static final String CREATED = "{\"code\":\"LEAD_CREATED\",\"message\":\"Lead captured.\","
            + "\"request_id\":\"req_3kT9aQ2mZx7LbC1dEf0G\",\"lead_id\":123}";
    private static final String UPDATED = "{\"code\":\"LEAD_UPDATED\",\"message\":\"Lead updated.\","
            + "\"request_id\":\"req_3kT9aQ2mZx7LbC1dEf0G\",\"lead_id\":123}";

    private final Captures captures;

    CaptureController(Captures captures) {
        this.captures = captures;
    }

    @PostMapping(
            path = "/api/public/lead",
            // text/plain too: navigator.sendBeacon and fetch(…, {mode: "no-cors"}) can send a JSON body only
            // as text/plain (with the key in ?api_key=, as they cannot set headers either). And a body with no
            // Content-Type at all (Spring MVC sees application/octet-stream): the public document names no
            // type, so a script that posts its JSON without one (Python's requests with data=, Node's
            // http.request) must not lose its lead to a 415.
            consumes = {
                MediaType.APPLICATION_JSON_VALUE,
                MediaType.TEXT_PLAIN_VALUE,
                MediaType.APPLICATION_OCTET_STREAM_VALUE
            },
            produces = MediaType.APPLICATION_JSON_VALUE)
    @SecurityRequirement(name = "projectKey")
    @Operation(
            summary = "Capture a lead from a website, form or script",
            description = "All fields are optional; send at least one of name, email or phone for a useful lead."
                    + " A submission with the email (case-insensitive), else the phone digits, of an existing"
                    + " lead of the workspace joins that lead (empty fields filled, attributes/utm merged, page"
                    + " trail extended) and answers 200 LEAD_UPDATED with the same lead_id. Browsers may call it"
                    + " cross-origin (CORS); a project with an allowlist refuses other Origin/Referer hosts.")
    @Parameter(
            name = "api_key",
            in = ParameterIn.QUERY,
            schema = @Schema(type = "string"),
            description = "The project key, when headers cannot be set (less secure; prefer headers)")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content =
                    @Content(
                            schema = @Schema(implementation = CaptureRequest.class),
                            examples = @ExampleObject(name = "lead", value = CaptureRequest.EXAMPLE)))
    @ApiResponse(
            responseCode = "201",
            description = "A new lead",
            content = @Content(schema = @Schema(implementation = Answer.class), examples = @ExampleObject(CREATED)))
    @ApiResponse(
            responseCode = "200",
            description = "Joined an existing lead of the same person",
            content = @Content(schema = @Schema(implementation = Answer.class), examples = @ExampleObject(UPDATED)))
    @ApiResponse(
            responseCode = "400",
            description = "Invalid JSON or invalid fields, each named in errors",
            content =
                    @Content(
                            schema = @Schema(implementation = ApiError.class),
                            examples =
                                    @ExampleObject(
                                            "{\"code\":\"VALIDATION_FAILED\",\"message\":\"The request has invalid"
                                                    + " fields.\",\"request_id\":\"req_…\",\"errors\":[{\"field\":"
                                                    + "\"email\",\"message\":\"must be a valid email address\"}]}")))
    @ApiResponse(
            responseCode = "401",
            description = "Invalid or missing API key",
            content =
                    @Content(
                            schema = @Schema(implementation = ApiError.class),
                            examples = @ExampleObject("{\"code\":\"INVALID_API_KEY\",\"message\":\""
                                            + Captures.INVALID_KEY_MESSAGE
                                            + "\",\"request_id\":\"req_…\"}")))
    @ApiResponse(
            responseCode = "403",
            description = "Domain not allowed",
            content =
                    @Content(
                            schema = @Schema(implementation = ApiError.class),
                            examples = @ExampleObject("{\"code\":\"DOMAIN_NOT_ALLOWED\",\"message\":\""
                                            + Captures.DOMAIN_MESSAGE
                                            + "\",\"request_id\":\"req_…\"}")))
    @ApiResponse(
            responseCode = "413",
            description = "Body over 64 KiB",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(
            responseCode = "415",
            description = "A body typed neither application/json nor text/plain (a form, say), or a compressed"
                    + " body; a body without a Content-Type is read as JSON",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(
            responseCode = "429",
            description = "PLAN_LIMIT_REACHED (monthly lead limit; Retry-After until the month turns) or"
                    + " RATE_LIMITED (too many submissions from one IP; Retry-After)",
            content =
                    @Content(
                            schema = @Schema(implementation = ApiError.class),
                            examples =
                                    @ExampleObject("{\"code\":\"PLAN_LIMIT_REACHED\",\"message\":\"Monthly lead limit"
                                            + " reached. Please upgrade.\",\"request_id\":\"req_…\"}")))
    ResponseEntity<Answer> capture(
            HttpServletRequest request, HttpServletResponse response, @RequestBody(required = false) byte[] body) {
        Captures.Result result = captures.capture(request, response, body, charset(request));
        String requestId = RequestIds.current(request);
        return result.created()
                ? ResponseEntity.status(HttpStatus.CREATED)
                        .body(new Answer("LEAD_CREATED", "Lead captured.", requestId, result.leadId()))
                : ResponseEntity.ok(new Answer("LEAD_UPDATED", "Lead updated.", requestId, result.leadId()));
    }

    /** The body's charset: the one its Content-Type names, else UTF-8 (JSON's, and a beacon's). */
    private static Charset charset(HttpServletRequest request) {
        Charset charset = StandardCharsets.UTF_8;
        try {
            MediaType type =
                    request.getContentType() == null ? null : MediaType.parseMediaType(request.getContentType());
            if (type != null && type.getCharset() != null) {
                charset = type.getCharset();
            }
        } catch (IllegalArgumentException e) {
            // An unknown or malformed charset parameter (Spring MVC matched the type itself already).
        }
        return charset;
    }
}
