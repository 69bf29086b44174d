package io.leadline.lead;

import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.stereotype.Service;

/** Counts of new leads, for usage against the plan and the overview chart. Times are UTC. */
@Service
public class LeadStats {

    private final LeadRepository leads;

    LeadStats(LeadRepository leads) {
        this.leads = leads;
    }

    /** Leads a project of the workspace brought in {@code [from, to)}. */
    public long createdForProject(String workspaceId, String projectId, OffsetDateTime from, OffsetDateTime to) {
        return leads.countCreatedForProject(workspaceId, projectId, from, to);
    }

    /** New leads per UTC day and channel in {@code [from, to)}; days without leads are absent. */
    public List<DailyCount> daily(String workspaceId, OffsetDateTime from, OffsetDateTime to) {
        return leads.dailyCounts(workspaceId, from, to);
    }
}
