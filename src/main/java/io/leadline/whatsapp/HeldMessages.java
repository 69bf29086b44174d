package io.leadline.whatsapp;

import org.springframework.stereotype.Component;

/**
 * WhatsApp messages from new numbers kept over the plan limit, for other modules (the dashboard):
 * how many a workspace has, and putting them on leads once the plan allows.
 */
@Component
public class HeldMessages {

    /** What a release did: messages put on leads, and messages still held. */
    public record Released(int released, int stillHeld) {}

    /** Messages released per request, oldest first; the rest wait for the next one. */
    static final int RELEASE_BATCH = 500;

    private final WhatsAppInbox inbox;

    HeldMessages(WhatsAppInbox inbox) {
        this.inbox = inbox;
    }

    public int count(String workspaceId) {
        return inbox.countHeld(workspaceId);
    }

    public Released release(String workspaceId, String requestId) {
        WhatsAppInbox.Release release = inbox.release(workspaceId, requestId, RELEASE_BATCH);
        return new Released(release.released(), release.held());
    }
}
