package io.leadline.workspace;

import java.time.OffsetDateTime;

/**
 * A website or channel of a workspace. Its publishable key ({@code ll_pk_…}) may appear in web
 * pages; the allowlist says which sites may use it.
 */
public record Project(
        String id,
        String workspaceId,
        String name,
        String apiKey,
        AllowedDomains allowedDomains,
        String whatsappVerifyToken,
        String whatsappAppSecret,
        OffsetDateTime createdAt,
        OffsetDateTime deletedAt) {

    public static final String KEY_PREFIX = "ll_pk_";

    /** Deleted: its key no longer works and it is in no list, but its leads still name it. */
    public boolean deleted() {
        return deletedAt != null;
    }

    public boolean hasAppSecret() {
        return whatsappAppSecret != null && !whatsappAppSecret.isEmpty();
    }
}
