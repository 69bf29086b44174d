package io.leadline.lead;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/** Counts of new leads, for usage against the plan and the overview chart. Times are UTC. */
@Service
public class LeadStats {

    /**
     * How long the counts of days that are over stay cached. They change only when a lead of such a
     * day is deleted, which the chart then shows this much later at most.
     */
    static final Duration PAST_DAYS_KEPT = Duration.ofMinutes(10);

    private final LeadRepository leads;

    /** The counts of {@code [from, start of today)} per workspace: counting them is the chart's cost. */
    private final Cache<PastDays, List<DailyCount>> pastDays = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(PAST_DAYS_KEPT)
            .build();

    private record PastDays(String workspaceId, OffsetDateTime from, OffsetDateTime to) {}

    LeadStats(LeadRepository leads) {
        this.leads = leads;
    }

    /** Leads a project of the workspace brought in {@code [from, to)}. */
    public long createdForProject(String workspaceId, String projectId, OffsetDateTime from, OffsetDateTime to) {
        return leads.countCreatedForProject(workspaceId, projectId, from, to);
    }

    /**
     * New leads per UTC day and channel in {@code [from, to)}; days without leads are absent. Today's
     * leads are counted on every call; the days before today once per {@link #PAST_DAYS_KEPT} (at a
     * million leads in a month, counting all of them took half a second per overview).
     */
    public List<DailyCount> daily(String workspaceId, OffsetDateTime from, OffsetDateTime to) {
        OffsetDateTime today =
                OffsetDateTime.now(ZoneOffset.UTC).toLocalDate().atStartOfDay().atOffset(ZoneOffset.UTC);
        if (!from.isBefore(today) || !to.isAfter(today)) {
            return leads.dailyCounts(workspaceId, from, to);
        }
        List<DailyCount> out = new ArrayList<>(pastDays.get(
                new PastDays(workspaceId, from, today), k -> leads.dailyCounts(k.workspaceId(), k.from(), k.to())));
        out.addAll(leads.dailyCounts(workspaceId, today, to));
        return out;
    }
}
