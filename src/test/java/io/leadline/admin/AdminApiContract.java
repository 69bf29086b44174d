package io.leadline.admin;

import static io.leadline.testing.TestApi.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testing.TestApi;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** DESIGN.md §3.5: the operator's API, over real HTTP. */
abstract class AdminApiContract {

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @org.springframework.beans.factory.annotation.Autowired
    io.leadline.workspace.Workspaces workspaces;

    TestApi api;

    @BeforeEach
    void connect() {
        api = new TestApi(port);
    }

    @Test
    void withoutTheAdminTokenEverythingIs401() {
        TestApi.Answer none = api.post("/api/admin/workspaces", Map.of("name", "X"));
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.text("code")).isEqualTo("INVALID_ADMIN_TOKEN");
        assertThat(api.post("/api/admin/workspaces", Map.of("name", "X"), "Authorization", "Bearer wrong")
                        .status())
                .isEqualTo(401);
        // Before anything else could answer: a wrong method, media type or size is still a 401 first.
        assertThat(api.send("PUT", "/api/admin/workspaces", "{}").status()).isEqualTo(401);
        assertThat(api.send("POST", "/api/admin/workspaces", "name=X", "Content-Type", "text/plain")
                        .status())
                .isEqualTo(401);
        assertThat(api.get("/api/admin/nothing-here").status()).isEqualTo(401);
    }

    @Test
    void aSecretKeyIsNotAnAdminToken() {
        TestApi.Tenant tenant = api.tenant();
        assertThat(api.post("/api/admin/workspaces", Map.of("name", "X"), "Authorization", "Bearer " + tenant.key())
                        .status())
                .isEqualTo(401);
        assertThat(api.post("/api/admin/workspaces", Map.of("name", "X"), "X-API-Key", tenant.key())
                        .status())
                .isEqualTo(401);
    }

    @Test
    void createWorkspaceAnswers201WithItsLimit() {
        TestApi.Answer answer =
                api.admin("POST", "/api/admin/workspaces", Map.of("name", "Acme", "monthlyLeadLimit", 1000));
        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.text("id")).startsWith("ws_");
        assertThat(answer.text("name")).isEqualTo("Acme");
        assertThat(answer.json().get("monthlyLeadLimit").asInt()).isEqualTo(1000);
    }

    @Test
    void createWorkspaceWithoutLimitIsUnlimited() {
        TestApi.Answer answer = api.admin("POST", "/api/admin/workspaces", Map.of("name", "Open"));
        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.json().get("monthlyLeadLimit").isNull()).isTrue();
    }

    @Test
    void createWorkspaceValidatesItsFields() {
        TestApi.Answer answer = api.admin("POST", "/api/admin/workspaces", Map.of("name", " ", "monthlyLeadLimit", -1));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("name", "monthlyLeadLimit");
        assertThat(api.admin("POST", "/api/admin/workspaces", Map.of("name", "X", "monthlyLeadLimit", "lots"))
                        .status())
                .isEqualTo(400);
        TestApi.Answer huge =
                api.admin("POST", "/api/admin/workspaces", "{\"name\":\"X\",\"monthlyLeadLimit\":9999999999}");
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.text("code")).isEqualTo("VALIDATION_FAILED");
        assertThat(huge.json().get("errors").findValuesAsString("field")).containsExactly("monthlyLeadLimit");
    }

    @Test
    void patchWorkspaceChangesAndClearsTheLimit() {
        String id = expect(201, api.admin("POST", "/api/admin/workspaces", Map.of("name", "Acme")))
                .text("id");
        TestApi.Answer raised = api.admin("PATCH", "/api/admin/workspaces/" + id, Map.of("monthlyLeadLimit", 5000));
        assertThat(raised.status()).isEqualTo(200);
        assertThat(raised.json().get("monthlyLeadLimit").asInt()).isEqualTo(5000);
        Map<String, Object> unlimited = new HashMap<>();
        unlimited.put("monthlyLeadLimit", null);
        TestApi.Answer cleared = api.admin("PATCH", "/api/admin/workspaces/" + id, unlimited);
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(cleared.json().get("monthlyLeadLimit").isNull()).isTrue();
        assertThat(api.admin("PATCH", "/api/admin/workspaces/" + id, Map.of()).status())
                .isEqualTo(400);
        assertThat(api.admin("PATCH", "/api/admin/workspaces/ws_missing", Map.of("monthlyLeadLimit", 1))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aFieldGivenTwiceOrBytesThatAreNotUtf8Are400InvalidJson() {
        String id = expect(201, api.admin("POST", "/api/admin/workspaces", Map.of("name", "Acme")))
                .text("id");
        TestApi.Answer twice =
                api.admin("PATCH", "/api/admin/workspaces/" + id, "{\"monthlyLeadLimit\":5,\"monthlyLeadLimit\":null}");
        assertThat(twice.status()).as(twice.toString()).isEqualTo(400);
        assertThat(twice.text("code")).isEqualTo("INVALID_JSON");
        assertThat(twice.text("message")).contains("the field \"monthlyLeadLimit\" appears more than once");
        byte[] overlong = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC1, (byte) 0xBF, '"', '}'};
        TestApi.Answer bytes = api.sendBytes(
                "POST",
                "/api/admin/workspaces",
                overlong,
                "Content-Type",
                "application/json",
                "Authorization",
                "Bearer " + TestApi.ADMIN_TOKEN);
        assertThat(bytes.status()).as(bytes.toString()).isEqualTo(400);
        assertThat(bytes.text("code")).isEqualTo("INVALID_JSON");
        assertThat(api.admin("GET", "/api/admin/workspaces/" + id, null)
                        .json()
                        .get("monthlyLeadLimit")
                        .isNull())
                .isTrue();
    }

    @Test
    void workspacesArePagedNewestFirstAndFoundByName() {
        String tag = "Listed" + System.nanoTime();
        List<String> made = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            made.add(expect(201, api.admin("POST", "/api/admin/workspaces", Map.of("name", tag + " " + i)))
                    .text("id"));
        }
        JsonNode first = expect(200, api.admin("GET", "/api/admin/workspaces?limit=2&q=" + tag.toLowerCase(), null))
                .json();
        assertThat(first.get("data").findValuesAsString("id")).containsExactly(made.get(2), made.get(1));
        String cursor = first.get("nextCursor").asString();
        JsonNode second = expect(
                        200, api.admin("GET", "/api/admin/workspaces?limit=2&q=" + tag + "&cursor=" + cursor, null))
                .json();
        assertThat(second.get("data").findValuesAsString("id")).containsExactly(made.get(0));
        assertThat(second.get("nextCursor").isNull()).isTrue();

        TestApi.Answer tooMany = api.admin("GET", "/api/admin/workspaces?limit=201", null);
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().get("errors").get(0).get("field").asString()).isEqualTo("limit");
        TestApi.Answer forged = api.admin("GET", "/api/admin/workspaces?cursor=bm90IGEgY3Vyc29y", null);
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.json().get("errors").get(0).get("field").asString()).isEqualTo("cursor");
    }

    /**
     * What a workspace holds at most (WorkspaceLimit): the last one allowed is created, the next is a
     * 409 LIMIT_REACHED naming the limit; a revoked key or a deleted project makes room again; and the
     * last free place goes to exactly one of many simultaneous requests.
     */
    @Test
    void aWorkspaceHoldsBoundedNumbersOfTagsProjectsKeysAndWebhooks() throws Exception {
        TestApi.Tenant tenant = api.tenant();
        String ws = "/api/admin/workspaces/" + tenant.workspaceId();
        java.util.function.BiConsumer<String, Integer> fill = (table, rows) -> {
            for (int i = 0; i < rows; i++) {
                String id = "fill" + System.nanoTime();
                switch (table) {
                    case "tags" ->
                        jdbc.sql("insert into tags (id, workspace_id, name, name_key, created_at)"
                                        + " values (?, ?, ?, ?, current_timestamp)")
                                .params(id, tenant.workspaceId(), id, id)
                                .update();
                    case "webhook_endpoints" ->
                        jdbc.sql("insert into webhook_endpoints (id, workspace_id, url, events, enabled, secret,"
                                        + " created_at, updated_at) values (?, ?, 'https://93.184.216.34/h',"
                                        + " ',lead.created,', false, 's', current_timestamp, current_timestamp)")
                                .params(id, tenant.workspaceId())
                                .update();
                    default -> throw new IllegalArgumentException(table);
                }
            }
        };
        java.util.function.Consumer<TestApi.Answer> limitReached = answer -> {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(409);
            assertThat(answer.text("code")).isEqualTo("LIMIT_REACHED");
            assertThat(answer.text("message")).startsWith("A workspace holds at most ");
        };

        // Tags: 499 there, the 500th on a race of ten: exactly one gets it.
        fill.accept("tags", io.leadline.workspace.WorkspaceLimit.TAGS.max() - 1);
        List<TestApi.Answer> race = new java.util.ArrayList<>();
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<TestApi.Answer>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                futures.add(threads.submit(() -> {
                    go.await();
                    return api.admin("POST", ws + "/tags", Map.of("name", "Race " + n));
                }));
            }
            go.countDown();
            for (var f : futures) {
                race.add(f.get());
            }
        }
        assertThat(race.stream().filter(a -> a.status() == 201)).hasSize(1);
        race.stream().filter(a -> a.status() != 201).forEach(limitReached);
        assertThat(jdbc.sql("select count(*) from tags where workspace_id = ?")
                        .param(tenant.workspaceId())
                        .query(Integer.class)
                        .single())
                .isEqualTo(io.leadline.workspace.WorkspaceLimit.TAGS.max());

        // Projects: a deleted one does not count.
        for (int i = 0; i < io.leadline.workspace.WorkspaceLimit.PROJECTS.max(); i++) {
            expect(201, api.admin("POST", ws + "/projects", Map.of("name", "Site " + i)));
        }
        limitReached.accept(api.admin("POST", ws + "/projects", Map.of("name", "One more")));
        String project = jdbc.sql("select id from projects where workspace_id = ? order by created_at limit 1")
                .param(tenant.workspaceId())
                .query(String.class)
                .single();
        expect(204, api.admin("DELETE", "/api/admin/projects/" + project, null));
        expect(201, api.admin("POST", ws + "/projects", Map.of("name", "One more")));

        // Secret keys: the tenant has one; a revoked one does not count.
        for (int i = 1; i < io.leadline.workspace.WorkspaceLimit.SECRET_KEYS.max(); i++) {
            expect(
                    201,
                    api.admin("POST", "/api/admin/users/" + tenant.userId() + "/api-keys", Map.of("name", "k" + i)));
        }
        limitReached.accept(
                api.admin("POST", "/api/admin/users/" + tenant.userId() + "/api-keys", Map.of("name", "one more")));
        expect(204, api.admin("DELETE", "/api/admin/api-keys/" + tenant.keyId(), null));
        String newest = expect(
                        201,
                        api.admin("POST", "/api/admin/users/" + tenant.userId() + "/api-keys", Map.of("name", "again")))
                .text("key");

        // Webhook endpoints, through the private API.
        fill.accept("webhook_endpoints", io.leadline.workspace.WorkspaceLimit.WEBHOOK_ENDPOINTS.max());
        limitReached.accept(api.post(
                "/api/v1/webhooks",
                Map.of("url", "https://93.184.216.34/hook", "events", List.of("lead.created")),
                "X-API-Key",
                newest));
    }

    @Test
    void createUserAnswers201WithoutThePassword() {
        String ws = expect(201, api.admin("POST", "/api/admin/workspaces", Map.of("name", "Acme")))
                .text("id");
        TestApi.Answer user = api.admin(
                "POST",
                "/api/admin/workspaces/" + ws + "/users",
                Map.of("email", "sam@acme.com", "name", "Sam", "password", "long enough pw", "role", "admin"));
        assertThat(user.status()).isEqualTo(201);
        assertThat(user.text("id")).startsWith("usr_");
        assertThat(user.text("email")).isEqualTo("sam@acme.com");
        assertThat(user.text("name")).isEqualTo("Sam");
        assertThat(user.text("role")).isEqualTo("admin");
        assertThat(user.body()).doesNotContain("long enough pw").doesNotContain("password");
        TestApi.Answer taken = api.admin(
                "POST",
                "/api/admin/workspaces/" + ws + "/users",
                Map.of("email", "SAM@acme.com", "name", "Sam 2", "password", "long enough pw", "role", "member"));
        assertThat(taken.status()).isEqualTo(409);
    }

    @Test
    void createUserValidatesEmailPasswordRoleAndWorkspace() {
        String ws = expect(201, api.admin("POST", "/api/admin/workspaces", Map.of("name", "Acme")))
                .text("id");
        TestApi.Answer bad = api.admin(
                "POST",
                "/api/admin/workspaces/" + ws + "/users",
                Map.of("email", "nope", "name", "Sam", "password", "short", "role", "king"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("email", "password", "role");
        // One password rule with the dashboard: at least 10 characters (9 is refused, 10 accepted).
        TestApi.Answer nine = api.admin(
                "POST",
                "/api/admin/workspaces/" + ws + "/users",
                Map.of("email", "nine@acme.com", "name", "Sam", "password", "123456789", "role", "member"));
        assertThat(nine.status()).as(nine.toString()).isEqualTo(400);
        assertThat(nine.json().get("errors").findValuesAsString("field")).containsOnly("password");
        expect(
                201,
                api.admin(
                        "POST",
                        "/api/admin/workspaces/" + ws + "/users",
                        Map.of("email", "ten@acme.com", "name", "Sam", "password", "1234567890", "role", "member")));
        // BCrypt hashes at most 72 bytes: longer passwords are refused, counted in characters and in bytes.
        for (String tooLong : List.of("p".repeat(73), "é".repeat(50))) {
            TestApi.Answer refused = api.admin(
                    "POST",
                    "/api/admin/workspaces/" + ws + "/users",
                    Map.of("email", "long-pw@acme.com", "name", "Sam", "password", tooLong, "role", "member"));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.json().get("errors").findValuesAsString("field")).containsOnly("password");
        }
        assertThat(expect(
                                201,
                                api.admin(
                                        "POST",
                                        "/api/admin/workspaces/" + ws + "/users",
                                        Map.of(
                                                "email",
                                                "long-pw-" + System.nanoTime() + "@acme.com",
                                                "name",
                                                "Sam",
                                                "password",
                                                "p".repeat(72),
                                                "role",
                                                "member")))
                        .text("role"))
                .isEqualTo("member");
        assertThat(api.admin(
                                "POST",
                                "/api/admin/workspaces/ws_missing/users",
                                Map.of("email", "a@b.co", "name", "A", "password", "long enough", "role", "owner"))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aMemberHoldsNoSecretKeysAnOwnerOrAdminDoes() {
        TestApi.Tenant tenant = api.tenant();
        String member = api.person(tenant.workspaceId(), "Sam Member", "member");
        TestApi.Answer refused =
                api.admin("POST", "/api/admin/users/" + member + "/api-keys", Map.of("name", "Zapier"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.text("code")).isEqualTo("MEMBER_HOLDS_NO_KEYS");
        assertThat(refused.text("message")).contains("admin or owner");
        assertThat(jdbc.sql("select count(*) from api_keys where user_id = ?")
                        .param(member)
                        .query(Integer.class)
                        .single())
                .isZero();
        expect(
                201,
                api.admin(
                        "POST",
                        "/api/admin/users/" + api.person(tenant.workspaceId(), "Sam Admin", "admin") + "/api-keys",
                        Map.of("name", "a")));
    }

    /**
     * A demotion to member and a new key for the same person at the same moment: whichever commits
     * first, the member ends up holding no working key (both take the workspace's turn).
     */
    @Test
    void aKeyIssuedWhileItsHolderIsDemotedDoesNotOutliveTheDemotion() throws Exception {
        TestApi.Tenant tenant = api.tenant();
        for (int round = 0; round < 8; round++) {
            String admin = api.person(tenant.workspaceId(), "Sam Admin", "admin");
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
                var key = pool.submit(() -> {
                    start.await();
                    return api.admin("POST", "/api/admin/users/" + admin + "/api-keys", Map.of("name", "race"));
                });
                var demotion = pool.submit(() -> {
                    start.await();
                    return workspaces.changeRole(
                            tenant.workspaceId(), tenant.userId(), admin, io.leadline.workspace.Role.MEMBER);
                });
                demotion.get();
                TestApi.Answer answer = key.get();
                assertThat(answer.status()).as(answer.toString()).isIn(201, 409);
                if (answer.status() == 201) {
                    assertThat(api.get("/api/v1/leads", "X-API-Key", answer.text("key"))
                                    .status())
                            .isEqualTo(401);
                }
            }
            assertThat(jdbc.sql("select count(*) from api_keys where user_id = ? and revoked_at is null")
                            .param(admin)
                            .query(Integer.class)
                            .single())
                    .as("round " + round)
                    .isZero();
        }
    }

    @Test
    void createKeyShowsTheKeyOnceAndTheDefaultLimit() {
        TestApi.Tenant tenant = api.tenant();
        TestApi.Answer key =
                api.admin("POST", "/api/admin/users/" + tenant.userId() + "/api-keys", Map.of("name", "Zapier"));
        assertThat(key.status()).isEqualTo(201);
        assertThat(key.text("key")).startsWith("ll_sk_").hasSizeGreaterThanOrEqualTo(6 + 32);
        assertThat(key.text("name")).isEqualTo("Zapier");
        assertThat(key.json().get("rateLimitPerMinute").asInt()).isEqualTo(200);
        TestApi.Answer patched =
                api.admin("PATCH", "/api/admin/api-keys/" + key.text("id"), Map.of("rateLimitPerMinute", 1000));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("rateLimitPerMinute").asInt()).isEqualTo(1000);
        assertThat(patched.json().get("key").isNull()).isTrue();
        assertThat(api.admin("POST", "/api/admin/users/usr_missing/api-keys", Map.of("name", "x"))
                        .status())
                .isEqualTo(404);

        // A revoked key's limit means nothing any more: changing it is refused, not silently done.
        api.admin("DELETE", "/api/admin/api-keys/" + key.text("id"), null);
        TestApi.Answer revoked =
                api.admin("PATCH", "/api/admin/api-keys/" + key.text("id"), Map.of("rateLimitPerMinute", 10));
        assertThat(revoked.status()).isEqualTo(409);
        assertThat(revoked.text("code")).isEqualTo("KEY_REVOKED");
        TestApi.Answer fraction =
                api.admin("PATCH", "/api/admin/api-keys/" + tenant.keyId(), Map.of("rateLimitPerMinute", 10.5));
        assertThat(fraction.status()).isEqualTo(400);
        assertThat(fraction.json().get("errors").get(0).get("message").asString())
                .isEqualTo("must be a whole number");
    }

    @Test
    void operatorsLookUpWorkspacesWithTheirUsersKeysAndProjects() {
        TestApi.Tenant tenant = api.tenant(500);
        expect(201, api.post("/api/v1/leads", Map.of("firstName", "Used", "lastName", "One"), tenant.auth()));
        String projectId = expect(
                        201,
                        api.admin(
                                "POST",
                                "/api/admin/workspaces/" + tenant.workspaceId() + "/projects",
                                Map.of("name", "Website")))
                .text("id");

        TestApi.Answer all = expect(200, api.admin("GET", "/api/admin/workspaces?q=" + tenant.workspaceId(), null));
        JsonNode listed = null;
        for (JsonNode w : all.json().get("data")) {
            if (w.get("id").asString().equals(tenant.workspaceId())) {
                listed = w;
            }
        }
        assertThat(listed).as("the tenant's workspace is listed").isNotNull();
        assertThat(listed.get("monthlyLeadLimit").asInt()).isEqualTo(500);
        assertThat(listed.get("newLeadsThisMonth").asLong()).isEqualTo(1);

        TestApi.Answer one = expect(200, api.admin("GET", "/api/admin/workspaces/" + tenant.workspaceId(), null));
        assertThat(one.json().get("users").findValuesAsString("id")).contains(tenant.userId());
        assertThat(one.json().get("apiKeys").findValuesAsString("id")).contains(tenant.keyId());
        assertThat(one.json().get("apiKeys").get(0).get("key").isNull())
                .as("a secret key is never shown again")
                .isTrue();
        assertThat(one.json().get("projects").findValuesAsString("id")).containsExactly(projectId);
        assertThat(api.admin("GET", "/api/admin/workspaces/ws_missing", null).status())
                .isEqualTo(404);
        assertThat(api.get("/api/admin/workspaces").status()).isEqualTo(401);
    }

    @Test
    void raisedRateLimitAppliesToTheNextRequest() {
        TestApi.Tenant tenant = api.tenant();
        expect(200, api.admin("PATCH", "/api/admin/api-keys/" + tenant.keyId(), Map.of("rateLimitPerMinute", 777)));
        assertThat(api.get("/api/v1/leads", tenant.auth()).header("X-RateLimit-Limit"))
                .isEqualTo("777");
    }

    @Test
    void patchKeyValidatesTheLimit() {
        TestApi.Tenant tenant = api.tenant();
        assertThat(api.admin("PATCH", "/api/admin/api-keys/" + tenant.keyId(), Map.of("rateLimitPerMinute", 0))
                        .status())
                .isEqualTo(400);
        assertThat(api.admin("PATCH", "/api/admin/api-keys/key_missing", Map.of("rateLimitPerMinute", 10))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void deleteKeyRevokesIt() {
        TestApi.Tenant tenant = api.tenant();
        assertThat(api.admin("DELETE", "/api/admin/api-keys/" + tenant.keyId(), null)
                        .status())
                .isEqualTo(204);
        assertThat(api.get("/api/v1/leads", tenant.auth()).status()).isEqualTo(401);
        assertThat(api.admin("DELETE", "/api/admin/api-keys/key_missing", null).status())
                .isEqualTo(404);
    }

    @Test
    void createProjectAnswersItsKeyAllowlistAndWhatsAppSettings() {
        TestApi.Tenant tenant = api.tenant();
        TestApi.Answer project = api.admin(
                "POST",
                "/api/admin/workspaces/" + tenant.workspaceId() + "/projects",
                Map.of("name", "Website", "allowedDomains", List.of("Acme.com", "*.acme.com")));
        assertThat(project.status()).isEqualTo(201);
        assertThat(project.text("id")).startsWith("prj_");
        assertThat(project.text("apiKey")).startsWith("ll_pk_").hasSizeGreaterThanOrEqualTo(6 + 24);
        assertThat(project.json().get("allowedDomains").valueStream().map(n -> n.asString()))
                .containsExactly("acme.com", "*.acme.com");
        assertThat(project.json().get("whatsapp").get("webhookUrl").asString())
                .endsWith("/api/whatsapp/webhook?api_key=" + project.text("apiKey"));
        assertThat(project.json().get("whatsapp").get("verifyToken").asString()).hasSizeGreaterThanOrEqualTo(24);
    }

    @Test
    void createProjectRefusesInvalidDomains() {
        TestApi.Tenant tenant = api.tenant();
        TestApi.Answer bad = api.admin(
                "POST",
                "/api/admin/workspaces/" + tenant.workspaceId() + "/projects",
                Map.of("name", "Website", "allowedDomains", List.of("acme_corp.com")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsString("field")).containsExactly("allowedDomains");
    }

    @Test
    void anOperatorHandsTheInstanceAdminRoleOn() {
        TestApi.Tenant tenant = api.tenant();
        TestApi.Answer granted =
                api.admin("PATCH", "/api/admin/users/" + tenant.userId(), Map.of("instanceAdmin", true));
        assertThat(granted.status()).isEqualTo(200);
        assertThat(granted.json().get("instanceAdmin").asBoolean()).isTrue();
        TestApi.Answer taken =
                api.admin("PATCH", "/api/admin/users/" + tenant.userId(), Map.of("instanceAdmin", false));
        assertThat(taken.json().get("instanceAdmin").asBoolean()).isFalse();
        assertThat(api.admin("PATCH", "/api/admin/users/" + tenant.userId(), Map.of("instanceAdmin", "yes"))
                        .status())
                .isEqualTo(400);
        assertThat(api.admin("PATCH", "/api/admin/users/usr_missing", Map.of("instanceAdmin", true))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void patchProjectRenamesIt() {
        TestApi.Tenant tenant = api.tenant();
        String id = expect(
                        201,
                        api.admin(
                                "POST",
                                "/api/admin/workspaces/" + tenant.workspaceId() + "/projects",
                                Map.of("name", "Website")))
                .text("id");
        TestApi.Answer renamed = api.admin("PATCH", "/api/admin/projects/" + id, Map.of("name", " Shop "));
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.text("name")).isEqualTo("Shop");
        assertThat(api.admin("PATCH", "/api/admin/projects/" + id, Map.of("name", " "))
                        .status())
                .isEqualTo(400);
        // What PostgreSQL cannot store is refused by name, not a 500, and changes nothing.
        for (String field : List.of("name", "whatsappAppSecret")) {
            TestApi.Answer nul = api.admin("PATCH", "/api/admin/projects/" + id, Map.of(field, "a\u0000b"));
            assertThat(nul.status()).as(field).isEqualTo(400);
            assertThat(nul.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
            assertThat(nul.json().get("errors").get(0).get("message").asString())
                    .isEqualTo("must not contain NUL characters");
        }
        assertThat(api.admin("GET", "/api/admin/workspaces/" + tenant.workspaceId(), null)
                        .body())
                .contains("\"Shop\"");
    }

    @Test
    void patchProjectChangesAllowlistAndAppSecret() {
        TestApi.Tenant tenant = api.tenant();
        String id = expect(
                        201,
                        api.admin(
                                "POST",
                                "/api/admin/workspaces/" + tenant.workspaceId() + "/projects",
                                Map.of("name", "Website")))
                .text("id");
        TestApi.Answer patched = api.admin(
                "PATCH",
                "/api/admin/projects/" + id,
                Map.of("allowedDomains", List.of("shop.example.org"), "whatsappAppSecret", "s3cret"));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("allowedDomains").get(0).asString()).isEqualTo("shop.example.org");
        assertThat(patched.json().get("whatsapp").get("appSecretSet").asBoolean())
                .isTrue();
        assertThat(patched.body()).doesNotContain("s3cret");
        assertThat(api.admin("PATCH", "/api/admin/projects/prj_missing", Map.of("allowedDomains", List.of()))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void createTagAnswers201AndTheTagIsUsableByTheWorkspace() {
        TestApi.Tenant tenant = api.tenant();
        TestApi.Answer tag = api.admin(
                "POST",
                "/api/admin/workspaces/" + tenant.workspaceId() + "/tags",
                Map.of("name", "Enterprise", "color", "#112233"));
        assertThat(tag.status()).isEqualTo(201);
        assertThat(tag.text("name")).isEqualTo("Enterprise");
        assertThat(api.get("/api/v1/tags", tenant.auth()).json().get("data").findValuesAsString("id"))
                .containsExactly(tag.text("id"));
        assertThat(api.admin("POST", "/api/admin/workspaces/ws_missing/tags", Map.of("name", "X"))
                        .status())
                .isEqualTo(404);
    }
}
