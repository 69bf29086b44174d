package io.leadline.lead;

import java.time.OffsetDateTime;

/**
 * What a person looks for in the lead list: free text over name, email, company and phone digits,
 * and filters; any of them null means "any". {@code tag} is a tag id or name. Newest first unless
 * {@code oldestFirst}.
 */
public record LeadSearch(
        String q,
        LeadStatus status,
        Channel channel,
        String source,
        String projectId,
        String tag,
        OffsetDateTime createdAfter,
        OffsetDateTime createdBefore,
        boolean oldestFirst) {

    public static LeadSearch everything() {
        return new LeadSearch(null, null, null, null, null, null, null, null, false);
    }

    LeadFilter filter(String workspaceId, LeadFilter.Cursor cursor) {
        return new LeadFilter(
                workspaceId,
                status,
                channel,
                LeadRequests.trim(source),
                LeadRequests.trim(projectId),
                LeadRequests.trim(tag),
                createdAfter,
                createdBefore,
                LeadRequests.trim(q),
                cursor);
    }
}
