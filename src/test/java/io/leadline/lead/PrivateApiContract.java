package io.leadline.lead;

import static io.leadline.testing.TestApi.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testing.TestApi;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** DESIGN.md §3.1 and the private API document, over real HTTP. */
abstract class PrivateApiContract {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestApi api;
    TestApi.Tenant tenant;

    @BeforeEach
    void connect() {
        api = new TestApi(port);
        tenant = api.tenant();
    }

    static Map<String, Object> jane() {
        Map<String, Object> body = new HashMap<>();
        body.put("firstName", "Jane");
        body.put("lastName", "Smith");
        body.put("email", "jane.smith@acme.com");
        body.put("phone", "+1 555-123-4567");
        body.put("company", "Acme Inc");
        body.put("website", "https://acme.com");
        body.put("source", "website");
        body.put("address", "123 Main St");
        body.put("city", "New York");
        body.put("state", "NY");
        body.put("zipcode", "10001");
        return body;
    }

    static Map<String, Object> person(String first, String last) {
        return new HashMap<>(Map.of("firstName", first, "lastName", last));
    }

    @Test
    void createAnswers201WithTheLeadAndLocation() {
        TestApi.Answer answer = api.post("/api/v1/leads", jane(), tenant.auth());
        assertThat(answer.status()).isEqualTo(201);
        JsonNode lead = answer.json();
        assertThat(lead.get("id").asString()).startsWith("ld_").hasSizeGreaterThan(20);
        assertThat(answer.header("Location"))
                .isEqualTo("/api/v1/leads/" + lead.get("id").asString());
        assertThat(lead.get("firstName").asString()).isEqualTo("Jane");
        assertThat(lead.get("lastName").asString()).isEqualTo("Smith");
        assertThat(lead.get("email").asString()).isEqualTo("jane.smith@acme.com");
        assertThat(lead.get("phone").asString()).isEqualTo("+1 555-123-4567");
        assertThat(lead.get("company").asString()).isEqualTo("Acme Inc");
        assertThat(lead.get("website").asString()).isEqualTo("https://acme.com");
        assertThat(lead.get("source").asString()).isEqualTo("website");
        assertThat(lead.get("address").asString()).isEqualTo("123 Main St");
        assertThat(lead.get("city").asString()).isEqualTo("New York");
        assertThat(lead.get("state").asString()).isEqualTo("NY");
        assertThat(lead.get("zipcode").asString()).isEqualTo("10001");
        assertThat(lead.get("status").asString()).isEqualTo("new");
        assertThat(lead.get("channel").asString()).isEqualTo("api");
        assertThat(lead.get("workspaceId").asString()).isEqualTo(tenant.workspaceId());
        assertThat(lead.get("createdBy").get("id").asString()).isEqualTo(tenant.userId());
        assertThat(lead.get("createdBy").get("name").asString()).isEqualTo("Olivia Owner");
        assertThat(lead.get("createdBy").get("email").asString()).contains("@example.com");
        assertThat(lead.get("tags").isArray()).isTrue();
        assertThat(lead.get("tags").size()).isZero();
        // UTC, always six fractional digits: a client may parse them with one fixed pattern.
        assertThat(lead.get("createdAt").asString()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");
        assertThat(lead.get("updatedAt").asString()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");
        assertThat(lead.get("number").isIntegralNumber()).isTrue();
        // The answer goes out whole, with its length, not chunked (platform.WholeResponses).
        assertThat(answer.header("Transfer-Encoding")).isNull();
        assertThat(answer.header("Content-Length"))
                .isEqualTo(String.valueOf(answer.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
    }

    @Test
    void createAcceptsTheKeyAsBearerAndInAnyHeaderCase() {
        assertThat(api.post("/api/v1/leads", person("Ann", "Bearer"), "Authorization", "Bearer " + tenant.key())
                        .status())
                .isEqualTo(201);
        assertThat(api.post("/api/v1/leads", person("Ann", "Mixedcase"), "x-api-key", tenant.key())
                        .status())
                .isEqualTo(201);
    }

    @Test
    void theSameKeyInBothHeadersIsAcceptedAndTwoDifferentKeysAre400() {
        assertThat(api.post(
                                "/api/v1/leads",
                                person("Ann", "Both"),
                                "X-API-Key",
                                tenant.key(),
                                "Authorization",
                                "Bearer " + tenant.key())
                        .status())
                .isEqualTo(201);
        TestApi.Tenant other = api.tenant();
        for (String second : List.of(other.key(), "ll_sk_" + "x".repeat(40))) {
            TestApi.Answer answer = api.post(
                    "/api/v1/leads",
                    person("Ann", "Conflict"),
                    "X-API-Key",
                    tenant.key(),
                    "Authorization",
                    "Bearer " + second);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.text("code")).isEqualTo("VALIDATION_FAILED");
            assertThat(answer.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("Authorization");
            assertThat(answer.json().get("errors").get(0).get("message").asString())
                    .isEqualTo("carries a different key than X-API-Key");
        }
        // A site's own token next to the key (a page's fetch interceptor, a gateway) is not a second key.
        assertThat(api.post(
                                "/api/v1/leads",
                                person("Ann", "Jwt"),
                                "X-API-Key",
                                tenant.key(),
                                "Authorization",
                                "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln")
                        .status())
                .isEqualTo(201);
        TestApi.Answer twice = api.get("/api/v1/leads", "X-API-Key", tenant.key(), "X-API-Key", other.key());
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.json().get("errors").get(0).get("field").asString()).isEqualTo("X-API-Key");
        assertThat(api.get("/api/v1/leads?q=Jwt", tenant.auth())
                        .json()
                        .get("data")
                        .size())
                .isEqualTo(1);
        assertThat(api.get("/api/v1/leads?q=Conflict", tenant.auth())
                        .json()
                        .get("data")
                        .size())
                .isZero();
        assertThat(api.get("/api/v1/leads", other.auth()).json().get("data").size())
                .isZero();
    }

    @Test
    void anIdempotencyKeyGivenTwiceIs400NamingItAndCreatesNothing() {
        for (String second : List.of("abc-2", "abc-1")) {
            TestApi.Answer answer = api.post(
                    "/api/v1/leads",
                    jane(),
                    concat(tenant.auth(), "Idempotency-Key", "abc-1", "Idempotency-Key", second));
            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.text("code")).isEqualTo("VALIDATION_FAILED");
            assertThat(answer.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("Idempotency-Key");
            assertThat(answer.json().get("errors").get(0).get("message").asString())
                    .isEqualTo("must be given once (it was given 2 times)");
        }
        assertThat(api.get("/api/v1/leads", tenant.auth()).json().get("data").size())
                .isZero();
        assertThat(api.post("/api/v1/leads", jane(), concat(tenant.auth(), "Idempotency-Key", "abc-1"))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void missingKeyIs401() {
        TestApi.Answer answer = api.post("/api/v1/leads", jane());
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.text("code")).isEqualTo("INVALID_API_KEY");
        assertThat(answer.text("message")).contains("Settings → API Access");
        assertThat(answer.text("request_id")).startsWith("req_");
        assertThat(answer.header("Transfer-Encoding")).isNull();
        assertThat(answer.header("Content-Length")).isNotNull();
    }

    @Test
    void unknownKeyIs401() {
        TestApi.Answer answer = api.post("/api/v1/leads", jane(), "X-API-Key", "ll_sk_" + "x".repeat(40));
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.text("code")).isEqualTo("INVALID_API_KEY");
    }

    @Test
    void keyInTheQueryStringIsNotAcceptedOnThePrivateApi() {
        TestApi.Answer answer = api.post("/api/v1/leads?api_key=" + tenant.key(), jane());
        assertThat(answer.status()).isEqualTo(401);
    }

    @Test
    void adminTokenIsNotASecretKey() {
        TestApi.Answer answer = api.post("/api/v1/leads", jane(), "Authorization", "Bearer " + TestApi.ADMIN_TOKEN);
        assertThat(answer.status()).isEqualTo(401);
    }

    @Test
    void projectKeyIsNotASecretKey() {
        String projectKey = expect(
                        201,
                        api.admin(
                                "POST",
                                "/api/admin/workspaces/" + tenant.workspaceId() + "/projects",
                                Map.of("name", "Site")))
                .text("apiKey");
        assertThat(api.post("/api/v1/leads", jane(), "X-API-Key", projectKey).status())
                .isEqualTo(401);
    }

    @Test
    void revokedKeyStopsWorkingAtOnce() {
        assertThat(api.post("/api/v1/leads", person("Before", "Revoke"), tenant.auth())
                        .status())
                .isEqualTo(201);
        expect(204, api.admin("DELETE", "/api/admin/api-keys/" + tenant.keyId(), null));
        TestApi.Answer answer = api.post("/api/v1/leads", person("After", "Revoke"), tenant.auth());
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.text("code")).isEqualTo("INVALID_API_KEY");
    }

    @Test
    void missingRequiredNamesAre400NamingEachField() {
        TestApi.Answer answer = api.post("/api/v1/leads", Map.of("email", "a@b.co"), tenant.auth());
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("code")).isEqualTo("VALIDATION_FAILED");
        assertThat(fields(answer)).contains("firstName", "lastName");
    }

    @Test
    void blankNamesAfterTrimAre400() {
        TestApi.Answer answer = api.post("/api/v1/leads", person("   ", "\t"), tenant.auth());
        assertThat(answer.status()).isEqualTo(400);
        assertThat(fields(answer)).contains("firstName", "lastName");
    }

    @Test
    void invalidEmailIs400() {
        Map<String, Object> body = person("Eve", "Invalid");
        body.put("email", "not-an-email");
        TestApi.Answer answer = api.post("/api/v1/leads", body, tenant.auth());
        assertThat(answer.status()).isEqualTo(400);
        assertThat(fields(answer)).containsExactly("email");
    }

    @Test
    void invalidJsonIs400() {
        TestApi.Answer answer = api.post("/api/v1/leads", "{\"firstName\": \"Jane\",", tenant.auth());
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("code")).isEqualTo("INVALID_JSON");
    }

