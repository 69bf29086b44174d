package io.leadline.lead;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testing.OnPostgres;
import org.junit.jupiter.api.Test;

@OnPostgres
class PrivateApiPostgresIntegrationTests extends PrivateApiContract {

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
}
