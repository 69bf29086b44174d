package io.leadline.dashboard;

import io.leadline.platform.ApiException;
import io.leadline.workspace.Role;
import io.leadline.workspace.User;
import io.leadline.workspace.Workspace;
import org.springframework.http.HttpStatus;

/** The signed-in person on this request, in their workspace. Every dashboard action is scoped by it. */
record Member(User user, Workspace workspace, boolean instanceAdmin, boolean mustChangePassword) {

    public String userId() {
        return user.id();
    }

    public String workspaceId() {
        return workspace.id();
    }

    public Role role() {
        return user.role();
    }

    /** Owners and admins manage keys, projects and members; members work leads. */
    public boolean canManage() {
        return user.role().managesWorkspace();
    }

    public void requireManager() {
        if (!canManage()) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN, "FORBIDDEN", "Only owners and admins of the workspace can open this page.");
        }
    }

    public void requireInstanceAdmin() {
        if (!instanceAdmin) {
            throw new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN", "Only instance admins can open this page.");
        }
    }
}
