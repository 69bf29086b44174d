package io.leadline.workspace;

import java.time.OffsetDateTime;

/** A person in a workspace. The password hash never leaves the repository. */
public record User(String id, String workspaceId, String email, String name, Role role, OffsetDateTime createdAt) {}
