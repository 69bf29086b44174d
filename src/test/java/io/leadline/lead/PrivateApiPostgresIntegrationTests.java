package io.leadline.lead;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testing.OnPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@OnPostgres
class PrivateApiPostgresIntegrationTests extends PrivateApiContract {

    @Override
    String vendor() {
        return "postgresql";
    }

    /**
     * V45: the insert that overflows a GIN index's pending list moves all of it into the index, so
     * the list's limit bounds the work one batch of creates can be handed. (Needs pg_trgm, which
     * PostgreSQL ships; V42 skips the indexes where it cannot be created.)
     */
    @Test
    void trigramIndexesKeepTheirPendingListsSmall() {
        assertThat(jdbc.sql("""
                        select relname || ': ' || coalesce(array_to_string(reloptions, ','), 'no options')
                        from pg_class where relname in ('leads_search_trgm_idx', 'leads_phone_trgm_idx')
                        order by relname""").query(String.class).list())
                .containsExactly(
                        "leads_phone_trgm_idx: gin_pending_list_limit=256",
                        "leads_search_trgm_idx: gin_pending_list_limit=256");
    }

    @Autowired
    DataSource dataSource;

    /**
     * V46: the list indexes are ascending (descending ones stayed half full under a stream of new
     * leads), and every newest-first page, filtered or not and from a cursor, still reads its rows
     * in index order — backwards — without sorting. Sorts and table scans are priced out so that the
     * plan shows what the indexes can serve, not what a small test table happens to prefer.
     */
    @Test
    void newestFirstPagesReadTheAscendingListIndexesBackwards() throws SQLException {
        assertThat(jdbc.sql("""
                        select indexname || ' ' || substring(indexdef from '\\(.*\\)') from pg_indexes
                        where indexname in ('leads_recent_idx', 'leads_status_idx', 'leads_source_idx',
                            'leads_channel_idx', 'leads_project_idx', 'submissions_recent_idx')
                        order by indexname""").query(String.class).list())
                .containsExactly(
                        "leads_channel_idx (workspace_id, channel, created_at, id)",
                        "leads_project_idx (workspace_id, project_id, created_at, id)",
                        "leads_recent_idx (workspace_id, created_at, id)",
                        "leads_source_idx (workspace_id, source_key, created_at, id)",
                        "leads_status_idx (workspace_id, status, created_at, id)",
                        "submissions_recent_idx (workspace_id, received_at, id)");
        List<String> filters = List.of(
                "",
                " and l.status = 'NEW'",
                " and l.source_key = 'website'",
                " and l.channel = 'API'",
                " and l.project_id = 'prj_x'",
                " and l.created_at <= now() and (l.created_at < now() or l.id < 1000)");
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            st.execute("set enable_seqscan = off");
            st.execute("set enable_bitmapscan = off");
            st.execute("set enable_sort = off");
            try {
                for (String filter : filters) {
                    StringBuilder plan = new StringBuilder();
                    try (ResultSet rs = st.executeQuery("explain select l.id from leads l where l.workspace_id = 'ws_x'"
                            + filter + " order by l.created_at desc, l.id desc limit 50")) {
                        while (rs.next()) {
                            plan.append(rs.getString(1)).append('\n');
                        }
                    }
                    assertThat(plan.toString())
                            .as(filter)
                            .contains("Scan Backward using leads_")
                            .doesNotContain("Sort");
                }
            } finally {
                st.execute("reset all");
            }
        }
    }
}
