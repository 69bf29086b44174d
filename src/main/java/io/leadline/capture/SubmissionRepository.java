package io.leadline.capture;

import java.time.OffsetDateTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** SQL for raw submissions. Every statement is scoped by workspace. */
@Repository
class SubmissionRepository {

    /** One submission as received, before anything is decided about it. */
    record Received(
            String workspaceId,
            String projectId,
            String clientIp,
            String userAgent,
            String origin,
            String referer,
            String requestId,
            String payload,
            OffsetDateTime receivedAt) {}

    private final JdbcClient jdbc;

    SubmissionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the raw submission with its first outcome (and problems, as JSON); returns its id. */
    long insert(Received s, Outcome outcome, String errors) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into submissions (workspace_id, project_id, outcome, client_ip, user_agent, origin,
                            referer, request_id, payload, errors, received_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        s.workspaceId(),
                        s.projectId(),
                        outcome.stored(),
                        s.clientIp(),
                        s.userAgent(),
                        s.origin(),
                        s.referer(),
                        s.requestId(),
                        s.payload(),
                        errors,
                        s.receivedAt())
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    void decide(String workspaceId, long id, Outcome outcome, Long leadId) {
        jdbc.sql("update submissions set outcome = ?, lead_id = ? where workspace_id = ? and id = ?")
                .params(outcome.stored(), leadId, workspaceId, id)
                .update();
    }

    /** What happened to a submission. */
    enum Outcome {
        RECEIVED,
        CREATED,
        MERGED,
        REJECTED_INVALID,
        REJECTED_PLAN_LIMIT;

        String stored() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
