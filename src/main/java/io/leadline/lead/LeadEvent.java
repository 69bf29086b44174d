package io.leadline.lead;

import java.time.OffsetDateTime;

/**
 * Something happened to a lead. Published synchronously inside the transaction that made the
 * change, so listeners that write (the webhook outbox) commit or roll back together with it.
 *
 * @param type {@code lead.created}, {@code lead.updated}, {@code lead.status_changed},
 *     {@code lead.merged}, {@code lead.deleted} or {@code whatsapp.message_received}
 * @param data the event's payload: the lead as JSON (and, where it applies, what changed)
 */
public record LeadEvent(
        String type, String workspaceId, String projectId, String leadId, Object data, OffsetDateTime at) {

    public static final String CREATED = "lead.created";
    public static final String UPDATED = "lead.updated";
    public static final String STATUS_CHANGED = "lead.status_changed";
    public static final String MERGED = "lead.merged";
    public static final String DELETED = "lead.deleted";
    public static final String WHATSAPP_MESSAGE = "whatsapp.message_received";
}
