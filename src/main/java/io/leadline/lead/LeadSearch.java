package io.leadline.lead;

import java.time.OffsetDateTime;

/**
 * What a person looks for in the lead list: free text over name, email, company and phone digits,
 * and filters; any of them null means "any". {@code tag} is a tag id or name; {@code assignedTo} a
 * person's id, or {@code "none"} for leads assigned to nobody. Newest first unless {@code oldestFirst}.
 */
public record LeadSearch(
        String q,
        LeadStatus status,
        Channel channel,
        String source,
        String projectId,
        String tag,
        String assignedTo,
        OffsetDateTime createdAfter,
        OffsetDateTime createdBefore,
        boolean oldestFirst) {

    public static LeadSearch everything() {
        return new LeadSearch(null, null, null, null, null, null, null, null, null, false);
    }

    /** The value of {@code assignedTo} that finds the leads assigned to nobody. */
    public static final String NOBODY = LeadFilter.NOBODY;

    LeadFilter filter(String workspaceId, LeadFilter.Cursor cursor) {
        return new LeadFilter(
                workspaceId,
                status,
                channel,
                LeadRequests.trim(source),
                LeadRequests.trim(projectId),
                LeadRequests.trim(tag),
                LeadFilter.assignee(assignedTo, null),
                createdAfter,
                createdBefore,
                LeadRequests.trim(q),
                cursor);
    }
}
