package io.leadline.capture;

import static io.leadline.capture.Capturing.body;
import static io.leadline.capture.Capturing.email;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testing.OnPostgres;
import io.leadline.testing.TestApi;
import java.util.List;
import org.junit.jupiter.api.Test;

@OnPostgres
class CaptureConcurrencyPostgresIntegrationTests extends CaptureConcurrencyContract {

    /**
     * The same person through both APIs at the same moment: one lead, and no deadlock. A capture once
     * took the usage row first and a private-API batch last, each then waiting for the other's new
     * lead row of that email; PostgreSQL broke the cycle after its deadlock_timeout (a second) and the
     * losing batch was decided again, still exactly. PostgreSQL counts every deadlock it breaks.
     */
    @Test
    void theSameEmailThroughBothApisAtOnceMakesOneLeadWithoutADeadlock() throws Exception {
        Capturing.Site site = capturing.site(null);
        long before = deadlocks();
        for (int round = 0; round < 12; round++) {
            String email = email();
            int r = round;
            List<TestApi.Answer> answers = simultaneouslyAnswered(
                    8,
                    i -> i % 2 == 0
                            ? capturing.submit(site, body("email", email, "name", "Web " + i))
                            : api.post(
                                    "/api/v1/leads",
                                    body("firstName", "Api", "lastName", "Round " + r + " " + i, "email", email),
                                    site.tenant().auth()));
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).status())
                        .as(answers.get(i).toString())
                        .isIn(i % 2 == 0 ? List.of(200, 201) : List.of(201, 409));
            }
            assertThat(jdbc.sql("select count(*) from leads where workspace_id = ? and email_key = ?")
                            .params(site.workspaceId(), email)
                            .query(Long.class)
                            .single())
                    .as("round %d", round)
                    .isEqualTo(1);
        }
        // Backends report their counts within about a second of going idle.
        Thread.sleep(1_500);
        assertThat(deadlocks() - before).isZero();
    }

    private long deadlocks() {
        jdbc.sql("select pg_stat_clear_snapshot()").query().singleRow();
        return jdbc.sql("select deadlocks from pg_stat_database where datname = current_database()")
                .query(Long.class)
                .single();
    }
}
