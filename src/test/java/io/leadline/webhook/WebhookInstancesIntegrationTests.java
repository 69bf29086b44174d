package io.leadline.webhook;

import static io.leadline.testing.TestApi.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.LeadlineApplication;
import io.leadline.testing.PostgresDatabase;
import io.leadline.testing.Receiver;
import io.leadline.testing.TestApi;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Several application instances on one PostgreSQL database, started and stopped by the test. */
@ExtendWith(PostgresDatabase.class)
class WebhookInstancesIntegrationTests {

    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    /**
     * A database of this class's own: the JVM's shared test database may have the live worker of a
     * cached {@code @OnPostgres} context, which would send what only these instances should send.
     */
    private static String name;

    private static String database;

    @BeforeAll
    static void ownDatabase() throws SQLException {
        name = System.getProperty("leadline.test.database-name") + "_instances";
        try (Connection c = DriverManager.getConnection(ADMIN_URL)) {
            c.createStatement().execute("create database " + name);
        }
        database = "jdbc:postgresql://127.0.0.1:5432/" + name + "?user=postgres";
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN_URL)) {
            c.createStatement().execute("drop database if exists " + name + " with (force)");
        }
    }

    static ConfigurableApplicationContext start(boolean worker, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "--server.port=0",
                "--leadline.database-url=" + database,
                "--leadline.redis-url=redis://127.0.0.1:6379",
                "--leadline.admin-token=" + TestApi.ADMIN_TOKEN,
                "--leadline.data-dir=target/test-data/instances",
                "--spring.datasource.hikari.maximum-pool-size=8",
                "--leadline.webhooks.allow-private=true",
                "--leadline.webhooks.allow-http=true",
                "--leadline.webhooks.poll-interval=50ms",
                "--leadline.webhooks.batch-size=5",
                "--leadline.webhooks.worker-enabled=" + worker));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(LeadlineApplication.class).run(args.toArray(String[]::new));
    }

    /**
     * Rounds longer than the lease: each send takes 1.5 s, a lease 4 s, so a round of several sends
     * outlives the lease it started with. The sender renews it before each attempt, so the other
     * instance never takes the endpoint in the middle: every event arrives once, in order.
     */
    @Test
    void aSenderKeepsItsEndpointThroughARoundLongerThanTheLease() throws Exception {
        String[] shortLease = {"--leadline.webhooks.lease=4s", "--leadline.webhooks.request-timeout=2s"};
        try (Receiver receiver = new Receiver().delaying(Duration.ofMillis(1500));
                ConfigurableApplicationContext one = start(true, shortLease);
                ConfigurableApplicationContext two = start(true, shortLease)) {
            TestApi a = api(one);
            TestApi.Tenant tenant = a.tenant();
            expect(
                    201,
                    a.post(
                            "/api/v1/webhooks",
                            Map.of("url", receiver.url("/slow"), "events", List.of("lead.created")),
                            tenant.auth()));
            int leads = 6;
            for (int i = 0; i < leads; i++) {
                expect(201, a.post("/api/v1/leads", Map.of("firstName", "Slow", "lastName", "N" + i), tenant.auth()));
            }
            receiver.await(leads, r -> true, Duration.ofSeconds(40));
            Thread.sleep(2000);
            List<String> lastNames = receiver.requests().stream()
                    .map(r -> TestApi.JSON
                            .readTree(r.body())
                            .get("data")
                            .get("lead")
                            .get("lastName")
                            .asString())
                    .toList();
            assertThat(lastNames).containsExactly("N0", "N1", "N2", "N3", "N4", "N5");
        }
    }

    /** An instance that dies holding an endpoint's lease holds it no longer than the lease. */
    @Test
    void anEndpointLeasedByAnInstanceThatDiedIsTakenOverWhenItsLeaseRunsOut() throws Exception {
        try (Receiver receiver = new Receiver();
                ConfigurableApplicationContext live =
                        start(true, "--leadline.webhooks.lease=4s", "--leadline.webhooks.request-timeout=2s")) {
            TestApi api = api(live);
            TestApi.Tenant tenant = api.tenant();
            String endpoint = expect(
                            201,
                            api.post(
                                    "/api/v1/webhooks",
                                    Map.of("url", receiver.url("/orphan"), "events", List.of("lead.created")),
                                    tenant.auth()))
                    .text("id");
            try (var db = DriverManager.getConnection(database);
                    var lease = db.prepareStatement("update webhook_endpoints set lease_owner = 'a-dead-instance',"
                            + " lease_until = now() + interval '4 seconds' where id = ?")) {
                lease.setString(1, endpoint);
                assertThat(lease.executeUpdate()).isEqualTo(1);
            }
            long started = System.nanoTime();
            expect(201, api.post("/api/v1/leads", Map.of("firstName", "Orphan", "lastName", "Event"), tenant.auth()));
            receiver.await(1, r -> true, Duration.ofSeconds(15));
            long waited = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertThat(waited)
                    .as("held by the dead instance's lease, then taken over")
                    .isBetween(2_500L, 10_000L);
        }
    }

    static TestApi api(ConfigurableApplicationContext context) {
        return new TestApi(
                ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    @Test
    void twoInstancesNeverDeliverTheSameEventTwice() throws Exception {
        try (Receiver receiver = new Receiver();
                ConfigurableApplicationContext one = start(true);
                ConfigurableApplicationContext two = start(true)) {
            TestApi a = api(one);
            TestApi b = api(two);
            TestApi.Tenant tenant = a.tenant();
            expect(
                    201,
                    a.post(
                            "/api/v1/webhooks",
                            Map.of("url", receiver.url("/both"), "events", List.of("lead.created")),
                            tenant.auth()));
            int leads = 40;
            for (int i = 0; i < leads; i++) {
                TestApi via = i % 2 == 0 ? a : b;
                expect(201, via.post("/api/v1/leads", Map.of("firstName", "Twin", "lastName", "N" + i), tenant.auth()));
            }
            receiver.await(leads, r -> true, Duration.ofSeconds(30));
            Thread.sleep(1500);
            Map<String, Long> perEvent = receiver.requests().stream()
                    .collect(Collectors.groupingBy(r -> r.header("Leadline-Event-Id"), Collectors.counting()));
            assertThat(perEvent).hasSize(leads);
            assertThat(perEvent.values()).allMatch(n -> n == 1);
        }
    }

    @Test
    void aLeadAcknowledgedBeforeTheInstanceStoppedIsStillDelivered() throws Exception {
        try (Receiver receiver = new Receiver()) {
            String leadId;
            TestApi.Tenant tenant;
            try (ConfigurableApplicationContext dying = start(false)) {
                TestApi api = api(dying);
                tenant = api.tenant();
                expect(
                        201,
                        api.post(
                                "/api/v1/webhooks",
                                Map.of("url", receiver.url("/later"), "events", List.of("lead.created")),
                                tenant.auth()));
                leadId = expect(
                                201,
                                api.post(
                                        "/api/v1/leads",
                                        Map.of("firstName", "Survives", "lastName", "Restart"),
                                        tenant.auth()))
                        .text("id");
            }
            assertThat(receiver.requests()).isEmpty();
            try (ConfigurableApplicationContext restarted = start(true)) {
                Receiver.Request got =
                        receiver.await(1, r -> true, Duration.ofSeconds(20)).getFirst();
                assertThat(TestApi.JSON
                                .readTree(got.body())
                                .get("data")
                                .get("lead")
                                .get("id")
                                .asString())
                        .isEqualTo(leadId);
            }
        }
    }
}
