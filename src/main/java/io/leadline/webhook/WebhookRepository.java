package io.leadline.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for endpoints, the delivery outbox and the attempt log. Scoped by workspace where a client asks. */
@Repository
class WebhookRepository {

    /** A leased delivery with what sending it needs. */
    record Due(
            long id,
            String eventId,
            String eventType,
            String payload,
            int attempts,
            /* Where its retry window starts: its creation, or its endpoint's re-enabling (V60). */
            OffsetDateTime retryFrom,
            String endpointId,
            String url,
            String secret,
            /* The secret rotated out, while it still signs beside the new one; else null. */
            String previousSecret) {

        /** This delivery as its next attempt: {@code attempts} counts it. */
        Due nextAttempt() {
            return new Due(
                    id, eventId, eventType, payload, attempts + 1, retryFrom, endpointId, url, secret, previousSecret);
        }

        /** The secrets its attempt is signed with: the current one first. */
        List<String> signingSecrets() {
            return previousSecret == null ? List.of(secret) : List.of(secret, previousSecret);
        }
    }

    private final JdbcClient jdbc;

    WebhookRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The workspace's endpoints, enabled or not. */
    int count(String workspaceId) {
        return jdbc.sql("select count(*) from webhook_endpoints where workspace_id = ?")
                .param(workspaceId)
                .query(Integer.class)
                .single();
    }

    void insert(Endpoint e) {
        jdbc.sql("insert into webhook_endpoints (id, workspace_id, url, events, project_id, enabled, secret,"
                        + " previous_secret, previous_secret_expires_at, disabled_reason, created_at, updated_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        e.id(),
                        e.workspaceId(),
                        e.url(),
                        Endpoint.storedEvents(e.events()),
                        e.projectId(),
                        e.enabled(),
                        e.secret(),
                        e.previousSecret(),
                        e.previousSecretExpiresAt(),
                        e.disabledReason(),
                        e.createdAt(),
                        e.updatedAt())
                .update();
    }

    void update(Endpoint e) {
        jdbc.sql("update webhook_endpoints set url = ?, events = ?, project_id = ?, enabled = ?, secret = ?,"
                        + " previous_secret = ?, previous_secret_expires_at = ?, disabled_reason = ?, updated_at = ?"
                        + " where id = ? and workspace_id = ?")
                .params(
                        e.url(),
                        Endpoint.storedEvents(e.events()),
                        e.projectId(),
                        e.enabled(),
                        e.secret(),
                        e.previousSecret(),
                        e.previousSecretExpiresAt(),
                        e.disabledReason(),
                        e.updatedAt(),
                        e.id(),
                        e.workspaceId())
                .update();
    }

    boolean delete(String workspaceId, String id) {
        return jdbc.sql("delete from webhook_endpoints where workspace_id = ? and id = ?")
                        .params(workspaceId, id)
                        .update()
                > 0;
    }

    Optional<Endpoint> find(String workspaceId, String id) {
        return jdbc.sql(ENDPOINT + " where workspace_id = ? and id = ?")
                .params(workspaceId, id)
                .query(WebhookRepository::endpoint)
                .optional();
    }

    List<Endpoint> list(String workspaceId) {
        return jdbc.sql(ENDPOINT + " where workspace_id = ? order by created_at")
                .param(workspaceId)
                .query(WebhookRepository::endpoint)
                .list();
    }

    /**
     * Writes one pending delivery per enabled endpoint of the workspace that subscribes to the
     * event (and to its project, when the endpoint filters by project). No endpoint, no row.
     */
    int enqueue(
            String workspaceId,
            String projectId,
            String eventId,
            String type,
            String leadId,
            String payload,
            OffsetDateTime now) {
        return jdbc.sql("insert into webhook_deliveries (endpoint_id, workspace_id, event_id, event_type, lead_id,"
                        + " payload, status, attempts, next_attempt_at, created_at)"
                        + " select e.id, e.workspace_id, ?, ?, ?, ?, 'pending', 0, ?, ? from webhook_endpoints e"
                        + " where e.workspace_id = ? and e.enabled = true and e.events like ?"
                        + " and (e.project_id is null or e.project_id = ?)")
                .params(eventId, type, leadId, payload, now, now, workspaceId, "%," + type + ",%", projectId)
                .update();
    }

    boolean hasEnabledEndpoints(String workspaceId) {
        // Once per batch on the ingest hot path: stops at the first enabled endpoint.
        return jdbc.sql("select exists (select 1 from webhook_endpoints where workspace_id = ? and enabled = true)")
                .param(workspaceId)
                .query(Boolean.class)
                .single();
    }

