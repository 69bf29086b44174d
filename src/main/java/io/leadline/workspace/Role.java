package io.leadline.workspace;

import java.util.Locale;

/** What a member may do in a workspace: owners and admins manage keys, projects and members. */
public enum Role {
    OWNER,
    ADMIN,
    MEMBER;

    /** Owners and admins manage keys, projects and members; members work leads. */
    public boolean managesWorkspace() {
        return this != MEMBER;
    }

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code owner|admin|member}, case-insensitively; null when unknown. */
    public static Role parse(String value) {
        if (value == null) {
            return null;
        }
        for (Role role : values()) {
            if (role.name().equalsIgnoreCase(value.trim())) {
                return role;
            }
        }
        return null;
    }
}
