package io.leadline.whatsapp;

import io.leadline.platform.ApiError;
import io.leadline.platform.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/whatsapp/webhook}: what Meta's WhatsApp Cloud API calls for a project — the one-time
 * verification (GET) and every notification (POST). The project key comes as {@code ?api_key=}, the
 * way Meta's callback URL carries it.
 */
@RestController
@Tag(name = "WhatsApp webhook (called by Meta)")
class WhatsAppWebhookController {

    static final String PATH = "/api/whatsapp/webhook";

    static final String EXAMPLE = """
            {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages",
            "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881",
            "phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Sheena Nelson"},
            "wa_id":"16505551234"}],"messages":[{"from":"16505551234",
            "id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=","timestamp":"1749416383",
            "type":"text","text":{"body":"Hi! Do you ship to Canada?"}}]}}]}]}""";

    private static final String RECEIPT =
            "{\"status\":\"ok\",\"messages\":1,\"duplicates\":0,\"held\":0,\"statuses\":0,\"ignored\":0}";

    private final WhatsAppInbox inbox;

    WhatsAppWebhookController(WhatsAppInbox inbox) {
        this.inbox = inbox;
    }

    @GetMapping(PATH)
    @SecurityRequirement(name = "projectKey")
    @Operation(
            summary = "Meta's webhook verification",
            description = "Meta calls this once when the callback URL is saved in the app dashboard. Answers the"
                    + " challenge as text/plain when hub.mode is subscribe and hub.verify_token is the project's"
                    + " verify token (Project → Settings → WhatsApp).")
    @Parameter(
            name = "api_key",
            in = ParameterIn.QUERY,
            required = true,
            schema = @Schema(type = "string"),
            description = "The project key ll_pk_…")
    @ApiResponse(
            responseCode = "200",
            description = "The challenge, exactly",
            content = @Content(mediaType = "text/plain", examples = @ExampleObject("1158201444")))
    @ApiResponse(
            responseCode = "401",
            description = "Missing or unknown project key",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(
            responseCode = "403",
            description = "Wrong verify token or mode, or no challenge",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ApiError.class),
                            examples = @ExampleObject("{\"code\":\"VERIFICATION_FAILED\",\"message\":\""
                                            + WhatsAppInbox.VERIFICATION_MESSAGE
                                            + "\",\"request_id\":\"req_…\"}")))
    ResponseEntity<String> verify(
            HttpServletRequest request,
            HttpServletResponse response,
            @Parameter(example = "subscribe") @RequestParam(name = "hub.mode", required = false) String mode,
            @RequestParam(name = "hub.verify_token", required = false) String verifyToken,
            @Parameter(example = "1158201444") @RequestParam(name = "hub.challenge", required = false)
                    String challenge) {
        String answer = inbox.verify(request, response, new Verification(mode, verifyToken, challenge));
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                .header("X-Content-Type-Options", "nosniff")
                .body(answer);
    }

    @PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    @SecurityRequirement(name = "projectKey")
    @Operation(
            summary = "Meta's notifications: incoming messages and statuses",
            description = "Each message of entry[].changes[field=messages].value.messages[] creates a lead for its"
                    + " number (phone +<wa_id>, name from contacts[].profile.name, source whatsapp) or joins the"
                    + " workspace's lead with that number, and goes on the lead's timeline. A message id seen"
                    + " before adds nothing. statuses[] are recorded against stored messages and create nothing."
                    + " Other objects or fields are acknowledged and ignored. When the project has an app secret,"
                    + " X-Hub-Signature-256 (sha256= + hex HMAC-SHA256 of the raw body) must match. A new number"
                    + " over the plan limit still gets 200: its message is held (GET /api/v1/whatsapp/held).")
    @Parameter(
            name = "api_key",
            in = ParameterIn.QUERY,
            required = true,
            schema = @Schema(type = "string"),
            description = "The project key ll_pk_…")
    @Parameter(
            name = HubSignature.HEADER,
            in = ParameterIn.HEADER,
            schema = @Schema(type = "string"),
            description = "Required when the project has an app secret",
            example = "sha256=6f1c…")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(type = "object"),
                            examples = @ExampleObject(name = "text message", value = EXAMPLE)))
    @ApiResponse(
            responseCode = "200",
            description = "Stored (or acknowledged and ignored)",
            content =
                    @Content(
                            schema = @Schema(implementation = WhatsAppInbox.Receipt.class),
                            examples = @ExampleObject(RECEIPT)))
    @ApiResponse(
            responseCode = "400",
            description = "INVALID_JSON or INVALID_BODY (not JSON, or not a JSON object), or TOO_MANY_ITEMS (more"
                    + " messages and statuses than one notification may carry, 500 by default)",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(
            responseCode = "401",
            description = "INVALID_API_KEY, or INVALID_SIGNATURE (nothing stored)",
            content =
                    @Content(
                            schema = @Schema(implementation = ApiError.class),
                            examples = @ExampleObject("{\"code\":\"INVALID_SIGNATURE\",\"message\":\""
                                            + WhatsAppInbox.SIGNATURE_MESSAGE
                                            + "\",\"request_id\":\"req_…\"}")))
    @ApiResponse(
            responseCode = "415",
            description = "A form content type (the body must be JSON)",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(
            responseCode = "413",
            description = "Body over 3 MB",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(
            responseCode = "429",
            description = "RATE_LIMITED: the project's notifications a minute are used up (Meta retries later)",
            headers =
                    @Header(
                            name = "Retry-After",
                            description = "Seconds until a notification may pass",
                            schema = @Schema(type = "integer")),
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    WhatsAppInbox.Receipt receive(
            HttpServletRequest request, HttpServletResponse response, @RequestBody(required = false) byte[] body) {
        String type =
                request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (type.startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE) || type.startsWith("multipart/")) {
            // The container reads such a body as form fields, so the bytes the signature covers are gone:
            // say what is wrong instead of a misleading "bad signature" or "not JSON".
            throw new ApiException(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "UNSUPPORTED_MEDIA_TYPE",
                    "Send the notification as application/json, as Meta does.");
        }
        return inbox.receive(request, response, body);
    }
}
