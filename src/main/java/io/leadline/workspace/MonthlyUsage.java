package io.leadline.workspace;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * New leads per workspace and calendar month (UTC), counted against the plan's monthly limit. The
 * count lives in one row per workspace and month ({@code workspace_usage}); a conditional update of
 * that row in the transaction that inserts the lead makes the limit exact across threads and
 * instances, and a rolled-back insert gives its unit back. Counting happens for unlimited workspaces
 * too, so usage is known for dashboards. The counter never goes down: deleting a lead does not
 * return it to the allowance.
 *
 * <p>Capture paths take this row first and lead rows after, so the row serialises their matching by
 * email and phone within a workspace. Private-API creates insert first and take the row last (dedup
 * there is the unique constraints' job), so their batches overlap; should one of them meet a capture
 * on the same email at the same moment, PostgreSQL breaks the deadlock and the loser is retried on
 * its own.
 */
@Component
public class MonthlyUsage {

    private final JdbcClient jdbc;

    MonthlyUsage(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Counts one new lead; throws {@link PlanLimitReached} (with Retry-After until the month turns)
     * when the workspace's monthly limit is used up. Must run in the transaction that creates the lead.
     */
    public void countNewLead(String workspaceId, OffsetDateTime now) {
        String month = month(now);
        int counted = countOne(workspaceId, month);
        if (counted == 0) {
            // The month's first lead (no row yet), or the limit: the row decides the second time.
            ensure(workspaceId, month);
            counted = countOne(workspaceId, month);
        }
        if (counted == 0) {
            throw new PlanLimitReached(secondsUntilNextMonth(now));
        }
    }

    private int countOne(String workspaceId, String month) {
        return countIfAllowed(workspaceId, month, 1);
    }

    /**
     * Counts {@code n} new leads if the plan allows all of them, in one statement that locks the row
     * until the transaction ends: a batch's usual case, without a separate lock. False when the month
     * has no row yet or the plan allows fewer; the caller then takes {@link #lockAllowance}'s exact path
     * (keep what it allows, {@link #countNewLeads}). The condition is checked again on the newest row
     * when a concurrent transaction changed it, so the count never passes the limit.
     */
    public boolean countNewLeadsIfAllowed(String workspaceId, OffsetDateTime now, int n) {
        return n == 0 || countIfAllowed(workspaceId, month(now), n) > 0;
    }

    private int countIfAllowed(String workspaceId, String month, int n) {
        return jdbc.sql("""
                        update workspace_usage set lead_count = lead_count + ?
                         where workspace_id = ? and year_month = ?
                           and lead_count <= coalesce(
                               (select w.monthly_lead_limit from workspaces w where w.id = ?), 2147483647) - ?
                        """).params(n, workspaceId, month, workspaceId, n).update();
    }

    /**
     * How many new leads the plan still allows this month ({@link Integer#MAX_VALUE} without a limit),
     * read without a lock: what a capture batch decides with, before {@link #countNewLeadsIfStillAllowed}
     * checks it exactly at the end.
     */
    public int allowance(String workspaceId, OffsetDateTime now) {
        return jdbc.sql("""
                        select coalesce(w.monthly_lead_limit, 2147483647) - coalesce(
                               (select u.lead_count from workspace_usage u
                                 where u.workspace_id = w.id and u.year_month = ?), 0)
                          from workspaces w where w.id = ?
                        """)
                .params(month(now), workspaceId)
                .query(Integer.class)
                .optional()
                .orElse(0);
    }

    /**
     * Counts {@code n} new leads if the plan allows all of them, as {@link #countNewLeadsIfAllowed},
     * creating the month's row first when it has none; false when the plan no longer allows them all.
     */
    public boolean countNewLeadsIfStillAllowed(String workspaceId, OffsetDateTime now, int n) {
        if (countNewLeadsIfAllowed(workspaceId, now, n)) {
            return true;
        }
        ensure(workspaceId, month(now));
        return countNewLeadsIfAllowed(workspaceId, now, n);
    }

    /**
     * Locks the workspace's row of the current month until the transaction ends, and answers how many new
     * leads the plan still allows this month ({@link Integer#MAX_VALUE} without a limit). A batch
     * then counts the leads it keeps with one {@link #countNewLeads}, in the same transaction.
     */
    public int lockAllowance(String workspaceId, OffsetDateTime now) {
        String month = month(now);
        // The row exists after the month's first lead: one round trip then, two only the first time.
        Optional<Integer> allowance = allowance(workspaceId, month);
        if (allowance.isPresent()) {
            return allowance.get();
        }
        ensure(workspaceId, month);
        return allowance(workspaceId, month).orElseThrow();
    }

    private Optional<Integer> allowance(String workspaceId, String month) {
        return jdbc.sql("""
                        select coalesce((select w.monthly_lead_limit from workspaces w where w.id = ?), 2147483647)
                               - lead_count
                          from workspace_usage where workspace_id = ? and year_month = ? for update
                        """)
                .params(workspaceId, workspaceId, month)
                .query(Integer.class)
                .optional();
    }

    /**
     * Counts {@code n} new leads that {@link #lockAllowance} allowed, in the same transaction: one
     * update of the row for a whole batch.
     */
    public void countNewLeads(String workspaceId, OffsetDateTime now, int n) {
        if (n > 0) {
            jdbc.sql("update workspace_usage set lead_count = lead_count + ? where workspace_id = ? and year_month = ?")
                    .params(n, workspaceId, month(now))
                    .update();
        }
    }

    /** The refusal for a new lead over the plan (Retry-After: until the month turns, UTC). */
    public static PlanLimitReached limitReached(OffsetDateTime now) {
        return new PlanLimitReached(secondsUntilNextMonth(now));
    }

    /** New leads counted for the workspace in that month. */
    public int newLeads(String workspaceId, YearMonth month) {
        return jdbc.sql("select lead_count from workspace_usage where workspace_id = ? and year_month = ?")
                .params(workspaceId, month.toString())
                .query(Integer.class)
                .optional()
                .orElse(0);
    }

    /** New leads counted per workspace in that month, for the instance admin's overview. */
    public java.util.Map<String, Long> newLeadsByWorkspace(YearMonth month, java.util.Collection<String> workspaceIds) {
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        if (workspaceIds.isEmpty()) {
            return out;
        }
        jdbc.sql("select workspace_id, lead_count from workspace_usage where year_month = :month"
                        + " and workspace_id in (:ids)")
                .param("month", month.toString())
                .param("ids", workspaceIds)
                .query((rs, row) -> out.put(rs.getString("workspace_id"), rs.getLong("lead_count")))
                .list();
        return out;
    }

    private void ensure(String workspaceId, String month) {
        // ON CONFLICT DO NOTHING (PostgreSQL, and H2 in PostgreSQL mode) leaves the transaction usable
        // when a concurrent request created the row first.
        jdbc.sql("insert into workspace_usage (workspace_id, year_month, lead_count) values (?, ?, 0)"
                        + " on conflict do nothing")
                .params(workspaceId, month)
                .update();
    }

    static String month(OffsetDateTime now) {
        return YearMonth.from(now.withOffsetSameInstant(ZoneOffset.UTC)).toString();
    }

    static long secondsUntilNextMonth(OffsetDateTime now) {
        OffsetDateTime utc = now.withOffsetSameInstant(ZoneOffset.UTC);
        OffsetDateTime next =
                YearMonth.from(utc).plusMonths(1).atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        return Math.max(1, (Duration.between(utc, next).toMillis() + 999) / 1000);
    }
}
