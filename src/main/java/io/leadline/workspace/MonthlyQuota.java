package io.leadline.workspace;

import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The plan's monthly lead quota as a client sees it: limit, new leads left this month and when the
 * month turns (UTC). Read after the fact, for the {@code RateLimit} headers of capture answers; the
 * limit itself is enforced by {@link MonthlyUsage}.
 */
@Component
public class MonthlyQuota {

    /**
     * @param limit new leads the plan allows a month
     * @param remaining new leads left this month
     * @param windowSeconds length of this month in seconds
     * @param resetSeconds seconds until the month turns and the quota is whole again
     */
    public record Quota(int limit, int remaining, long windowSeconds, long resetSeconds) {}

    private final JdbcClient jdbc;

    MonthlyQuota(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The workspace's quota now; empty when its plan is unlimited (or it does not exist). */
    public Optional<Quota> of(String workspaceId, OffsetDateTime now) {
        String month = MonthlyUsage.month(now);
        record Row(Integer limit, int used) {}
        return jdbc.sql("""
                        select w.monthly_lead_limit as lim, coalesce(u.lead_count, 0) as used
                          from workspaces w
                          left join workspace_usage u on u.workspace_id = w.id and u.year_month = ?
                         where w.id = ?
                        """)
                .params(month, workspaceId)
                .query((rs, n) -> new Row((Integer) rs.getObject("lim"), rs.getInt("used")))
                .optional()
                .filter(row -> row.limit() != null)
                .map(row -> new Quota(
                        row.limit(),
                        Math.max(0, row.limit() - row.used()),
                        YearMonth.parse(month).lengthOfMonth() * 86_400L,
                        MonthlyUsage.secondsUntilNextMonth(now.withOffsetSameInstant(ZoneOffset.UTC))));
    }
}
