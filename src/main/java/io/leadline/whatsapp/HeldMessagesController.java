package io.leadline.whatsapp;

import io.leadline.apikey.Caller;
import io.leadline.platform.ApiException;
import io.leadline.platform.RequestIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/whatsapp/held}: WhatsApp messages from new numbers that arrived while the
 * workspace's monthly plan limit was used up. They are kept, not lost; after the limit is raised (or
 * the month turns) {@code release} puts them on leads.
 */
@RestController
@RequestMapping(path = "/api/v1/whatsapp/held", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "WhatsApp (private API)")
@SecurityRequirement(name = "secretKey")
class HeldMessagesController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    /** A held message as the workspace sees it. */
    record HeldMessage(
            String messageId,
            String projectId,
            String from,
            String profileName,
            String type,
            String text,
            OffsetDateTime sentAt,
            OffsetDateTime receivedAt) {

        static HeldMessage of(WhatsAppRepository.Held h) {
            return new HeldMessage(
                    h.messageId(),
                    h.projectId(),
                    h.from() == null ? h.fromUserId() : "+" + h.from(),
                    h.profileName(),
                    h.type(),
                    h.description(),
                    h.sentAt(),
                    h.receivedAt());
        }
    }

    /** Held messages, oldest first, and how many are held in all. */
    record HeldPage(List<HeldMessage> data, int total) {}

    private final WhatsAppInbox inbox;

    HeldMessagesController(WhatsAppInbox inbox) {
        this.inbox = inbox;
    }

    @GetMapping
    @Operation(summary = "WhatsApp messages held over the plan limit, oldest first (limit ≤ 200)")
    HeldPage list(Caller caller, @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.validation("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return new HeldPage(
                inbox.held(caller.workspaceId(), limit).stream()
                        .map(HeldMessage::of)
                        .toList(),
                inbox.countHeld(caller.workspaceId()));
    }

    @PostMapping("/release")
    @Operation(
            summary = "Put held messages on leads now",
            description = "Oldest first, up to 500 per call: a number that has a lead by now joins it; a new number"
                    + " creates a lead while the plan allows. Messages that still do not fit stay held.")
    WhatsAppInbox.Release release(Caller caller, HttpServletRequest request) {
        return inbox.release(caller.workspaceId(), RequestIds.current(request), HeldMessages.RELEASE_BATCH);
    }
}
