package io.leadline.lead;

import io.leadline.apikey.Caller;
import io.leadline.platform.ApiError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.Collections;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The private lead API: {@code /api/v1/leads}, authenticated by a secret key. */
@RestController
@RequestMapping(path = "/api/v1/leads", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Leads (private API)")
@SecurityRequirement(name = "secretKey")
class LeadController {

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;

    private final Leads leads;

    LeadController(Leads leads) {
        this.leads = leads;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Create a lead",
            description = "firstName and lastName are required. 409 DUPLICATE_LEAD when a lead with the same email"
                    + " (case-insensitive) or full name exists; the body's existingLeadId names it. Send"
                    + " Idempotency-Key to make retries safe for 24 hours.")
    @ApiResponse(
            responseCode = "201",
            description = "Created; Location points at the lead",
            headers = {
                @Header(
                        name = "Location",
                        description = "/api/v1/leads/{id} of the new lead",
                        schema = @Schema(type = "string")),
                @Header(
                        name = "Idempotent-Replayed",
                        description = "true when this is the stored answer to an earlier request with the same"
                                + " Idempotency-Key",
                        schema = @Schema(type = "string"))
            })
    @ApiResponse(
            responseCode = "409",
            content =
                    @Content(
                            schema = @Schema(implementation = ApiError.class),
                            examples =
                                    @ExampleObject(
                                            value =
                                                    "{\"code\":\"DUPLICATE_LEAD\",\"message\":\"A lead with the same email or name"
                                                            + " already exists in this workspace.\",\"request_id\":\"req_…\","
                                                            + "\"existingLeadId\":\"ld_…\"}")))
    // 400, 401 (and 429's headers) are every /api/v1 operation's: apikey.PrivateApiDocs writes them in.
    @ApiResponse(
            responseCode = "413",
            description = "Body over 64 KiB",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(
            responseCode = "415",
            description = "Not a JSON body, or a compressed one",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(
            responseCode = "422",
            description = "IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was used with another body",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(
            responseCode = "429",
            description = "RATE_LIMITED (the key's limit a minute; Retry-After) or PLAN_LIMIT_REACHED (the"
                    + " workspace's monthly lead limit; Retry-After until the month turns)",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    ResponseEntity<LeadView> create(
            Caller caller,
            @Valid @RequestBody LeadRequests.Create request,
            @Parameter(description = "Makes the create safe to retry: same key + same body replays the answer")
                    @RequestHeader(name = "Idempotency-Key", required = false)
                    String idempotencyKey,
            HttpServletRequest servlet) {
        int given = Collections.list(servlet.getHeaders("Idempotency-Key")).size();
        if (given > 1) {
            // Spring would join them into one key "a,b", a key the client never chose.
            throw io.leadline.platform.ApiException.validation(
                    "Idempotency-Key", "must be given once (it was given " + given + " times)");
        }
        Leads.Created created = leads.create(caller, request, idempotencyKey);
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/v1/leads/" + created.lead().id()));
        if (created.replayed()) {
            answer.header("Idempotent-Replayed", "true");
        }
        return answer.body(created.lead());
    }

    @GetMapping
    @Operation(summary = "List leads, newest first, with filters and cursor pagination")
    Leads.Page list(
            Caller caller,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor,
            @Parameter(description = "new, contacted, qualified, unqualified, won or lost")
                    @RequestParam(required = false)
                    String status,
            @Parameter(description = "Tag id or tag name") @RequestParam(required = false) String tag,
            @RequestParam(required = false) String source,
            @Parameter(description = "api, web or whatsapp") @RequestParam(required = false) String channel,
            @RequestParam(required = false) String projectId,
            @RequestParam(required = false) String createdAfter,
            @RequestParam(required = false) String createdBefore,
            @Parameter(description = "Free text over name, email, company; digits also match the phone")
                    @RequestParam(required = false)
                    String q,
            @Parameter(
                            description = "A person's id: the leads assigned to them; me: to the key's user; none:"
                                    + " to nobody")
                    @RequestParam(required = false)
                    String assignedTo) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw io.leadline.platform.ApiException.validation("limit", "must be between 1 and " + MAX_LIMIT);
        }
        LeadStatus statusFilter = null;
        if (status != null && !status.isBlank()) {
            statusFilter = LeadStatus.parse(status);
            if (statusFilter == null) {
                throw io.leadline.platform.ApiException.validation("status", "must be one of " + LeadStatus.ALLOWED);
            }
        }
        Channel channelFilter = null;
        if (channel != null && !channel.isBlank()) {
            channelFilter = Channel.parse(channel);
            if (channelFilter == null) {
                throw io.leadline.platform.ApiException.validation("channel", "must be one of api, web, whatsapp");
            }
        }
        LeadFilter filter = new LeadFilter(
                caller.workspaceId(),
                statusFilter,
                channelFilter,
                LeadRequests.trim(source),
                LeadRequests.trim(projectId),
                LeadRequests.trim(tag),
                LeadFilter.assignee(assignedTo, caller.userId()),
                LeadFilter.time("createdAfter", createdAfter),
                LeadFilter.time("createdBefore", createdBefore),
                LeadRequests.trim(q),
                cursor == null || cursor.isBlank() ? null : LeadFilter.Cursor.decode(cursor));
        return leads.list(filter, size);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One lead, with its timeline")
    LeadView get(Caller caller, @PathVariable String id) {
        return leads.get(caller.workspaceId(), id);
    }

    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Change a lead: absent fields stay, \"\" clears an optional field, tagIds replaces tags")
    LeadView update(Caller caller, @PathVariable String id, @Valid @RequestBody LeadRequests.Update request) {
        return leads.update(caller, id, request);
    }

    @PostMapping(path = "/{id}/notes", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Put a note on a lead's timeline",
            description = "A call's summary, a meeting's minutes: {\"text\": \"…\"}, at most 5,000 characters. Answers"
                    + " the lead with its timeline, the note as a \"note\" entry by the key's user; the lead's fields"
                    + " and updatedAt stay as they are.")
    LeadView addNote(Caller caller, @PathVariable String id, @Valid @RequestBody LeadRequests.Note request) {
        return leads.addNote(caller.workspaceId(), caller.userId(), id, request.text());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a lead")
    void delete(Caller caller, @PathVariable String id) {
        leads.delete(caller.workspaceId(), id);
    }
}
