package io.leadline.capture;

import io.leadline.workspace.Project;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which sites a project's key was refused for (not on its allowlist), counted per host: what a
 * person setting up a form needs when "the leads don't arrive". Recording is best effort — it never
 * changes the 403 — and keeps the {@value #HOSTS_KEPT} most recently refused hosts per project
 * (anyone can send a request with a made-up Origin: a flood of them pushes out the oldest, never
 * the site refused a moment ago).
 */
@Component
public class CaptureRefusals {

    private static final Logger log = LoggerFactory.getLogger(CaptureRefusals.class);
    static final int HOSTS_KEPT = 20;

    /** A host refused for a project: how often, first and last time. */
    public record Refusal(String host, long refusals, OffsetDateTime firstAt, OffsetDateTime lastAt) {}

    private final JdbcClient jdbc;

    CaptureRefusals(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Counts one refusal of {@code host} (null: an Origin without a host) for the project. */
    void record(String projectId, String host, OffsetDateTime at) {
        String key = host == null ? "" : host.length() > 255 ? host.substring(0, 255) : host;
        try {
            int counted = jdbc.sql("update capture_refusals set refusals = refusals + 1, last_at = ?"
                            + " where project_id = ? and host = ?")
                    .params(at, projectId, key)
                    .update();
            if (counted == 0) {
                int kept = jdbc.sql("select count(*) from capture_refusals where project_id = ?")
                        .param(projectId)
                        .query(Integer.class)
                        .single();
                if (kept >= HOSTS_KEPT) {
                    jdbc.sql("""
                                    delete from capture_refusals where project_id = ? and host in (
                                      select host from capture_refusals where project_id = ?
                                       order by last_at, host limit ?)""")
                            .params(projectId, projectId, kept - HOSTS_KEPT + 1)
                            .update();
                }
                jdbc.sql("""
                                insert into capture_refusals (project_id, host, refusals, first_at, last_at)
                                values (?, ?, 1, ?, ?)
                                on conflict do nothing""").params(projectId, key, at, at).update();
            }
        } catch (DataAccessException e) {
            log.debug("Refusal of {} for project {} not recorded: {}", key, projectId, e.toString());
        }
    }

    /**
     * The project's refused hosts, most recent first, leaving out those its allowlist accepts now
     * (refused before the owner added them).
     */
    public List<Refusal> recent(Project project) {
        return jdbc
                .sql("select host, refusals, first_at, last_at from capture_refusals where project_id = ?"
                        + " order by last_at desc, host")
                .param(project.id())
                .query((rs, row) -> new Refusal(
                        rs.getString("host"),
                        rs.getLong("refusals"),
                        rs.getObject("first_at", OffsetDateTime.class),
                        rs.getObject("last_at", OffsetDateTime.class)))
                .list()
                .stream()
                .filter(r -> r.host().isEmpty() || !project.allowedDomains().allows(r.host()))
                .toList();
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
