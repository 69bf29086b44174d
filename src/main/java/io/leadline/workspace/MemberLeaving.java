package io.leadline.workspace;

/**
 * A person is about to be removed from the workspace: published after the removal was checked and
 * before it runs, outside any transaction, so that what points at them (the leads assigned to them)
 * can be let go in short steps of its own instead of all at once under the removal's locks.
 * Whatever still points at them when the removal runs follows by the database's foreign keys.
 */
public record MemberLeaving(String workspaceId, String userId) {}
