package io.leadline.workspace;

/**
 * A member's role changed, published inside the change's transaction: what depends on the role
 * (the secret keys a manager made) follows it in the same commit.
 */
public record RoleChanged(String workspaceId, String userId, Role from, Role to) {

    /** From owner or admin down to member: no longer someone who manages keys and webhooks. */
    public boolean demotedToMember() {
        return to == Role.MEMBER && from != Role.MEMBER;
    }
}