    /** One delivery to one endpoint, whatever it subscribes to: the test event and replays. */
    long enqueueTo(Endpoint endpoint, String eventId, String type, String leadId, String payload, OffsetDateTime now) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql(
                        "insert into webhook_deliveries (endpoint_id, workspace_id, event_id, event_type, lead_id, payload,"
                                + " status, attempts, next_attempt_at, created_at) values (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)")
                .params(endpoint.id(), endpoint.workspaceId(), eventId, type, leadId, payload, now, now)
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    /**
     * Leases up to {@code limit} enabled endpoints that have due deliveries and no live lease to
     * {@code owner} until {@code leaseUntil}, the longest-waiting first; their ids. The outer
     * conditions are checked again on rows another instance changed meanwhile, so an endpoint is
     * leased by one instance at a time — and its deliveries are sent by one sender, in order.
     */
    List<String> leaseEndpoints(String owner, OffsetDateTime now, OffsetDateTime leaseUntil, int limit) {
        jdbc.sql("update webhook_endpoints set lease_owner = ?, lease_until = ?"
                        + " where id in (select e.id from webhook_endpoints e"
                        + "   where e.enabled = true and (e.lease_until is null or e.lease_until < ?)"
                        + "   and exists (select 1 from webhook_deliveries d where d.endpoint_id = e.id"
                        + "     and d.status = 'pending' and d.next_attempt_at <= ?)"
                        + "   order by (select min(d.id) from webhook_deliveries d where d.endpoint_id = e.id"
                        + "     and d.status = 'pending' and d.next_attempt_at <= ?) limit ?)"
                        + " and enabled = true and (lease_until is null or lease_until < ?)")
                .params(owner, leaseUntil, now, now, now, limit, now)
                .update();
        return jdbc.sql("select id from webhook_endpoints where lease_owner = ?")
                .param(owner)
                .query(String.class)
                .list();
    }

    /** Gives a leased endpoint back, so the next round (on any instance) may take it at once. */
    /**
     * Extends this owner's lease of the endpoint; false when it is no longer theirs — taken by another
     * instance, or run out (an attempt outlasted it, e.g. on a slow DNS answer), in which case another
     * instance may be sending already and this one must stop.
     */
    boolean renewEndpoint(String endpointId, String owner, OffsetDateTime leaseUntil) {
        return jdbc.sql("update webhook_endpoints set lease_until = ?"
                                + " where id = ? and lease_owner = ? and lease_until > ?")
                        .params(leaseUntil, endpointId, owner, Webhooks.now())
                        .update()
                > 0;
    }

    void releaseEndpoint(String endpointId, String owner) {
        jdbc.sql("update webhook_endpoints set lease_owner = null, lease_until = null where id = ? and lease_owner = ?")
                .params(endpointId, owner)
                .update();
    }

    /** The due deliveries of an enabled endpoint, oldest first. */
    /**
     * The endpoint's pending deliveries become due at {@code now}, their retry window starting then:
     * what an endpoint enabled again owes its receiver.
     */
    void resume(String endpointId, OffsetDateTime now) {
        jdbc.sql("update webhook_deliveries set next_attempt_at = ?, retry_from = ?"
                        + " where endpoint_id = ? and status = 'pending'")
                .params(now, now, endpointId)
                .update();
    }

    List<Due> dueFor(String endpointId, OffsetDateTime now, int limit) {
        return jdbc.sql("select d.id, d.event_id, d.event_type, d.payload, d.attempts,"
                        + " coalesce(d.retry_from, d.created_at) as retry_from, e.id as endpoint_id,"
                        + " e.url, e.secret,"
                        + " case when e.previous_secret_expires_at > ? then e.previous_secret end as previous_secret"
                        + " from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id"
                        + " where d.endpoint_id = ? and e.enabled = true and d.status = 'pending'"
                        + " and d.next_attempt_at <= ? order by d.id limit ?")
                .params(now, endpointId, now, limit)
                .query((rs, row) -> new Due(
                        rs.getLong("id"),
                        rs.getString("event_id"),
                        rs.getString("event_type"),
                        rs.getString("payload"),
                        rs.getInt("attempts"),
                        rs.getObject("retry_from", OffsetDateTime.class),
                        rs.getString("endpoint_id"),
                        rs.getString("url"),
                        rs.getString("secret"),
                        rs.getString("previous_secret")))
                .list();
    }

    /**
     * Counts an attempt of a still pending delivery and marks it as being sent by {@code owner};
     * false when it is no longer pending (replayed, or its endpoint deleted meanwhile).
     */
    boolean startAttempt(long id, String owner, OffsetDateTime leaseUntil) {
        return jdbc.sql("update webhook_deliveries set lease_owner = ?, lease_until = ?, attempts = attempts + 1"
                                + " where id = ? and status = 'pending'")
                        .params(owner, leaseUntil, id)
                        .update()
                > 0;
    }

    void recordAttempt(
            long deliveryId,
            int attempt,
            OffsetDateTime at,
            Integer status,
            int latencyMs,
            String excerpt,
            String error) {
        jdbc.sql("insert into webhook_attempts (delivery_id, attempt, attempted_at, status_code, latency_ms,"
                        + " response_excerpt, error) values (?, ?, ?, ?, ?, ?, ?)")
                .params(deliveryId, attempt, at, status, latencyMs, excerpt, error)
                .update();
    }