    @Test
    void sameEmailInAnyCaseIs409NamingTheExistingLead() {
        String first =
                expect(201, api.post("/api/v1/leads", jane(), tenant.auth())).text("id");
        Map<String, Object> again = person("Janet", "Other");
        again.put("email", "  JANE.Smith@ACME.com ");
        TestApi.Answer answer = api.post("/api/v1/leads", again, tenant.auth());
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.text("code")).isEqualTo("DUPLICATE_LEAD");
        assertThat(answer.text("existingLeadId")).isEqualTo(first);
    }

    @Test
    void sameFullNameIgnoringCaseAndSpacesIs409() {
        String first = expect(201, api.post("/api/v1/leads", person("Mary Ann", "Jones"), tenant.auth()))
                .text("id");
        TestApi.Answer answer = api.post("/api/v1/leads", person("  mary   ann ", " JONES"), tenant.auth());
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.text("existingLeadId")).isEqualTo(first);
    }

    @Test
    void sameEmailInAnotherWorkspaceIsNotADuplicate() {
        expect(201, api.post("/api/v1/leads", jane(), tenant.auth()));
        TestApi.Tenant other = api.tenant();
        assertThat(api.post("/api/v1/leads", jane(), other.auth()).status()).isEqualTo(201);
    }

    @Test
    void serverOwnedFieldsInTheBodyAreIgnored() {
        Map<String, Object> body = person("Sam", "Owned");
        body.put("id", "ld_mine");
        body.put("status", "won");
        body.put("createdBy", Map.of("id", "usr_x"));
        body.put("tags", List.of(Map.of("id", "tag_x")));
        body.put("createdAt", "2001-01-01T00:00:00Z");
        body.put("somethingUnknown", 42);
        TestApi.Answer answer = api.post("/api/v1/leads", body, tenant.auth());
        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.text("id")).isNotEqualTo("ld_mine");
        assertThat(answer.text("status")).isEqualTo("new");
        assertThat(answer.json().get("createdBy").get("id").asString()).isEqualTo(tenant.userId());
        assertThat(answer.json().get("tags").size()).isZero();
        assertThat(answer.text("createdAt")).doesNotStartWith("2001");
    }

    @Test
    void tagIdAttachesAnExistingTagOfTheWorkspace() {
        String tagId = expect(201, api.post("/api/v1/tags", Map.of("name", "Hot"), tenant.auth()))
                .text("id");
        Map<String, Object> body = person("Tina", "Tagged");
        body.put("tagId", tagId);
        TestApi.Answer answer = api.post("/api/v1/leads", body, tenant.auth());
        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.json().get("tags").get(0).get("id").asString()).isEqualTo(tagId);
        assertThat(answer.json().get("tags").get(0).get("name").asString()).isEqualTo("Hot");
    }

    @Test
    void tagIdOfAnotherWorkspaceIs400() {
        TestApi.Tenant other = api.tenant();
        String foreignTag = expect(201, api.post("/api/v1/tags", Map.of("name", "Theirs"), other.auth()))
                .text("id");
        Map<String, Object> body = person("Fay", "Foreign");
        body.put("tagId", foreignTag);
        TestApi.Answer answer = api.post("/api/v1/leads", body, tenant.auth());
        assertThat(answer.status()).isEqualTo(400);
        assertThat(fields(answer)).containsExactly("tagId");
    }

    @Test
    void rateLimitHeadersAreOnEveryAuthenticatedAnswer() {
        TestApi.Answer created = api.post("/api/v1/leads", person("Rita", "Rate"), tenant.auth());
        assertThat(created.header("X-RateLimit-Limit")).isEqualTo("200");
        assertThat(Integer.parseInt(created.header("X-RateLimit-Remaining"))).isBetween(0, 199);
        assertThat(Integer.parseInt(created.header("X-RateLimit-Reset"))).isBetween(0, 60);
        TestApi.Answer invalid = api.post("/api/v1/leads", Map.of(), tenant.auth());
        assertThat(invalid.header("X-RateLimit-Limit")).isEqualTo("200");
        assertThat(api.get("/api/v1/leads", tenant.auth()).header("X-RateLimit-Remaining"))
                .isNotNull();
    }

    @Test
    void overTheLimitIs429WithRetryAfter() {
        expect(200, api.admin("PATCH", "/api/admin/api-keys/" + tenant.keyId(), Map.of("rateLimitPerMinute", 3)));
        for (int i = 0; i < 3; i++) {
            assertThat(api.get("/api/v1/leads", tenant.auth()).status()).isEqualTo(200);
        }
        TestApi.Answer limited = api.post("/api/v1/leads", person("Over", "Limit"), tenant.auth());
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.text("code")).isEqualTo("RATE_LIMITED");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
        assertThat(limited.header("X-RateLimit-Limit")).isEqualTo("3");
        assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
    }

    @Test
    void idempotencyKeyReplaysTheFirstAnswerWithoutCreatingAgain() {
        TestApi.Answer first = api.post("/api/v1/leads", jane(), concat(tenant.auth(), "Idempotency-Key", "abc-1"));
        TestApi.Answer second = api.post("/api/v1/leads", jane(), concat(tenant.auth(), "Idempotency-Key", "abc-1"));
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.text("id")).isEqualTo(first.text("id"));
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(api.get("/api/v1/leads", tenant.auth()).json().get("data").size())
                .isEqualTo(1);
    }

    @Test
    void anIdempotencyKeyIsForgottenAfter24Hours() {
        TestApi.Answer first = api.post("/api/v1/leads", jane(), concat(tenant.auth(), "Idempotency-Key", "abc-3"));
        assertThat(first.status()).isEqualTo(201);
        TestApi.Answer replay = api.post("/api/v1/leads", jane(), concat(tenant.auth(), "Idempotency-Key", "abc-3"));
        assertThat(replay.header("Location")).isEqualTo(first.header("Location"));
        jdbc.sql("update idempotency_keys set created_at = ? where api_key_id = ? and idem_key = 'abc-3'")
                .params(OffsetDateTime.now().minusHours(24).minusMinutes(1), tenant.keyId())
                .update();
        TestApi.Answer later =
                api.post("/api/v1/leads", person("Next", "Day"), concat(tenant.auth(), "Idempotency-Key", "abc-3"));
        assertThat(later.status()).as(later.toString()).isEqualTo(201);
        assertThat(later.header("Idempotent-Replayed")).isNull();
        assertThat(later.text("id")).isNotEqualTo(first.text("id"));
    }

    @Test
    void idempotencyKeyWithAnotherBodyIs422() {
        expect(201, api.post("/api/v1/leads", jane(), concat(tenant.auth(), "Idempotency-Key", "abc-2")));
        TestApi.Answer answer =
                api.post("/api/v1/leads", person("Other", "Body"), concat(tenant.auth(), "Idempotency-Key", "abc-2"));
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.text("code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void bodyOver64KibIs413() {
        Map<String, Object> body = person("Big", "Body");
        body.put("padding", "x".repeat(70_000));
        TestApi.Answer answer = api.post("/api/v1/leads", body, tenant.auth());
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.text("code")).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(api.get("/api/v1/leads", tenant.auth()).json().get("data").size())
                .isZero();
    }

    @Test
    void getReturnsTheLeadWithItsTimeline() {
        String id =
                expect(201, api.post("/api/v1/leads", jane(), tenant.auth())).text("id");
        TestApi.Answer answer = api.get("/api/v1/leads/" + id, tenant.auth());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text("email")).isEqualTo("jane.smith@acme.com");
        JsonNode timeline = answer.json().get("timeline");
        assertThat(timeline.get(0).get("type").asString()).isEqualTo("created");
        assertThat(timeline.get(0).get("actor").get("id").asString()).isEqualTo(tenant.userId());
    }

    @Test
    void unknownLeadIs404() {
        TestApi.Answer answer = api.get("/api/v1/leads/ld_doesnotexist", tenant.auth());
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.text("code")).isEqualTo("NOT_FOUND");
    }

    @Test
    void patchChangesFieldsAndStatusAndRecordsTheTimeline() {
        String id =
                expect(201, api.post("/api/v1/leads", jane(), tenant.auth())).text("id");
        TestApi.Answer answer =
                api.patch("/api/v1/leads/" + id, Map.of("status", "contacted", "company", "Acme Corp"), tenant.auth());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text("status")).isEqualTo("contacted");
        assertThat(answer.text("company")).isEqualTo("Acme Corp");
        assertThat(answer.text("email")).isEqualTo("jane.smith@acme.com");
        JsonNode timeline = api.get("/api/v1/leads/" + id, tenant.auth()).json().get("timeline");
        assertThat(timeline.findValuesAsString("type")).contains("created", "status_changed", "updated");
    }

    @Test
    void patchWithAnUnknownStatusIs400() {
        String id =
                expect(201, api.post("/api/v1/leads", jane(), tenant.auth())).text("id");
        TestApi.Answer answer = api.patch("/api/v1/leads/" + id, Map.of("status", "sold"), tenant.auth());
        assertThat(answer.status()).isEqualTo(400);
        assertThat(fields(answer)).containsExactly("status");
        assertThat(api.get("/api/v1/leads/" + id, tenant.auth()).text("status")).isEqualTo("new");
    }

    @Test
    void patchValidatesLikeCreateAndAnEmptyStringClearsAnOptionalField() {
        Map<String, Object> withPhone = jane();
        withPhone.put("phone", "+1 555 0100");
        String id =
                expect(201, api.post("/api/v1/leads", withPhone, tenant.auth())).text("id");
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("phone", "call me"),
                Map.of("email", "not-an-email"),
                Map.of("firstName", "  "),
                Map.of("company", "c".repeat(256)))) {
            TestApi.Answer answer = api.patch("/api/v1/leads/" + id, bad, tenant.auth());
            assertThat(answer.status()).as(bad.toString()).isEqualTo(400);
            assertThat(fields(answer)).containsExactlyElementsOf(bad.keySet());
        }
        assertThat(api.get("/api/v1/leads/" + id, tenant.auth()).text("phone")).isEqualTo("+1 555 0100");
        TestApi.Answer cleared = api.patch("/api/v1/leads/" + id, Map.of("phone", ""), tenant.auth());
        assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
        assertThat(cleared.json().get("phone").isNull()).isTrue();
    }

    @Test
    void patchTagIdsReplacesTheTagsAndRefusesAnotherWorkspacesTag() {
        String hot = expect(201, api.post("/api/v1/tags", Map.of("name", "Hot"), tenant.auth()))
                .text("id");
        String cold = expect(201, api.post("/api/v1/tags", Map.of("name", "Cold"), tenant.auth()))
                .text("id");
        Map<String, Object> body = jane();
        body.put("tagId", hot);
        String id = expect(201, api.post("/api/v1/leads", body, tenant.auth())).text("id");

        TestApi.Answer replaced =
                api.patch("/api/v1/leads/" + id, Map.of("tagIds", List.of(cold, cold)), tenant.auth());
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.json().get("tags").findValuesAsString("id")).containsExactly(cold);

        TestApi.Tenant other = api.tenant();
        String theirs = expect(201, api.post("/api/v1/tags", Map.of("name", "Theirs"), other.auth()))
                .text("id");
        TestApi.Answer foreign =
                api.patch("/api/v1/leads/" + id, Map.of("tagIds", List.of(hot, theirs)), tenant.auth());
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(fields(foreign)).containsExactly("tagIds");
        assertThat(api.get("/api/v1/leads/" + id, tenant.auth())
                        .json()
                        .get("tags")
                        .findValuesAsString("id"))
                .containsExactly(cold);

        // The create body's tagId adds one tag; another workspace's is refused like in tagIds.
        TestApi.Answer added = api.patch("/api/v1/leads/" + id, Map.of("tagId", hot), tenant.auth());
        assertThat(added.status()).as(added.toString()).isEqualTo(200);
        assertThat(added.json().get("tags").findValuesAsString("id")).containsExactlyInAnyOrder(cold, hot);
        TestApi.Answer theirTag = api.patch("/api/v1/leads/" + id, Map.of("tagId", theirs), tenant.auth());
        assertThat(theirTag.status()).isEqualTo(400);
        assertThat(fields(theirTag)).containsExactly("tagId");
    }

    @Test
    void listByAnotherWorkspacesTagFindsNothingOfTheirs() {
        TestApi.Tenant other = api.tenant();
        String theirTag = expect(201, api.post("/api/v1/tags", Map.of("name", "VIP"), other.auth()))
                .text("id");
        Map<String, Object> theirLead = person("Their", "Lead");
        theirLead.put("tagId", theirTag);
        expect(201, api.post("/api/v1/leads", theirLead, other.auth()));
        String myTag = expect(201, api.post("/api/v1/tags", Map.of("name", "VIP"), tenant.auth()))
                .text("id");
        Map<String, Object> myLead = person("My", "Lead");
        myLead.put("tagId", myTag);
        String mine =
                expect(201, api.post("/api/v1/leads", myLead, tenant.auth())).text("id");

        assertThat(ids("/api/v1/leads?tag=" + theirTag)).isEmpty();
        assertThat(ids("/api/v1/leads?tag=vip")).containsExactly(mine);
        assertThat(ids("/api/v1/leads")).containsExactly(mine);
    }

    @Test
    void patchIntoAnotherLeadsEmailIs409() {
        expect(201, api.post("/api/v1/leads", jane(), tenant.auth()));
        String id = expect(201, api.post("/api/v1/leads", person("Bob", "Builder"), tenant.auth()))
                .text("id");
        TestApi.Answer answer = api.patch("/api/v1/leads/" + id, Map.of("email", "JANE.SMITH@acme.com"), tenant.auth());
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.text("code")).isEqualTo("DUPLICATE_LEAD");
    }

    @Test
    void aLeadIsAssignedToAPersonOfItsWorkspaceFoundByThemAndKeptThroughCapturesAndRemovals() {
        String colleague = member("Cole League");
        String a = expect(201, api.post("/api/v1/leads", jane(), tenant.auth())).text("id");
        String b = expect(201, api.post("/api/v1/leads", person("Bob", "Builder"), tenant.auth()))
                .text("id");

        JsonNode assigned = expect(200, api.patch("/api/v1/leads/" + a, Map.of("assignedTo", colleague), tenant.auth()))
                .json();
        assertThat(assigned.get("assignedTo").get("id").asString()).isEqualTo(colleague);
        assertThat(assigned.get("assignedTo").get("name").asString()).isEqualTo("Cole League");
        expect(200, api.patch("/api/v1/leads/" + b, Map.of("assignedTo", tenant.userId()), tenant.auth()));
        assertThat(ids(api.get("/api/v1/leads?assignedTo=" + colleague, tenant.auth())))
                .containsExactly(a);
        assertThat(ids(api.get("/api/v1/leads?assignedTo=me", tenant.auth()))).containsExactly(b);
        JsonNode timeline =
                expect(200, api.get("/api/v1/leads/" + a, tenant.auth())).json().get("timeline");
        JsonNode entry = timeline.get(timeline.size() - 1);
        assertThat(entry.get("type").asString()).isEqualTo("updated");
        assertThat(entry.get("detail").get("assignedTo").get("to").asString()).isEqualTo(colleague);
        assertThat(entry.get("detail").get("assignedTo").get("from").isNull()).isTrue();

        // Another workspace's person is refused by name, and nothing changes.
        TestApi.Tenant other = api.tenant();
        TestApi.Answer refused = api.patch(
                "/api/v1/leads/" + a, Map.of("assignedTo", other.userId(), "company", "Not Saved"), tenant.auth());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("assignedTo");
        JsonNode unchanged =
                expect(200, api.get("/api/v1/leads/" + a, tenant.auth())).json();
        assertThat(unchanged.get("assignedTo").get("id").asString()).isEqualTo(colleague);
        assertThat(unchanged.get("company").asString()).isEqualTo("Acme Inc");
        assertThat(ids(api.get("/api/v1/leads?assignedTo=" + colleague, other.auth())))
                .isEmpty();

        // A submission joining the lead keeps its assignee (a merge never writes it).
        String site = expect(
                        201,
                        api.admin(
                                "POST",
                                "/api/admin/workspaces/" + tenant.workspaceId() + "/projects",
                                Map.of("name", "Site")))
                .text("apiKey");
        expect(
                200,
                api.post(
                        "/api/public/lead",
                        Map.of("email", jane().get("email"), "attributes", Map.of("plan", "pro")),
                        "X-API-Key",
                        site));
        JsonNode merged =
                expect(200, api.get("/api/v1/leads/" + a, tenant.auth())).json();
        assertThat(merged.get("attributes").get("plan").asString()).isEqualTo("pro");
        assertThat(merged.get("assignedTo").get("id").asString()).isEqualTo(colleague);

        // "" assigns to nobody; a person removed from the workspace leaves their leads to nobody.
        JsonNode nobody = expect(200, api.patch("/api/v1/leads/" + b, Map.of("assignedTo", ""), tenant.auth()))
                .json();
        assertThat(nobody.get("assignedTo").isNull()).isTrue();
        assertThat(ids(api.get("/api/v1/leads?assignedTo=none", tenant.auth()))).containsExactly(b);
        jdbc.sql("delete from users where id = ?").param(colleague).update();
        assertThat(expect(200, api.get("/api/v1/leads/" + a, tenant.auth()))
                        .json()
                        .get("assignedTo")
                        .isNull())
                .isTrue();
        assertThat(ids(api.get("/api/v1/leads?assignedTo=none", tenant.auth()))).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void anAssignmentRacingThePersonsRemovalNeverLeavesALeadWithAGoneAssignee() throws Exception {
        String lead =
                expect(201, api.post("/api/v1/leads", jane(), tenant.auth())).text("id");
        for (int round = 0; round < 10; round++) {
            String person = member("Race " + round);
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
                var assign = pool.submit(
                        () -> api.patch("/api/v1/leads/" + lead, Map.of("assignedTo", person), tenant.auth()));
                var remove = pool.submit(() ->
                        jdbc.sql("delete from users where id = ?").param(person).update());
                assertThat(assign.get().status()).isIn(200, 400);
                assertThat(remove.get()).isEqualTo(1);
            }
            assertThat(jdbc.sql("select count(*) from leads where assigned_to is not null and assigned_to not in"
                                    + " (select id from users)")
                            .query(Long.class)
                            .single())
                    .as("round %d", round)
                    .isZero();
        }
    }

    @Autowired
    LeadStats stats;

    /** The overview chart counts today's leads on every call and the days before once in a while. */
    @Test
    void dailyCountsCountTodayLiveAndThePastDaysOnce() {
        java.util.function.Function<Integer, String> create = n -> expect(
                        201,
                        api.post("/api/v1/leads", Map.of("firstName", "Day", "lastName", "Count " + n), tenant.auth()))
                .text("id");
        OffsetDateTime today = OffsetDateTime.now(java.time.ZoneOffset.UTC)
                .toLocalDate()
                .atStartOfDay()
                .atOffset(java.time.ZoneOffset.UTC);
        java.util.function.BiConsumer<String, OffsetDateTime> backdate =
                (lead, at) -> jdbc.sql("update leads set created_at = ? where public_id = ?")
                        .params(at, lead)
                        .update();
        java.util.function.Supplier<Map<java.time.LocalDate, Long>> chart = () -> {
            Map<java.time.LocalDate, Long> byDay = new java.util.TreeMap<>();
            stats.daily(tenant.workspaceId(), today.minusDays(29), today.plusDays(1))
                    .forEach(c -> byDay.merge(c.day(), c.count(), Long::sum));
            return byDay;
        };
        backdate.accept(create.apply(1), today.minusHours(14));
        backdate.accept(create.apply(2), today.minusDays(3).plusHours(5));
        String third = create.apply(3);
        assertThat(chart.get())
                .containsExactly(
                        Map.entry(today.minusDays(3).toLocalDate(), 1L),
                        Map.entry(today.minusDays(1).toLocalDate(), 1L),
                        Map.entry(today.toLocalDate(), 1L));

        create.apply(4);
        backdate.accept(third, today.minusHours(2));
        // Today is counted again (the backdated lead left it, a new one came); yesterday was counted once.
        assertThat(chart.get())
                .containsExactly(
                        Map.entry(today.minusDays(3).toLocalDate(), 1L),
                        Map.entry(today.minusDays(1).toLocalDate(), 1L),
                        Map.entry(today.toLocalDate(), 1L));
        assertThat(stats.daily(tenant.workspaceId(), today.minusDays(1), today))
                .extracting(DailyCount::count)
                .containsExactly(2L);
    }

    @Autowired
    io.leadline.workspace.Workspaces workspaces;

    /**
     * A creator is history: removing the person reads their leads as created by nobody without
     * rewriting a single lead (with a foreign key, PostgreSQL scanned every workspace's leads for them
     * and rewrote each one: 47 s for a person with a million).
     */
    @Test
    void removingThePersonWhoCreatedALeadLeavesTheLeadUntouchedAndCreatedByNobody() {
        // An admin: members hold no secret keys.
        String person = api.person(tenant.workspaceId(), "Creator", "admin");
        String key = expect(201, api.admin("POST", "/api/admin/users/" + person + "/api-keys", Map.of("name", "k")))
                .text("key");
        String lead =
                expect(201, api.post("/api/v1/leads", jane(), "X-API-Key", key)).text("id");
        assertThat(expect(200, api.get("/api/v1/leads/" + lead, tenant.auth()))
                        .json()
                        .get("createdBy")
                        .get("id")
                        .asString())
                .isEqualTo(person);
        String updatedAt = jdbc.sql("select cast(updated_at as varchar) from leads where public_id = ?")
                .param(lead)
                .query(String.class)
                .single();

        workspaces.removeMember(tenant.workspaceId(), tenant.userId(), person);

        JsonNode after =
                expect(200, api.get("/api/v1/leads/" + lead, tenant.auth())).json();
        assertThat(after.get("createdBy").isNull()).isTrue();
        assertThat(ids(api.get("/api/v1/leads", tenant.auth()))).contains(lead);
        assertThat(jdbc.sql("select created_by, cast(updated_at as varchar) from leads where public_id = ?")
                        .param(lead)
                        .query((rs, row) -> List.of(rs.getString(1), rs.getString(2)))
                        .single())
                .containsExactly(person, updatedAt);
    }

    @Autowired
    LeadRepository leadRepository;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;

    /** What makes the race above safe on both databases: an assignment holds its person until it commits. */
    @Test
    void anAssignmentHoldsItsPersonSoTheirRemovalWaitsForIt() throws Exception {
        String person = member("Held");
        java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            var holder = pool.submit(() -> transactions.execute(status -> {
                assertThat(leadRepository.lockMember(tenant.workspaceId(), person))
                        .isTrue();
                locked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            boolean waited;
            java.util.concurrent.Future<Integer> removal;
            try {
                locked.await();
                removal = pool.submit(() ->
                        jdbc.sql("delete from users where id = ?").param(person).update());
                Thread.sleep(500);
                waited = !removal.isDone();
            } finally {
                release.countDown(); // never leave the holder waiting, whatever happened
            }
            holder.get();
            assertThat(waited)
                    .as("the removal waits for the assignment's commit")
                    .isTrue();
            assertThat(removal.get()).isEqualTo(1);
        }
        assertThat(leadRepository.lockMember(tenant.workspaceId(), person)).isFalse();
    }

    /** A new member of the tenant's workspace, added through the admin API; their user id. */
    private String member(String name) {
        return api.person(tenant.workspaceId(), name, "member");
    }

    private static List<String> ids(TestApi.Answer page) {
        List<String> out = new java.util.ArrayList<>();
        expect(200, page).json().get("data").forEach(l -> out.add(l.get("id").asString()));
        return out;
    }

    @Test
    void aWhatsAppNumberInItsOldFormIsFoundByTheDigitsAsWhatsAppSendsThemAndAsDialledToday() {
        Map<String, Object> body = person("Mateo", "Old Form");
        body.put("phone", "+5215512345678");
        String id = expect(201, api.post("/api/v1/leads", body, tenant.auth())).text("id");
        for (String q :
                List.of("5215512345678", "52 1 55 1234 5678", "+52 55 1234 5678", "525512345678", "1234 5678")) {
            assertThat(ids(api.get(
                            "/api/v1/leads?q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8),
                            tenant.auth())))
                    .as(q)
                    .containsExactly(id);
        }
    }

    /** The database's migrations directory for this test class's database: h2 or postgresql. */
    abstract String vendor();

    /**
     * V51 (and V54 on H2), then V55, bring stored phone keys to {@link Lead#phoneKey}'s rule: run on
     * keys as they were before (all digits), they give exactly what the code computes for the same phone.
     */
    @Test
    void thePhoneKeyMigrationsGiveWhatTheCodeComputes() throws Exception {
        List<String> phones = List.of(
                "+44 (0) 7700 900555",
                "0044 (0) 7700 900556",
                "0044 7700 900557",
                "+49 (0)30 1234-567",
                "+44(0)20 7946 0000",
                "+1 (555) 010-0000",
                "07700 900558",
                "+52 1 55 1234 5678",
                "0052 1 33 1234 5678",
                "+52 55 1234 5679",
                "521 55 1234 5670",
                "+55 11 8765-4321",
                "+55 21 98765-4321",
                "+55 11 3456-7890",
                "55 11 8765 4322");
        for (int i = 0; i < phones.size(); i++) {
            expect(
                    201,
                    api.post(
                            "/api/v1/leads",
                            Map.of("firstName", "Phone", "lastName", "Key" + i, "phone", phones.get(i)),
                            tenant.auth()));
            jdbc.sql("update leads set phone_key = ? where workspace_id = ? and phone = ?")
                    .params(phones.get(i).replaceAll("[^0-9]", ""), tenant.workspaceId(), phones.get(i))
                    .update();
        }
        for (String file : List.of(
                "V51__international_phone_keys.sql",
                "V54__international_phone_keys_again.sql",
                "V55__mobile_phone_keys.sql")) {
            String text = new String(
                    getClass()
                            .getResourceAsStream("/db/vendor/" + vendor() + "/" + file)
                            .readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            StringBuilder sql = new StringBuilder();
            text.lines()
                    .filter(l -> !l.startsWith("--"))
                    .forEach(l -> sql.append(l).append('\n'));
            for (String statement : sql.toString().split(";")) {
                if (statement.strip().startsWith("update")) {
                    jdbc.sql(statement.strip() + " and workspace_id = ?")
                            .param(tenant.workspaceId())
                            .update();
                }
            }
        }
        for (String phone : phones) {
            assertThat(jdbc.sql("select phone_key from leads where workspace_id = ? and phone = ?")
                            .params(tenant.workspaceId(), phone)
                            .query(String.class)
                            .single())
                    .as(phone)
                    .isEqualTo(Lead.phoneKey(phone));
        }
    }

    @Test
    void aNoteGoesOnTheTimelineByTheKeysUserAndLeavesTheLeadAsItWas() {
        JsonNode lead =
                expect(201, api.post("/api/v1/leads", jane(), tenant.auth())).json();
        String id = lead.get("id").asString();
        TestApi.Answer noted = api.post(
                "/api/v1/leads/" + id + "/notes", Map.of("text", "  Called, left a voicemail  "), tenant.auth());
        assertThat(noted.status()).isEqualTo(201);
        JsonNode last =
                noted.json().get("timeline").get(noted.json().get("timeline").size() - 1);
        assertThat(last.get("type").asString()).isEqualTo("note");
        assertThat(last.get("detail").get("text").asString()).isEqualTo("Called, left a voicemail");
        assertThat(last.get("actor").get("id").asString()).isEqualTo(tenant.userId());
        assertThat(noted.json().get("updatedAt").asString())
                .isEqualTo(lead.get("updatedAt").asString());

        for (Object bad : new Object[] {" ", "x".repeat(5001), 42}) {
            TestApi.Answer refused = api.post("/api/v1/leads/" + id + "/notes", Map.of("text", bad), tenant.auth());
            assertThat(refused.status())
                    .as(String.valueOf(bad).length() + " " + refused)
                    .isEqualTo(400);
            assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("text");
        }
        assertThat(api.post("/api/v1/leads/" + id + "/notes", Map.of(), tenant.auth())
                        .status())
                .isEqualTo(400);
        TestApi.Tenant other = api.tenant();
        assertThat(api.post("/api/v1/leads/" + id + "/notes", Map.of("text", "Mine now"), other.auth())
                        .status())
                .isEqualTo(404);
        assertThat(expect(200, api.get("/api/v1/leads/" + id, tenant.auth()))
                        .json()
                        .get("timeline")
                        .findValuesAsString("type"))
                .containsExactly("created", "note");
    }

    @Test
    void deleteAnswers204AndTheLeadIsGone() {
        String id =
                expect(201, api.post("/api/v1/leads", jane(), tenant.auth())).text("id");
        assertThat(api.delete("/api/v1/leads/" + id, tenant.auth()).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/leads/" + id, tenant.auth()).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/leads", jane(), tenant.auth()).status()).isEqualTo(201);
    }

    @Test
    void anotherWorkspacesKeyCannotReadChangeOrDeleteALead() {
        String id =
                expect(201, api.post("/api/v1/leads", jane(), tenant.auth())).text("id");
        TestApi.Tenant intruder = api.tenant();
        assertThat(api.get("/api/v1/leads/" + id, intruder.auth()).status()).isEqualTo(404);
        assertThat(api.patch("/api/v1/leads/" + id, Map.of("status", "lost"), intruder.auth())
                        .status())
                .isEqualTo(404);
        assertThat(api.delete("/api/v1/leads/" + id, intruder.auth()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/leads", intruder.auth()).json().get("data").size())
                .isZero();
        assertThat(api.get("/api/v1/leads/" + id, tenant.auth()).text("status")).isEqualTo("new");
    }

    @Test
    void pagesInsideLeadsCreatedAtTheSameInstantLoseAndRepeatNone() {
        for (int i = 0; i < 5; i++) {
            expect(201, api.post("/api/v1/leads", person("Tie", "Person" + i), tenant.auth()));
        }
        jdbc.sql("update leads set created_at = ? where workspace_id = ?")
                .params(OffsetDateTime.parse("2026-01-02T03:04:05.123456Z"), tenant.workspaceId())
                .update();
        List<String> seen = new ArrayList<>();
        String cursor = "";
        do {
            TestApi.Answer page = api.get("/api/v1/leads?limit=2&cursor=" + cursor, tenant.auth());
            seen.addAll(page.json().get("data").findValuesAsString("lastName"));
            cursor = page.json().get("nextCursor").isNull() ? null : page.text("nextCursor");
        } while (cursor != null);
        assertThat(seen).containsExactly("Person4", "Person3", "Person2", "Person1", "Person0");
    }

    @Test
    void listIsNewestFirstWithCursorPagination() {
        for (int i = 0; i < 5; i++) {
            expect(201, api.post("/api/v1/leads", person("Page", "Person" + i), tenant.auth()));
        }
        TestApi.Answer first = api.get("/api/v1/leads?limit=2", tenant.auth());
        assertThat(first.json().get("data").findValuesAsString("lastName")).containsExactly("Person4", "Person3");
        String cursor = first.text("nextCursor");
        TestApi.Answer second = api.get("/api/v1/leads?limit=2&cursor=" + cursor, tenant.auth());
        assertThat(second.json().get("data").findValuesAsString("lastName")).containsExactly("Person2", "Person1");
        TestApi.Answer third = api.get("/api/v1/leads?limit=2&cursor=" + second.text("nextCursor"), tenant.auth());
        assertThat(third.json().get("data").findValuesAsString("lastName")).containsExactly("Person0");
        assertThat(third.json().get("nextCursor").isNull()).isTrue();
    }

    @Test
    void listFiltersByStatusTagSourceChannelAndDates() {
        String tagId = expect(201, api.post("/api/v1/tags", Map.of("name", "VIP"), tenant.auth()))
                .text("id");
        Map<String, Object> tagged = person("Vera", "Vip");
        tagged.put("tagId", tagId);
        tagged.put("source", "referral");
        String vera =
                expect(201, api.post("/api/v1/leads", tagged, tenant.auth())).text("id");
        String carl = expect(201, api.post("/api/v1/leads", person("Carl", "Cold"), tenant.auth()))
                .text("id");
        expect(200, api.patch("/api/v1/leads/" + carl, Map.of("status", "qualified"), tenant.auth()));

        assertThat(ids("/api/v1/leads?status=qualified")).containsExactly(carl);
        assertThat(ids("/api/v1/leads?tag=" + tagId)).containsExactly(vera);
        assertThat(ids("/api/v1/leads?tag=vip")).containsExactly(vera);
        assertThat(ids("/api/v1/leads?source=referral")).containsExactly(vera);
        assertThat(ids("/api/v1/leads?source=%20Referral%20"))
                .as("whatever the case")
                .containsExactly(vera);
        Map<String, Object> shouting = person("Sam", "Shout");
        shouting.put("source", "REFERRAL");
        String sam =
                expect(201, api.post("/api/v1/leads", shouting, tenant.auth())).text("id");
        assertThat(ids("/api/v1/leads?source=referral")).containsExactlyInAnyOrder(vera, sam);
        assertThat(expect(200, api.get("/api/v1/leads/" + sam, tenant.auth())).text("source"))
                .as("kept as sent")
                .isEqualTo("REFERRAL");
        expect(204, api.delete("/api/v1/leads/" + sam, tenant.auth()));
        assertThat(ids("/api/v1/leads?channel=api")).containsExactlyInAnyOrder(vera, carl);
        assertThat(ids("/api/v1/leads?channel=web")).isEmpty();
        assertThat(ids("/api/v1/leads?createdAfter=2000-01-01")).containsExactlyInAnyOrder(vera, carl);
        assertThat(ids("/api/v1/leads?createdBefore=2000-01-01T00:00:00Z")).isEmpty();
        assertThat(api.get("/api/v1/leads?status=sold", tenant.auth()).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/leads?limit=500", tenant.auth()).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/leads?cursor=garbage!", tenant.auth()).status())
                .isEqualTo(400);
        assertThat(api.get("/api/v1/leads?createdAfter=yesterday", tenant.auth())
                        .status())
                .isEqualTo(400);
    }

    @Test
    void aDateBoundFinerThanAMicrosecondKeepsItsSideOfTheLeadOnEveryDatabase() {
        TestApi.Answer created = expect(201, api.post("/api/v1/leads", person("Nina", "Nano"), tenant.auth()));
        String at = created.text("createdAt");
        String justAfter = at.replace("Z", "4Z").replace("+", "%2B");

        assertThat(ids("/api/v1/leads?createdAfter=" + justAfter)).doesNotContain(created.text("id"));
        assertThat(ids("/api/v1/leads?createdBefore=" + justAfter)).contains(created.text("id"));
        assertThat(ids("/api/v1/leads?createdAfter=" + at)).contains(created.text("id"));
        assertThat(ids("/api/v1/leads?createdBefore=" + at)).doesNotContain(created.text("id"));
    }

    /** ISO-8601 date-times without an offset are read as UTC, like the dates alone. */
    @Test
    void aDateTimeWithoutAnOffsetIsUtc() {
        TestApi.Answer created = expect(201, api.post("/api/v1/leads", person("Ulla", "Utc"), tenant.auth()));
        String at = created.text("createdAt"); // 2026-…T…Z, six fractional digits
        String local = at.substring(0, at.length() - 1);
        assertThat(ids("/api/v1/leads?createdAfter=" + local)).contains(created.text("id"));
        assertThat(ids("/api/v1/leads?createdBefore=" + local)).doesNotContain(created.text("id"));
        String minuteLater = java.time.OffsetDateTime.parse(at)
                .plusMinutes(1)
                .toLocalDateTime()
                .truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
                .toString(); // 2026-12-01T19:38
        assertThat(ids("/api/v1/leads?createdBefore=" + minuteLater)).contains(created.text("id"));
        assertThat(api.get("/api/v1/leads?createdAfter=20261201", tenant.auth()).status())
                .isEqualTo(400);
    }

    @Test
    void qSearchesNameEmailCompanyAndPhoneDigits() {
        String jane =
                expect(201, api.post("/api/v1/leads", jane(), tenant.auth())).text("id");
        String other = expect(201, api.post("/api/v1/leads", person("Percy", "100%_Sure"), tenant.auth()))
                .text("id");
        assertThat(ids("/api/v1/leads?q=smith")).containsExactly(jane);
        assertThat(ids("/api/v1/leads?q=ACME")).containsExactly(jane);
        assertThat(ids("/api/v1/leads?q=jane.smith%40acme")).containsExactly(jane);
        assertThat(ids("/api/v1/leads?q=555%20123")).containsExactly(jane);
        assertThat(ids("/api/v1/leads?q=5551234567")).containsExactly(jane);
        assertThat(ids("/api/v1/leads?q=100%25_")).containsExactly(other);
        assertThat(ids("/api/v1/leads?q=nobody")).isEmpty();
        // The digits of an email (or a street, a zip code) are not a phone search: "pub1@…" must not
        // match Jane's phone, which has a 1 in it.
        String pub = expect(
                        201,
                        api.post(
                                "/api/v1/leads",
                                Map.of("firstName", "Pub", "lastName", "One", "email", "pub1@x.example"),
                                tenant.auth()))
                .text("id");
        assertThat(ids("/api/v1/leads?q=pub1%40x.example")).containsExactly(pub);
        assertThat(ids("/api/v1/leads?q=%2B1%20(555)%20123")).containsExactly(jane);
        // A fragment that starts with 00 is digits as typed (and an international number its key).
        String uk = expect(
                        201,
                        api.post(
                                "/api/v1/leads",
                                Map.of("firstName", "Una", "lastName", "Kay", "phone", "+44 (0) 7700 900456"),
                                tenant.auth()))
                .text("id");
        String fragment = expect(
                        201,
                        api.post(
                                "/api/v1/leads",
                                Map.of("firstName", "Fred", "lastName", "Ragment", "phone", "+1 555 0012 999"),
                                tenant.auth()))
                .text("id");
        assertThat(ids("/api/v1/leads?q=0012")).containsExactly(fragment);
        assertThat(ids("/api/v1/leads?q=0044%207700%20900456")).containsExactly(uk);
        assertThat(ids("/api/v1/leads?q=%2B44%20(0)%207700")).containsExactly(uk);
    }

    @Test
    void namesThatGrowWhenNormalisedAreStoredNotA500() {
        String first = "a".repeat(250) + "\u2026".repeat(5); // "…" is "..." once normalised
        TestApi.Answer created =
                api.post("/api/v1/leads", Map.of("firstName", first, "lastName", "b".repeat(255)), tenant.auth());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        TestApi.Answer patched = api.patch(
                "/api/v1/leads/" + created.text("id"), Map.of("firstName", "\ufb03".repeat(255)), tenant.auth());
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(api.post("/api/v1/tags", Map.of("name", "a".repeat(98) + "\u2026"), tenant.auth())
                        .status())
                .isEqualTo(201);
        assertThat(api.post("/api/v1/tags", Map.of("name", "\u0130".repeat(60)), tenant.auth())
                        .status())
                .isEqualTo(201);
        // An invisible character does not make a second person of the same name.
        expect(201, api.post("/api/v1/leads", person("Dup", "Base"), tenant.auth()));
        assertThat(api.post("/api/v1/leads", person("Dup\u200b", "Base"), tenant.auth())
                        .status())
                .isEqualTo(409);
    }

    @Test
    void patchStripsTextBeforeCheckingItsLengthAsCreateDoes() {
        String id =
                expect(201, api.post("/api/v1/leads", jane(), tenant.auth())).text("id");
        TestApi.Answer patched =
                api.patch("/api/v1/leads/" + id, Map.of("firstName", "  " + "f".repeat(255) + "  "), tenant.auth());
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.text("firstName")).isEqualTo("f".repeat(255));
    }

    @Test
    void listParametersOutOfRangeOrRepeatedAreA400NotAnEmptyPageOrA500() {
        TestApi.Answer far = api.get("/api/v1/leads?createdAfter=%2B300000-01-01T00:00:00Z", tenant.auth());
        assertThat(far.status()).isEqualTo(400);
        assertThat(fields(far)).containsExactly("createdAfter");
        TestApi.Answer twice = api.get("/api/v1/leads?tag=VIP&tag=VIP", tenant.auth());
        assertThat(twice.status()).isEqualTo(400);
        assertThat(fields(twice)).containsExactly("tag");
    }

    @Test
    void aLeadsTimelineShowsItsLatestHundredEntriesAndTagChangesFromAndTo() {
        String hot = expect(201, api.post("/api/v1/tags", Map.of("name", "Hot"), tenant.auth()))
                .text("id");
        String id =
                expect(201, api.post("/api/v1/leads", jane(), tenant.auth())).text("id");
        expect(200, api.patch("/api/v1/leads/" + id, Map.of("tagIds", List.of(hot)), tenant.auth()));
        var tagged = api.get("/api/v1/leads/" + id, tenant.auth()).json().get("timeline");
        var change = tagged.get(tagged.size() - 1).get("detail").get("tagIds");
        assertThat(change.get("from").size()).isZero();
        assertThat(change.get("to").get(0).asString()).isEqualTo(hot);
        for (int i = 0; i < 105; i++) {
            expect(200, api.patch("/api/v1/leads/" + id, Map.of("city", "City " + i), tenant.auth()));
        }
        var timeline = api.get("/api/v1/leads/" + id, tenant.auth()).json().get("timeline");
        assertThat(timeline.size()).isEqualTo(100);
        assertThat(timeline.get(99).get("detail").get("city").get("to").asString())
                .isEqualTo("City 104");
    }

    @Test
    void tagsAreListedAndCreated() {
        TestApi.Answer created = api.post("/api/v1/tags", Map.of("name", "Partner"), tenant.auth());
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("name")).isEqualTo("Partner");
        assertThat(api.post("/api/v1/tags", Map.of("name", " partner "), tenant.auth())
                        .status())
                .isEqualTo(409);
        assertThat(api.post("/api/v1/tags", Map.of("name", ""), tenant.auth()).status())
                .isEqualTo(400);
        TestApi.Answer list = api.get("/api/v1/tags", tenant.auth());
        assertThat(list.json().get("data").findValuesAsString("name")).containsExactly("Partner");
        assertThat(api.get("/api/v1/tags", api.tenant().auth())
                        .json()
                        .get("data")
                        .size())
                .isZero();
    }

    private List<String> ids(String path) {
        List<String> out = new java.util.ArrayList<>();
        expect(200, api.get(path, tenant.auth()))
                .json()
                .get("data")
                .forEach(l -> out.add(l.get("id").asString()));
        return out;
    }

    static List<String> fields(TestApi.Answer answer) {
        return answer.json().get("errors").findValuesAsString("field");
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
