package io.leadline.workspace;

import io.leadline.platform.ApiException;
import org.springframework.http.HttpStatus;

/**
 * What one workspace holds at most of the things people create by hand or by script: bounds well
 * above any team's use, so that no workspace grows a list that every page, dropdown and API answer
 * reads whole (tags, projects, keys and webhook endpoints are listed without pages).
 */
public enum WorkspaceLimit {
    TAGS(500, "tags"),
    PROJECTS(100, "projects"),
    SECRET_KEYS(100, "active secret keys"),
    WEBHOOK_ENDPOINTS(20, "webhook endpoints");

    /** The error code of a create past a limit. */
    public static final String REACHED = "LIMIT_REACHED";

    private final int max;
    private final String what;

    WorkspaceLimit(int max, String what) {
        this.max = max;
        this.what = what;
    }

    public int max() {
        return max;
    }

    /** 409 LIMIT_REACHED, naming the limit and the way out. */
    ApiException reached() {
        return new ApiException(
                HttpStatus.CONFLICT,
                REACHED,
                "A workspace holds at most " + max + " " + what + "; delete one it no longer needs first.");
    }
}