    /** Finishes a leased delivery; false when the lease was lost (then the other instance owns it). */
    boolean succeed(long id, String owner, int status, OffsetDateTime now) {
        return jdbc.sql(
                                "update webhook_deliveries set status = 'succeeded', completed_at = ?, last_status_code = ?,"
                                        + " last_error = null, lease_owner = null, lease_until = null where id = ? and lease_owner = ?")
                        .params(now, status, id, owner)
                        .update()
                > 0;
    }

    boolean retryLater(long id, String owner, Integer status, String error, OffsetDateTime next) {
        return jdbc.sql("update webhook_deliveries set next_attempt_at = ?, last_status_code = ?, last_error = ?,"
                                + " lease_owner = null, lease_until = null where id = ? and lease_owner = ?")
                        .params(next, status, error, id, owner)
                        .update()
                > 0;
    }

    boolean fail(long id, String owner, Integer status, String error, OffsetDateTime now) {
        return jdbc.sql(
                                "update webhook_deliveries set status = 'failed', completed_at = ?, last_status_code = ?,"
                                        + " last_error = ?, lease_owner = null, lease_until = null where id = ? and lease_owner = ?")
                        .params(now, status, error, id, owner)
                        .update()
                > 0;
    }

    void disable(String endpointId, String reason, OffsetDateTime now) {
        jdbc.sql("update webhook_endpoints set enabled = false, disabled_reason = ?, updated_at = ? where id = ?")
                .params(reason, now, endpointId)
                .update();
    }

    /** Disables every endpoint of the workspace that sends only this project's leads. */
    void disableForProject(String workspaceId, String projectId, String reason, OffsetDateTime now) {
        jdbc.sql("update webhook_endpoints set enabled = false, disabled_reason = ?, updated_at = ?"
                        + " where workspace_id = ? and project_id = ?")
                .params(reason, now, workspaceId, projectId)
                .update();
    }

    List<Delivery> deliveries(String endpointId, int limit) {
        return jdbc.sql(DELIVERY + " where endpoint_id = ? order by id desc limit ?")
                .params(endpointId, limit)
                .query(WebhookRepository::delivery)
                .list();
    }

    Optional<Delivery> delivery(String endpointId, long id) {
        return jdbc.sql(DELIVERY + " where endpoint_id = ? and id = ?")
                .params(endpointId, id)
                .query(WebhookRepository::delivery)
                .optional();
    }

    /** The attempts of several deliveries in one query, by delivery id, oldest attempt first. */
    java.util.Map<Long, List<Attempt>> attempts(java.util.Collection<Long> deliveryIds) {
        java.util.Map<Long, List<Attempt>> out = new java.util.LinkedHashMap<>();
        if (deliveryIds.isEmpty()) {
            return out;
        }
        jdbc.sql("select delivery_id, attempt, attempted_at, status_code, latency_ms, response_excerpt, error"
                        + " from webhook_attempts where delivery_id in (:ids) order by id")
                .param("ids", deliveryIds)
                .query((rs, row) -> {
                    out.computeIfAbsent(rs.getLong("delivery_id"), k -> new java.util.ArrayList<>())
                            .add(new Attempt(
                                    rs.getInt("attempt"),
                                    rs.getObject("attempted_at", OffsetDateTime.class),
                                    rs.getObject("status_code", Integer.class),
                                    rs.getInt("latency_ms"),
                                    rs.getString("response_excerpt"),
                                    rs.getString("error")));
                    return null;
                })
                .list();
        return out;
    }

    private static final String ENDPOINT = "select id, workspace_id, url, events, project_id, enabled, secret,"
            + " previous_secret, previous_secret_expires_at, disabled_reason, created_at, updated_at"
            + " from webhook_endpoints";

    private static final String DELIVERY = "select id, endpoint_id, event_id, event_type, lead_id, payload, status,"
            + " attempts, next_attempt_at, last_status_code, last_error, created_at, completed_at from webhook_deliveries";

    /** An endpoint as read now: an old secret whose window has passed is read as none. */
    private static Endpoint endpoint(ResultSet rs, int row) throws SQLException {
        return new Endpoint(
                        rs.getString("id"),
                        rs.getString("workspace_id"),
                        rs.getString("url"),
                        Endpoint.parseEvents(rs.getString("events")),
                        rs.getString("project_id"),
                        rs.getBoolean("enabled"),
                        rs.getString("secret"),
                        rs.getString("previous_secret"),
                        rs.getObject("previous_secret_expires_at", OffsetDateTime.class),
                        rs.getString("disabled_reason"),
                        rs.getObject("created_at", OffsetDateTime.class),
                        rs.getObject("updated_at", OffsetDateTime.class))
                .at(Webhooks.now());
    }

    private static Delivery delivery(ResultSet rs, int row) throws SQLException {
        return new Delivery(
                rs.getLong("id"),
                rs.getString("endpoint_id"),
                rs.getString("event_id"),
                rs.getString("event_type"),
                rs.getString("lead_id"),
                rs.getString("payload"),
                rs.getString("status"),
                rs.getInt("attempts"),
                rs.getObject("next_attempt_at", OffsetDateTime.class),
                rs.getObject("last_status_code", Integer.class),
                rs.getString("last_error"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("completed_at", OffsetDateTime.class));
    }
}
