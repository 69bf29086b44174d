package io.leadline.apikey;

import java.time.OffsetDateTime;

/** A secret key as listed: never the key itself, only its display prefix. */
public record ApiKey(
        String id,
        String workspaceId,
        String userId,
        String name,
        String prefix,
        int rateLimitPerMinute,
        OffsetDateTime createdAt,
        OffsetDateTime lastUsedAt,
        OffsetDateTime revokedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
