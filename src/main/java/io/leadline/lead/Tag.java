package io.leadline.lead;

import java.time.OffsetDateTime;

/** A label a workspace puts on leads. Names are unique per workspace, ignoring case and spacing. */
public record Tag(String id, String workspaceId, String name, String color, OffsetDateTime createdAt) {}
