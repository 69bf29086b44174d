package io.leadline.capture;

import static io.leadline.capture.Capturing.body;
import static io.leadline.capture.Capturing.email;
import static io.leadline.testing.TestApi.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testing.TestApi;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The public capture API as DESIGN.md §3.2 and the public document describe it, over real HTTP. */
abstract class CaptureContract {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestApi api;
    Capturing capturing;

    @BeforeEach
    void connect() {
        api = new TestApi(port);
        capturing = new Capturing(api, jdbc);
    }

    // --- keys ---------------------------------------------------------------------------------

    @Test
    void projectKeyInXApiKeyCreatesALeadAndAnswersTheDocumentedBody() {
        Capturing.Site site = capturing.site();
        TestApi.Answer answer = capturing.submit(site, body("name", "Jane Smith", "email", email()));
        assertThat(answer.status()).isEqualTo(201);
        JsonNode json = answer.json();
        assertThat(json.get("code").asString()).isEqualTo("LEAD_CREATED");
        assertThat(json.get("message").asString()).isEqualTo("Lead captured.");
        assertThat(json.get("request_id").asString()).startsWith("req_").isEqualTo(answer.header("X-Request-Id"));
        assertThat(json.get("lead_id").isIntegralNumber()).isTrue();
        assertThat(json.propertyNames()).containsExactlyInAnyOrder("code", "message", "request_id", "lead_id");
    }

    @Test
    void projectKeyAsBearerTokenIsAccepted() {
        Capturing.Site site = capturing.site();
        TestApi.Answer answer =
                capturing.submitWithoutKey(body("email", email()), "Authorization", "Bearer " + site.key());
        assertThat(answer.status()).isEqualTo(201);
    }

    @Test
    void theSameKeyTwiceIsAcceptedAndTwoDifferentKeysAre400() {
        Capturing.Site site = capturing.site();
        Capturing.Site other = capturing.site();
        assertThat(api.post(
                                Capturing.PATH + "?api_key=" + site.key(),
                                body("email", email()),
                                "X-Api-Key",
                                site.key(),
                                "Authorization",
                                "Bearer " + site.key())
                        .status())
                .isEqualTo(201);
        TestApi.Answer header =
                capturing.submit(site, body("email", email()), "Authorization", "Bearer " + other.key());
        assertThat(header.status()).as(header.toString()).isEqualTo(400);
        assertThat(header.text("code")).isEqualTo("VALIDATION_FAILED");
        assertThat(header.json().get("errors").get(0).get("field").asString()).isEqualTo("Authorization");
        TestApi.Answer query =
                api.post(Capturing.PATH + "?api_key=" + other.key(), body("email", email()), "X-Api-Key", site.key());
        assertThat(query.status()).isEqualTo(400);
        assertThat(query.json().get("errors").get(0).get("field").asString()).isEqualTo("api_key");
        assertThat(capturing.leads(site)).isEqualTo(1);
        assertThat(capturing.leads(other)).isZero();
    }

    @Test
    void projectKeyAsApiKeyQueryParameterIsAccepted() {
        Capturing.Site site = capturing.site();
        TestApi.Answer answer = api.post(Capturing.PATH + "?api_key=" + site.key(), body("email", email()));
        assertThat(answer.status()).isEqualTo(201);
    }

    @Test
    void headerNameOfTheKeyIsCaseInsensitive() {
        Capturing.Site site = capturing.site();
        assertThat(capturing
                        .submitWithoutKey(body("email", email()), "x-api-key", site.key())
                        .status())
                .isEqualTo(201);
    }

