package io.leadline.capture;

import io.leadline.platform.Dialect;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
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

    private static final String INSERT = """
            insert into submissions (workspace_id, project_id, outcome, client_ip, user_agent, origin,
                referer, request_id, payload, errors, received_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    /** PostgreSQL hands out ids ahead ({@link #reserveIds}); H2 stores first and decides after. */
    private final boolean postgres;

    SubmissionRepository(JdbcClient jdbc, JdbcTemplate template, Dialect dialect) {
        this.jdbc = jdbc;
        this.template = template;
        this.postgres = dialect.postgres();
    }

    /** Whether {@link #reserveIds} is available: then a batch is stored once, already decided. */
    boolean reservesIds() {
        return postgres;
    }

    /**
     * {@code n} new submission ids from the table's identity sequence (PostgreSQL). The sequence is
     * looked up once per statement ({@code offset 0} keeps the planner from repeating the lookup for
     * every id: 0.4 µs an id instead of 5.3).
     */
    List<Long> reserveIds(int n) {
        return jdbc.sql("""
                        select nextval(s.seq)
                        from (select pg_get_serial_sequence('submissions', 'id')::regclass as seq offset 0) s
                        cross join generate_series(1, ?)""").param(n).query(Long.class).list();
    }

    /** Stores submissions under reserved ids with their outcomes, in one statement. */
    void insertDecided(List<Received> received, List<Decision> decisions) {
        List<Object> params = new ArrayList<>(received.size() * 12);
        StringBuilder sql = new StringBuilder("insert into submissions (id, workspace_id, project_id, outcome,"
                + " lead_id, client_ip, user_agent, origin, referer, request_id, payload, received_at) values ");
        for (int i = 0; i < received.size(); i++) {
            Received s = received.get(i);
            Decision d = decisions.get(i);
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            params.addAll(java.util.Arrays.asList(
                    d.id(),
                    s.workspaceId(),
                    s.projectId(),
                    d.outcome().stored(),
                    d.leadId(),
                    s.clientIp(),
                    s.userAgent(),
                    s.origin(),
                    s.referer(),
                    s.requestId(),
                    s.payload(),
                    s.receivedAt()));
        }
        jdbc.sql(sql.toString()).params(params).update();
    }

    /** Stores the raw submission with its first outcome (and problems, as JSON); returns its id. */
    long insert(Received s, Outcome outcome, String errors) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql(INSERT)
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

    /** Stores several submissions as {@code received} in one JDBC batch; returns their ids in order. */
    List<Long> insertAll(List<Received> received) {
        KeyHolder keys = new GeneratedKeyHolder();
        template.batchUpdate(
                con -> con.prepareStatement(INSERT, new String[] {"id"}),
                new BatchPreparedStatementSetter() {
                    @Override
                    public void setValues(PreparedStatement ps, int i) throws SQLException {
                        Received s = received.get(i);
                        ps.setString(1, s.workspaceId());
                        ps.setString(2, s.projectId());
                        ps.setString(3, Outcome.RECEIVED.stored());
                        ps.setString(4, s.clientIp());
                        ps.setString(5, s.userAgent());
                        ps.setString(6, s.origin());
                        ps.setString(7, s.referer());
                        ps.setString(8, s.requestId());
                        ps.setString(9, s.payload());
                        ps.setString(10, null);
                        ps.setObject(11, s.receivedAt());
                    }

                    @Override
                    public int getBatchSize() {
                        return received.size();
                    }
                },
                keys);
        List<Long> ids = keys.getKeyList().stream()
                .map(k -> ((Number) k.get(k.containsKey("id") ? "id" : "ID")).longValue())
                .toList();
        if (ids.size() != received.size()) {
            throw new IllegalStateException("expected " + received.size() + " submission ids, got " + ids.size());
        }
        return ids;
    }

    /** One decided submission, for {@link #decideAll}. */
    record Decision(long id, Outcome outcome, Long leadId) {}

    /** Records the outcomes of several submissions of one workspace in one JDBC batch. */
    void decideAll(String workspaceId, List<Decision> decisions) {
        template.batchUpdate(
                "update submissions set outcome = ?, lead_id = ? where workspace_id = ? and id = ?",
                decisions.stream()
                        .map(d -> new Object[] {d.outcome().stored(), d.leadId(), workspaceId, d.id()})
                        .toList());
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
