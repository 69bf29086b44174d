package io.leadline.workspace;

import java.time.OffsetDateTime;

/** A tenant. {@code monthlyLeadLimit} null means unlimited. */
public record Workspace(String id, String name, Integer monthlyLeadLimit, OffsetDateTime createdAt) {}