    @Test
    void missingKeyIs401InvalidApiKeyWithTheDocumentedMessage() {
        TestApi.Answer answer = capturing.submitWithoutKey(body("email", email()));
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.text("code")).isEqualTo("INVALID_API_KEY");
        assertThat(answer.text("message")).isEqualTo("Invalid or missing project API key.");
        assertThat(answer.text("request_id")).startsWith("req_");
    }

    @Test
    void unknownProjectKeyIs401() {
        TestApi.Answer answer =
                capturing.submitWithoutKey(body("email", email()), "X-Api-Key", "ll_pk_doesnotexist000000000000000");
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.text("code")).isEqualTo("INVALID_API_KEY");
    }

    @Test
    void secretKeyIsNotAProjectKey() {
        Capturing.Site site = capturing.site();
        TestApi.Answer answer =
                capturing.submitWithoutKey(body("email", email()), site.tenant().auth());
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.text("code")).isEqualTo("INVALID_API_KEY");
        assertThat(capturing.leads(site)).isZero();
    }

    @Test
    void projectKeyIsNotASecretKeyOnThePrivateApi() {
        Capturing.Site site = capturing.site();
        assertThat(api.get("/api/v1/leads", "X-API-Key", site.key()).status()).isEqualTo(401);
    }

    @Test
    void aDeletedProjectsKeyIsRefusedItsLeadsStayAndItsWebhooksAreDisabled() {
        Capturing.Site site = capturing.site();
        Capturing.Site other = capturing.project(site);
        long number = expect(201, capturing.submit(site, body("email", email())))
                .json()
                .get("lead_id")
                .asLong();
        String hook = expect(
                        201,
                        api.post(
                                "/api/v1/webhooks",
                                Map.of(
                                        "url",
                                        "https://93.184.216.34/leadline",
                                        "events",
                                        List.of("lead.created"),
                                        "projectId",
                                        site.projectId()),
                                site.tenant().auth()))
                .text("id");
        String everyProject = expect(
                        201,
                        api.post(
                                "/api/v1/webhooks",
                                Map.of("url", "https://93.184.216.34/all", "events", List.of("lead.deleted")),
                                site.tenant().auth()))
                .text("id");

        assertThat(api.admin("DELETE", "/api/admin/projects/" + site.projectId(), null)
                        .status())
                .isEqualTo(204);

        TestApi.Answer refused = capturing.submit(site, body("email", email()));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.text("code")).isEqualTo("INVALID_API_KEY");
        assertThat(api.get("/api/whatsapp/webhook?api_key=" + site.key()
                                + "&hub.mode=subscribe&hub.verify_token=x&hub.challenge=1")
                        .status())
                .isEqualTo(401);
        assertThat(capturing.submit(other, body("email", email())).status()).isEqualTo(201);
        // The lead stays and still names where it came from.
        assertThat(capturing.lead(site, number).get("projectId").asString()).isEqualTo(site.projectId());
        // Gone from the workspace's projects; a second delete or a change finds nothing.
        assertThat(expect(200, api.admin("GET", "/api/admin/workspaces/" + site.workspaceId(), null))
                        .json()
                        .get("projects")
                        .findValuesAsString("id"))
                .containsExactly(other.projectId());
        assertThat(api.admin("DELETE", "/api/admin/projects/" + site.projectId(), null)
                        .status())
                .isEqualTo(404);
        assertThat(api.admin("PATCH", "/api/admin/projects/" + site.projectId(), Map.of("name", "Back"))
                        .status())
                .isEqualTo(404);
        // The webhook that sent only its leads is disabled, saying why; the one for every project is not.
        JsonNode disabled = expect(
                        200, api.get("/api/v1/webhooks/" + hook, site.tenant().auth()))
                .json();
        assertThat(disabled.get("enabled").asBoolean()).isFalse();
        assertThat(disabled.get("disabledReason").asString()).contains("Website", "deleted");
        assertThat(expect(
                                200,
                                api.get(
                                        "/api/v1/webhooks/" + everyProject,
                                        site.tenant().auth()))
                        .json()
                        .get("enabled")
                        .asBoolean())
                .isTrue();
        TestApi.Answer relimit = api.patch(
                "/api/v1/webhooks/" + hook,
                Map.of("projectId", site.projectId(), "enabled", true),
                site.tenant().auth());
        assertThat(relimit.status()).isEqualTo(400);
        assertThat(relimit.body()).contains("deleted project");
        TestApi.Answer reenable = api.patch(
                "/api/v1/webhooks/" + hook,
                Map.of("enabled", true),
                site.tenant().auth());
        assertThat(reenable.status()).isEqualTo(400);
        assertThat(reenable.body()).contains("deleted project");
    }

    // --- the lead ---------------------------------------------------------------------------------

    @Test
    void capturedLeadCarriesEveryFieldOnThePrivateApi() {
        Capturing.Site site = capturing.site();
        String email = email();
        long id = expect(
                        201,
                        capturing.submit(
                                site,
                                body(
                                        "name",
                                        "  Jane Smith ",
                                        "email",
                                        email,
                                        "phone",
                                        "+1 555-123-4567",
                                        "attributes",
                                        Map.of("company", "Acme", "seats", 12, "newsletter", true),
                                        "source_url",
                                        "https://acme.com/pricing",
                                        "referrer",
                                        "https://www.google.com/",
                                        "utm",
                                        Map.of("utm_source", "google", "utm_medium", "cpc"),
                                        "page_trail",
                                        List.of("https://acme.com/", "https://acme.com/pricing"))))
                .json()
                .get("lead_id")
                .asLong();
        JsonNode lead = capturing.lead(site, id);
        assertThat(lead.get("number").asLong()).isEqualTo(id);
        assertThat(lead.get("name").asString()).isEqualTo("Jane Smith");
        assertThat(lead.get("email").asString()).isEqualTo(email);
        assertThat(lead.get("phone").asString()).isEqualTo("+1 555-123-4567");
        assertThat(lead.get("channel").asString()).isEqualTo("web");
        assertThat(lead.get("status").asString()).isEqualTo("new");
        assertThat(lead.get("projectId").asString()).isEqualTo(site.projectId());
        assertThat(lead.get("attributes").get("company").asString()).isEqualTo("Acme");
        assertThat(lead.get("attributes").get("seats").asInt()).isEqualTo(12);
        assertThat(lead.get("attributes").get("newsletter").asBoolean()).isTrue();
        assertThat(lead.get("utm").get("utm_source").asString()).isEqualTo("google");
        assertThat(lead.get("pageTrail").toString()).isEqualTo("[\"https://acme.com/\",\"https://acme.com/pricing\"]");
        assertThat(lead.get("sourceUrl").asString()).isEqualTo("https://acme.com/pricing");
        assertThat(lead.get("referrer").asString()).isEqualTo("https://www.google.com/");
    }

    @Test
    void everyDocumentedFieldIsOptional() {
        Capturing.Site site = capturing.site();
        assertThat(capturing.submit(site, "{}").status()).isEqualTo(201);
        assertThat(capturing.submit(site, body("phone", "+44 20 7946 0000")).status())
                .isEqualTo(201);
        assertThat(capturing.leads(site)).isEqualTo(2);
    }

    @Test
    void unknownFieldsAreIgnoredAndKeptInTheRawSubmission() {
        Capturing.Site site = capturing.site();
        TestApi.Answer answer = capturing.submit(site, body("email", email(), "favourite_colour", "teal"));
        assertThat(answer.status()).isEqualTo(201);
        String payload = jdbc.sql("select payload from submissions where workspace_id = ?")
                .param(site.workspaceId())
                .query(String.class)
                .single();
        assertThat(payload).contains("favourite_colour").contains("teal");
    }

    @Test
    void submissionIsOnTheLeadTimelineWithWhereItCameFrom() {
        Capturing.Site site = capturing.site();
        long id = capturing
                .submit(
                        site,
                        body("email", email(), "name", "Jane"),
                        "User-Agent",
                        "LeadlineTest/1.0",
                        "Referer",
                        "https://acme.com/contact")
                .json()
                .get("lead_id")
                .asLong();
        JsonNode timeline = capturing.lead(site, id).get("timeline");
        List<String> types = new ArrayList<>();
        timeline.forEach(e -> types.add(e.get("type").asString()));
        assertThat(types).containsExactly("created", "submission");
        JsonNode detail = timeline.get(1).get("detail");
        assertThat(detail.get("outcome").asString()).isEqualTo("created");
        assertThat(detail.get("userAgent").asString()).isEqualTo("LeadlineTest/1.0");
        assertThat(detail.get("referer").asString()).isEqualTo("https://acme.com/contact");
        assertThat(detail.get("clientIp").asString()).isNotBlank();
        assertThat(detail.get("payload").get("name").asString()).isEqualTo("Jane");
        assertThat(timeline.get(1).get("at").asString()).isNotBlank();
    }

    // --- merge -----------------------------------------------------------------------------------

    @Test
    void sameEmailInAnotherCaseJoinsTheLeadAnd200LeadUpdated() {
        Capturing.Site site = capturing.site();
        String email = email();
        long first = capturing
                .submit(site, body("email", email))
                .json()
                .get("lead_id")
                .asLong();
        TestApi.Answer second = capturing.submit(site, body("email", "  " + email.toUpperCase() + " "));
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.text("code")).isEqualTo("LEAD_UPDATED");
        assertThat(second.text("request_id")).startsWith("req_");
        assertThat(second.json().get("lead_id").asLong()).isEqualTo(first);
        assertThat(capturing.leads(site)).isEqualTo(1);
    }

    @Test
    void joiningFillsEmptyFieldsMergesAttributesAndUtmAndExtendsThePageTrail() {
        Capturing.Site site = capturing.site();
        String email = email();
        long id = capturing
                .submit(
                        site,
                        body(
                                "email", email,
                                "attributes", Map.of("plan", "pro"),
                                "utm", Map.of("utm_source", "google"),
                                "page_trail", List.of("/a", "/b")))
                .json()
                .get("lead_id")
                .asLong();
        TestApi.Answer second = capturing.submit(
                site,
                body(
                        "email",
                        email,
                        "name",
                        "Jane Smith",
                        "phone",
                        "555 0100",
                        "attributes",
                        Map.of("plan", "free", "seats", 3),
                        "utm",
                        Map.of("utm_source", "bing", "utm_campaign", "spring"),
                        "page_trail",
                        List.of("/a", "/b", "/c")));
        assertThat(second.status()).isEqualTo(200);
        JsonNode lead = capturing.lead(site, id);
        assertThat(lead.get("name").asString()).isEqualTo("Jane Smith");
        assertThat(lead.get("phone").asString()).isEqualTo("555 0100");
        assertThat(lead.get("attributes").get("plan").asString()).isEqualTo("pro");
        assertThat(lead.get("attributes").get("seats").asInt()).isEqualTo(3);
        assertThat(lead.get("utm").get("utm_source").asString()).isEqualTo("google");
        assertThat(lead.get("utm").get("utm_campaign").asString()).isEqualTo("spring");
        assertThat(lead.get("pageTrail").toString()).isEqualTo("[\"/a\",\"/b\",\"/c\"]");
        List<String> outcomes = new ArrayList<>();
        lead.get("timeline").forEach(e -> {
            if (e.get("type").asString().equals("submission")) {
                outcomes.add(e.get("detail").get("outcome").asString());
            }
        });
        assertThat(outcomes).containsExactly("created", "merged");
    }

    @Test
    void samePhoneDigitsJoinTheLeadWhenNoEmailMatches() {
        Capturing.Site site = capturing.site();
        long first = capturing
                .submit(site, body("phone", "+1 (555) 987-6543", "name", "Sam"))
                .json()
                .get("lead_id")
                .asLong();
        TestApi.Answer second = capturing.submit(site, body("phone", "15559876543", "email", email()));
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("lead_id").asLong()).isEqualTo(first);
        assertThat(capturing.lead(site, first).get("email").asString()).startsWith("jane");
    }

    @Test
    void theOldMexicanAndBrazilianMobileFormsWhatsAppSendsJoinTheNumbersPeopleType() {
        Capturing.Site site = capturing.site();
        for (String[] forms :
                new String[][] {{"+52 55 1234 5678", "+5215512345678"}, {"+55 11 98765-4321", "+551187654321"}}) {
            long typed = capturing
                    .submit(site, body("phone", forms[0], "name", "Ana"))
                    .json()
                    .get("lead_id")
                    .asLong();
            TestApi.Answer fromWhatsApp = capturing.submit(site, body("phone", forms[1]));
            assertThat(fromWhatsApp.status()).as(forms[1]).isEqualTo(200);
            assertThat(fromWhatsApp.json().get("lead_id").asLong()).isEqualTo(typed);
        }
    }

    @Test
    void emailMatchWinsOverPhoneMatch() {
        Capturing.Site site = capturing.site();
        String email = email();
        long byPhone = capturing
                .submit(site, body("phone", "555 1111"))
                .json()
                .get("lead_id")
                .asLong();
        long byEmail = capturing
                .submit(site, body("email", email))
                .json()
                .get("lead_id")
                .asLong();
        TestApi.Answer both = capturing.submit(site, body("email", email, "phone", "5551111"));
        assertThat(both.status()).isEqualTo(200);
        assertThat(both.json().get("lead_id").asLong()).isEqualTo(byEmail).isNotEqualTo(byPhone);
    }

    @Test
    void differentPersonMakesANewLead() {
        Capturing.Site site = capturing.site();
        long first = capturing
                .submit(site, body("email", email(), "phone", "555 2222"))
                .json()
                .get("lead_id")
                .asLong();
        TestApi.Answer other = capturing.submit(site, body("email", email(), "phone", "555 3333"));
        assertThat(other.status()).isEqualTo(201);
        assertThat(other.json().get("lead_id").asLong()).isNotEqualTo(first);
    }

    @Test
    void submissionWithoutEmailOrPhoneAlwaysMakesANewLead() {
        Capturing.Site site = capturing.site();
        assertThat(capturing.submit(site, body("name", "Anon")).status()).isEqualTo(201);
        assertThat(capturing.submit(site, body("name", "Anon")).status()).isEqualTo(201);
        assertThat(capturing.leads(site)).isEqualTo(2);
    }

    @Test
    void privateApiLeadWithTheSameEmailIsJoined() {
        Capturing.Site site = capturing.site();
        String email = email();
        expect(
                201,
                api.post(
                        "/api/v1/leads",
                        body("firstName", "Jane", "lastName", "Api", "email", email),
                        site.tenant().auth()));
        TestApi.Answer captured = capturing.submit(site, body("email", email.toUpperCase(), "name", "Jane Web"));
        assertThat(captured.status()).isEqualTo(200);
        JsonNode lead = capturing.lead(site, captured.json().get("lead_id").asLong());
        assertThat(lead.get("channel").asString()).isEqualTo("api");
        assertThat(lead.get("firstName").asString()).isEqualTo("Jane");
    }

    @Test
    void capturedEmailStillBlocksADuplicateOnThePrivateApi() {
        Capturing.Site site = capturing.site();
        String email = email();
        expect(201, capturing.submit(site, body("email", email)));
        TestApi.Answer duplicate = api.post(
                "/api/v1/leads",
                body("firstName", "Jane", "lastName", "Smith", "email", email),
                site.tenant().auth());
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.text("code")).isEqualTo("DUPLICATE_LEAD");
    }

    @Test
    void privateApiLeadsMayStillShareAPhone() {
        Capturing.Site site = capturing.site();
        for (String last : List.of("One", "Two")) {
            expect(
                    201,
                    api.post(
                            "/api/v1/leads",
                            body("firstName", "Pat", "lastName", last, "phone", "555 4444"),
                            site.tenant().auth()));
        }
        TestApi.Answer captured = capturing.submit(site, body("phone", "5554444"));
        assertThat(captured.status()).isEqualTo(200);
    }

    @Test
    void leadOfAnotherWorkspaceIsNeverJoinedOrSeen() {
        Capturing.Site a = capturing.site();
        Capturing.Site b = capturing.site();
        String email = email();
        long inA =
                capturing.submit(a, body("email", email)).json().get("lead_id").asLong();
        TestApi.Answer inB = capturing.submit(b, body("email", email));
        assertThat(inB.status()).isEqualTo(201);
        assertThat(inB.json().get("lead_id").asLong()).isNotEqualTo(inA);
        JsonNode listA = api.get("/api/v1/leads", a.tenant().auth()).json().get("data");
        assertThat(listA.size()).isEqualTo(1);
        assertThat(listA.get(0).get("number").asLong()).isEqualTo(inA);
    }

    @Test
    void everyRawSubmissionIsStoredWithItsOutcome() {
        Capturing.Site site = capturing.site();
        String email = email();
        capturing.submit(site, body("email", email));
        capturing.submit(site, body("email", email));
        capturing.submit(site, body("email", "not-an-email"));
        assertThat(capturing.submissions(site)).isEqualTo(3);
        assertThat(capturing.submissions(site, "created")).isEqualTo(1);
        assertThat(capturing.submissions(site, "merged")).isEqualTo(1);
        assertThat(capturing.submissions(site, "rejected_invalid")).isEqualTo(1);
        assertThat(capturing.count(
                        "select count(distinct lead_id) from submissions where workspace_id = ? and lead_id is not null",
                        site.workspaceId()))
                .isEqualTo(1);
    }

    // --- plan limit --------------------------------------------------------------------------------

    @Test
    void newLeadOverTheMonthlyLimitIs429PlanLimitReachedWithRetryAfterUntilTheMonthTurns() {
        Capturing.Site site = capturing.site(2);
        expect(201, capturing.submit(site, body("email", email())));
        expect(201, capturing.submit(site, body("email", email())));
        TestApi.Answer over = capturing.submit(site, body("email", email()));
        assertThat(over.status()).isEqualTo(429);
        assertThat(over.text("code")).isEqualTo("PLAN_LIMIT_REACHED");
        assertThat(over.text("message")).isEqualTo("Monthly lead limit reached. Please upgrade.");
        assertThat(over.text("request_id")).startsWith("req_");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        long untilNextMonth = Duration.between(
                        now,
                        YearMonth.from(now)
                                .plusMonths(1)
                                .atDay(1)
                                .atStartOfDay()
                                .atOffset(ZoneOffset.UTC))
                .toSeconds();
        assertThat(Long.parseLong(over.header("Retry-After"))).isBetween(1L, untilNextMonth + 5);
        assertThat(capturing.leads(site)).isEqualTo(2);
        assertThat(capturing.submissions(site, "rejected_plan_limit")).isEqualTo(1);
    }

    @Test
    void joiningAnExistingLeadStillWorksAtTheLimit() {
        Capturing.Site site = capturing.site(1);
        String email = email();
        long id = capturing
                .submit(site, body("email", email))
                .json()
                .get("lead_id")
                .asLong();
        expect(429, capturing.submit(site, body("email", email())));
        TestApi.Answer again = capturing.submit(site, body("email", email, "name", "Jane"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("lead_id").asLong()).isEqualTo(id);
    }

    @Test
    void privateApiCreatesCountAgainstTheSameLimitAndGet429Too() {
        Capturing.Site site = capturing.site(1);
        expect(
                201,
                api.post(
                        "/api/v1/leads",
                        body("firstName", "Ada", "lastName", "Api", "email", email()),
                        site.tenant().auth()));
        TestApi.Answer captured = capturing.submit(site, body("email", email()));
        assertThat(captured.status()).isEqualTo(429);
        assertThat(captured.text("code")).isEqualTo("PLAN_LIMIT_REACHED");
        TestApi.Answer viaApi = api.post(
                "/api/v1/leads",
                body("firstName", "Bea", "lastName", "Api"),
                site.tenant().auth());
        assertThat(viaApi.status()).isEqualTo(429);
        assertThat(viaApi.text("code")).isEqualTo("PLAN_LIMIT_REACHED");
        assertThat(viaApi.header("Retry-After")).isNotNull();
    }

    @Test
    void raisingTheLimitLetsNewLeadsInAgain() {
        Capturing.Site site = capturing.site(0);
        expect(429, capturing.submit(site, body("email", email())));
        expect(200, api.admin("PATCH", "/api/admin/workspaces/" + site.workspaceId(), Map.of("monthlyLeadLimit", 1)));
        assertThat(capturing.submit(site, body("email", email())).status()).isEqualTo(201);
        java.util.HashMap<String, Object> unlimited = new java.util.HashMap<>();
        unlimited.put("monthlyLeadLimit", null);
        expect(200, api.admin("PATCH", "/api/admin/workspaces/" + site.workspaceId(), unlimited));
        assertThat(capturing.submit(site, body("email", email())).status()).isEqualTo(201);
    }

    @Test
    void usageOfTheMonthIsCountedForUnlimitedWorkspacesToo() {
        Capturing.Site site = capturing.site();
        capturing.submit(site, body("email", email()));
        capturing.submit(site, body("phone", "555 7777"));
        assertThat(capturing.count(
                        "select lead_count from workspace_usage where workspace_id = ? and year_month = ?",
                        site.workspaceId(),
                        YearMonth.now(ZoneOffset.UTC).toString()))
                .isEqualTo(2);
    }

    // --- abuse limit ------------------------------------------------------------------------------

    @Test
    void moreThanSixtySubmissionsAMinuteFromOneIpAre429RateLimited() {
        Capturing.Site site = capturing.site();
        for (int i = 0; i < 60; i++) {
            expect(201, capturing.submit(site, "{}"));
        }
        TestApi.Answer limited = capturing.submit(site, "{}");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.text("code")).isEqualTo("RATE_LIMITED");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(capturing.submissions(site)).isEqualTo(60);
        Capturing.Site otherProject = capturing.project(site);
        assertThat(capturing.submit(otherProject, "{}").status()).isEqualTo(201);
    }

    // --- documentation --------------------------------------------------------------------------

    @Test
    void openApiDescribesTheCaptureEndpointWithExamples() {
        JsonNode docs = expect(200, api.get("/v3/api-docs")).json();
        JsonNode post = docs.get("paths").get("/api/public/lead").get("post");
        assertThat(post.get("responses").propertyNames()).contains("200", "201", "400", "401", "403", "429");
        assertThat(post.get("responses").get("201").toString()).contains("LEAD_CREATED");
        assertThat(post.get("requestBody").toString()).contains("page_trail").contains("source_url");
        assertThat(docs.get("components").get("securitySchemes").has("projectKey"))
                .isTrue();
    }

    @Test
    void openApiDescribesTheHeadersOfTheCaptureAnswers() {
        JsonNode responses = expect(200, api.get("/v3/api-docs"))
                .json()
                .get("paths")
                .get("/api/public/lead")
                .get("post")
                .get("responses");
        for (String status : List.of("200", "201", "400", "403", "429")) {
            assertThat(responses.get(status).get("headers").propertyNames())
                    .as(status)
                    .contains("X-Request-Id", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset");
        }
        assertThat(responses.get("429").get("headers").propertyNames()).contains("Retry-After");
        assertThat(responses.get("401").get("headers").propertyNames())
                .contains("X-Request-Id")
                .doesNotContain("X-RateLimit-Limit");
        // What the document says is what a capture answers.
        TestApi.Answer created = capturing.submit(capturing.site(), "{}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("X-RateLimit-Limit")).isNotNull();
        assertThat(created.header("X-Request-Id")).isNotNull();
        TestApi.Answer unauthorized = capturing.submitWithoutKey("{}");
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.header("X-RateLimit-Limit")).isNull();
    }

    @Test
    void captureScriptIsServedByLeadline() {
        TestApi.Answer script = api.get("/capture.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).contains("javascript");
        assertThat(script.body()).contains("/api/public/lead").contains("data-leadline");
    }
}
