package io.leadline.workspace;

import io.leadline.platform.ApiException;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** 429 PLAN_LIMIT_REACHED: the workspace has used its monthly allowance of new leads. */
public class PlanLimitReached extends ApiException {

    public static final String MESSAGE = "Monthly lead limit reached. Please upgrade.";

    PlanLimitReached(long retryAfterSeconds) {
        super(
                HttpStatus.TOO_MANY_REQUESTS,
                "PLAN_LIMIT_REACHED",
                MESSAGE,
                null,
                Map.of("Retry-After", Long.toString(retryAfterSeconds)),
                null);
    }
}
