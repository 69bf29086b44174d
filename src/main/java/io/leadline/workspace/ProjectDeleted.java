package io.leadline.workspace;

/**
 * A project was deleted, published inside the deletion's transaction: what is bound to the project
 * (webhook endpoints that send only its leads) follows it in the same commit.
 */
public record ProjectDeleted(String workspaceId, String projectId, String name) {}
