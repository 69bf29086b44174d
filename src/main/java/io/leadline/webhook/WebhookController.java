package io.leadline.webhook;

import io.leadline.apikey.Caller;
import io.leadline.platform.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /api/v1/webhooks}: a workspace's outbound webhook endpoints, their delivery log and replay. */
@RestController
@RequestMapping(path = "/api/v1/webhooks", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Webhooks (private API)")
@SecurityRequirement(name = "secretKey")
class WebhookController {

    @Schema(
            example = "{\"url\":\"https://hooks.example.com/leadline\",\"events\":[\"lead.created\",\"lead.merged\"],"
                    + "\"projectId\":null,\"enabled\":true}")
    record CreateWebhook(
            @NotNull @Size(max = 2048) String url,
            @NotNull @Size(min = 1, max = 10) List<@NotNull String> events,
            @Size(max = 32) String projectId,
            Boolean enabled) {}

    @Schema(
            description = "Absent fields stay; projectId \"\" removes the project filter; rotateSecret issues a new"
                    + " signing secret, shown in this answer only; the old one keeps signing beside it for"
                    + " oldSecretValidHours (0-168, default 24, 0 = stops at once; only with rotateSecret)")
    record UpdateWebhook(
            @Size(max = 2048) String url,
            @Size(min = 1, max = 10) List<@NotNull String> events,
            @Size(max = 32) String projectId,
            Boolean enabled,
            Boolean rotateSecret,

            @Schema(minimum = "0", maximum = "168", defaultValue = "24")
            Integer oldSecretValidHours) {}

    record WebhookView(
            String id,
            String url,
            List<String> events,
            String projectId,
            boolean enabled,
            String disabledReason,

            @Schema(description = "Only when created or rotated")
            String secret,

            @Schema(
                    description =
                            "Until when the secret rotated out still signs deliveries (a second v1); null when none")
            OffsetDateTime previousSecretExpiresAt,

            OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {
        static WebhookView of(Endpoint e, boolean withSecret) {
            return new WebhookView(
                    e.id(),
                    e.url(),
                    List.copyOf(e.events()),
                    e.projectId(),
                    e.enabled(),
                    e.disabledReason(),
                    withSecret ? e.secret() : null,
                    e.previousSecretExpiresAt(),
                    e.createdAt(),
                    e.updatedAt());
        }
    }

    record DeliveryView(
            long id,
            String eventId,
            String type,
            String leadId,
            String status,
            int attempts,
            OffsetDateTime nextAttemptAt,
            Integer lastStatusCode,
            String lastError,
            OffsetDateTime createdAt,
            OffsetDateTime completedAt,
            JsonNode payload,
            List<Attempt> log) {}

    private final Webhooks webhooks;
    private final JsonMapper json;

    WebhookController(Webhooks webhooks, JsonMapper json) {
        this.webhooks = webhooks;
        this.json = json;
    }

    @GetMapping
    @Operation(summary = "List webhook endpoints (secrets are never listed)")
    Map<String, List<WebhookView>> list(Caller caller) {
        return Map.of(
                "data",
                webhooks.list(caller.workspaceId()).stream()
                        .map(e -> WebhookView.of(e, false))
                        .toList());
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary =
                    "Create an endpoint; the signing secret is in this answer only; 409 LIMIT_REACHED past 20 endpoints")
    WebhookView create(Caller caller, @Valid @RequestBody CreateWebhook request) {
        return WebhookView.of(
                webhooks.create(
                        caller.workspaceId(), request.url(), request.events(), request.projectId(), request.enabled()),
                true);
    }

    @GetMapping("/{id}")
    WebhookView get(Caller caller, @PathVariable String id) {
        return WebhookView.of(webhooks.find(caller.workspaceId(), id), false);
    }

    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Change an endpoint; enabled=true re-enables one that was disabled for failing")
    WebhookView update(Caller caller, @PathVariable String id, @Valid @RequestBody UpdateWebhook request) {
        boolean rotate = Boolean.TRUE.equals(request.rotateSecret());
        return WebhookView.of(
                webhooks.update(
                        caller.workspaceId(),
                        id,
                        request.url(),
                        request.events(),
                        request.projectId(),
                        request.enabled(),
                        rotate,
                        request.oldSecretValidHours()),
                rotate);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Caller caller, @PathVariable String id) {
        webhooks.delete(caller.workspaceId(), id);
    }

    @GetMapping("/{id}/deliveries")
    @Operation(summary = "The delivery log, newest first, with every attempt")
    Map<String, List<DeliveryView>> deliveries(
            Caller caller, @PathVariable String id, @RequestParam(required = false) Integer limit) {
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > 200) {
            throw ApiException.validation("limit", "must be between 1 and 200");
        }
        List<Delivery> deliveries = webhooks.deliveries(caller.workspaceId(), id, size);
        Map<Long, List<Attempt>> attempts = webhooks.attempts(deliveries);
        return Map.of(
                "data",
                deliveries.stream()
                        .map(d -> view(d, attempts.getOrDefault(d.id(), List.of())))
                        .toList());
    }

    @PostMapping("/{id}/deliveries/{delivery}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Send a delivery's event again (same event id, new delivery)")
    DeliveryView replay(Caller caller, @PathVariable String id, @PathVariable long delivery) {
        return view(webhooks.replay(caller.workspaceId(), id, delivery), List.of());
    }

    @PostMapping("/{id}/test")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Queue a webhook.test event for this endpoint")
    DeliveryView test(Caller caller, @PathVariable String id) {
        return view(webhooks.sendTest(caller.workspaceId(), id), List.of());
    }

    private DeliveryView view(Delivery d, List<Attempt> attempts) {
        return new DeliveryView(
                d.id(),
                d.eventId(),
                d.eventType(),
                d.leadId(),
                d.status(),
                d.attempts(),
                d.nextAttemptAt(),
                d.lastStatusCode(),
                d.lastError(),
                d.createdAt(),
                d.completedAt(),
                json.readTree(d.payload()),
                attempts);
    }
}
