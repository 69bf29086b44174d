package io.leadline.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.leadline.apikey.ApiKeys;
import io.leadline.lead.LeadSearch;
import io.leadline.lead.LeadView;
import io.leadline.lead.Leads;
import io.leadline.testing.OnH2;
import io.leadline.testing.TestApi;
import io.leadline.workspace.Role;
import io.leadline.workspace.User;
import io.leadline.workspace.Workspaces;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Permission, scoping, CSRF and validation rules of the dashboard, through the MVC and security
 * filter stack (MockMvc) of the whole application on a fresh H2 database of its own.
 */
@OnH2
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardWebTests {

    private static final String PASSWORD = "correct horse battery";

    @Autowired
    MockMvc mvc;

    @Autowired
    Workspaces workspaces;

    @Autowired
    ApiKeys apiKeys;

    @Autowired
    Leads leads;

    @Autowired
    io.leadline.lead.Tags tags;

    @Autowired
    io.leadline.webhook.Webhooks webhooks;

    @Autowired
    io.leadline.apikey.RateLimiter limiter;

    @LocalServerPort
    int port;

    User firstUser;
    User secondUser;

    @BeforeAll
    void firstSignUps() {
        // This class's context has a database of its own, so these are the instance's first users.
        firstUser = workspaces.signUp("First", "first-" + System.nanoTime() + "@example.com", "First", PASSWORD);
        secondUser = workspaces.signUp("Second", "second-" + System.nanoTime() + "@example.com", "Second", PASSWORD);
    }

    record Team(User owner, User admin, User member, String leadId, String key) {}

    private Team team() {
        User owner = workspaces.signUp(
                "Team " + System.nanoTime(), "owner-" + System.nanoTime() + "@example.com", "Olivia Owner", PASSWORD);
        User admin = workspaces.addUser(
                owner.workspaceId(), "admin-" + System.nanoTime() + "@example.com", "Adam Admin", PASSWORD, Role.ADMIN);
        User member = workspaces.addUser(
                owner.workspaceId(),
                "member-" + System.nanoTime() + "@example.com",
                "Mia Member",
                PASSWORD,
                Role.MEMBER);
        String key = apiKeys.create(owner.id(), "tests").key();
        String leadId = TestApi.expect(
                        201,
                        new TestApi(port)
                                .post(
                                        "/api/v1/leads",
                                        Map.of("firstName", "Jane", "lastName", "Smith", "email", "jane@acme.test"),
                                        "X-API-Key",
                                        key))
                .text("id");
        return new Team(owner, admin, member, leadId, key);
    }

    private String apiLead(Team t, Map<String, String> body) {
        return TestApi.expect(201, new TestApi(port).post("/api/v1/leads", body, "X-API-Key", t.key()))
                .text("id");
    }

    private static Authentication as(User user) {
        return DashboardSecurity.signedIn(user, 0);
    }

    @Test
    void theFirstUserOfAFreshInstanceIsItsInstanceAdminAndNobodyElse() {
        assertThat(workspaces.findAccount(firstUser.id()).orElseThrow().instanceAdmin())
                .isTrue();
        assertThat(workspaces.findAccount(secondUser.id()).orElseThrow().instanceAdmin())
                .isFalse();
    }

    /** An open instance may hold very many workspaces: the admin's list pages through them and finds one. */
    @Test
    void theInstanceAdminPagesThroughTheWorkspacesAndFindsOneByNameIdOrAPersonsEmail() throws Exception {
        String tag = "Paged" + System.nanoTime();
        List<User> owners = new java.util.ArrayList<>();
        for (int i = 0; i < InstanceAdminController.PAGE_SIZE + 3; i++) {
            owners.add(workspaces.signUp(
                    tag + " " + i, "paged-" + i + "-" + System.nanoTime() + "@example.com", "Owner " + i, PASSWORD));
        }
        java.util.regex.Pattern row = java.util.regex.Pattern.compile("/app/admin/workspaces/(ws_[A-Za-z0-9]+)\"");
        java.util.function.Function<String, List<String>> ids = html ->
                row.matcher(html).results().map(m -> m.group(1)).distinct().toList();

        String first = mvc.perform(get("/app/admin").param("q", tag).with(authentication(as(firstUser))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(ids.apply(first)).hasSize(InstanceAdminController.PAGE_SIZE);
        assertThat(ids.apply(first).getFirst()).isEqualTo(owners.getLast().workspaceId());
        java.util.regex.Matcher next = java.util.regex.Pattern.compile("id=\"next-page\" href=\"([^\"]+)\"")
                .matcher(first);
        assertThat(next.find()).isTrue();
        String second = mvc.perform(get(next.group(1).replace("&amp;", "&")).with(authentication(as(firstUser))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(ids.apply(second))
                .containsExactly(
                        owners.get(2).workspaceId(),
                        owners.get(1).workspaceId(),
                        owners.get(0).workspaceId());
        assertThat(second).doesNotContain("id=\"next-page\"").contains("id=\"first-page\"");

        // By a person's email in any case, by id, by a name with LIKE's wildcards taken literally.
        User someone = owners.get(7);
        String email =
                workspaces.members(someone.workspaceId()).getFirst().email().toUpperCase(java.util.Locale.ROOT);
        for (String q : List.of(email, someone.workspaceId(), tag.toLowerCase(java.util.Locale.ROOT) + " 7")) {
            String found = mvc.perform(get("/app/admin").param("q", q).with(authentication(as(firstUser))))
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            assertThat(ids.apply(found)).as(q).containsExactly(someone.workspaceId());
        }
        String none = mvc.perform(get("/app/admin").param("q", tag + "%").with(authentication(as(firstUser))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(ids.apply(none)).isEmpty();
        assertThat(none).contains("No workspace matches");
        // A cursor that is not one shows the first page.
        assertThat(ids.apply(mvc.perform(get("/app/admin")
                                .param("q", tag)
                                .param("after", "not a cursor")
                                .with(authentication(as(firstUser))))
                        .andReturn()
                        .getResponse()
                        .getContentAsString()))
                .hasSize(InstanceAdminController.PAGE_SIZE);
    }

    /** A workspace at its limit of tags or projects says so by the name field, keeping the form. */
    @Test
    void aTagOrProjectBeyondTheWorkspacesLimitIsRefusedOnTheForm() throws Exception {
        Team t = team();
        for (int i = 0; i < io.leadline.workspace.WorkspaceLimit.TAGS.max(); i++) {
            tags.create(t.owner().workspaceId(), "Tag " + i, null);
        }
        mvc.perform(post("/app/tags")
                        .param("name", "One too many")
                        .param("color", "#ff0000")
                        .with(csrf())
                        .with(authentication(as(t.owner()))))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("A workspace holds at most 500 tags")))
                .andExpect(content().string(containsString("One too many")));
        for (int i = 0; i < io.leadline.workspace.WorkspaceLimit.PROJECTS.max(); i++) {
            workspaces.createProject(
                    t.owner().workspaceId(), "Site " + i, io.leadline.workspace.AllowedDomains.none(), null);
        }
        mvc.perform(post("/app/projects")
                        .param("name", "Site too many")
                        .with(csrf())
                        .with(authentication(as(t.owner()))))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("A workspace holds at most 100 projects")));
    }

    @Test
    void instanceAdminPagesAreForbiddenToEveryoneElse() throws Exception {
        mvc.perform(get("/app/admin").with(authentication(as(firstUser)))).andExpect(status().isOk());
        mvc.perform(get("/app/admin").with(authentication(as(secondUser))))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith("text/html"));
    }

    @Test
    void anonymousVisitorsAreSentToSignIn() throws Exception {
        mvc.perform(get("/app/leads")).andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/")).andExpect(status().isFound()).andExpect(redirectedUrl("/app"));
    }

    @Test
    void theJsonApisStayOutsideTheDashboardSecurity() throws Exception {
        mvc.perform(get("/api/v1/leads"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith("application/json"))
                .andExpect(header().doesNotExist("Set-Cookie"));
        mvc.perform(post("/api/admin/workspaces")
                        .header("Authorization", "Bearer " + TestApi.ADMIN_TOKEN)
                        .contentType("application/json")
                        .content("{\"name\":\"No CSRF needed\"}"))
                .andExpect(status().isCreated());
    }

    @Test
    void membersWorkLeadsButNotKeysProjectsOrTheTeam() throws Exception {
        Team t = team();
        mvc.perform(get("/app/leads").with(authentication(as(t.member())))).andExpect(status().isOk());
        // A page size that is not one of the choices (a typo, a number too large) is the default, not an error.
        for (String size : new String[] {"abc", "99999999999", "1.5", "100"}) {
            mvc.perform(get("/app/leads").param("size", size).with(authentication(as(t.member()))))
                    .andExpect(status().isOk());
        }
        mvc.perform(get("/app/leads/" + t.leadId()).with(authentication(as(t.member()))))
                .andExpect(status().isOk());
        for (String page : new String[] {"/app/settings/api", "/app/projects", "/app/team"}) {
            mvc.perform(get(page).with(authentication(as(t.member()))))
                    .andExpect(status().isForbidden())
                    .andExpect(content().contentTypeCompatibleWith("text/html"));
            mvc.perform(get(page).with(authentication(as(t.admin())))).andExpect(status().isOk());
        }
        mvc.perform(post("/app/settings/api")
                        .param("name", "sneaky")
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(status().isForbidden());
        assertThat(apiKeys.list(t.owner().workspaceId()))
                .extracting(k -> k.name())
                .doesNotContain("sneaky");
        mvc.perform(post("/app/team")
                        .param("email", "new@example.com")
                        .param("name", "New")
                        .param("role", "admin")
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(status().isForbidden());
    }

    /** The invite form tells whether an email has an account here: a workspace sends at most 20 a minute. */
    @Test
    void aWorkspaceInvitesAtMostTwentyPeopleAMinute() throws Exception {
        Team t = team();
        for (int i = 0; i < TeamController.INVITATIONS_PER_MINUTE; i++) {
            mvc.perform(post("/app/team")
                            .param("email", "probe-" + i + "-" + System.nanoTime() + "@example.com")
                            .param("name", "Probe " + i)
                            .param("role", "member")
                            .with(csrf())
                            .with(authentication(as(t.owner()))))
                    .andExpect(status().isFound());
        }
        String tooMany = "someone-" + System.nanoTime() + "@example.com";
        mvc.perform(post("/app/team")
                        .param("email", tooMany)
                        .param("name", "One more")
                        .param("role", "member")
                        .with(csrf())
                        .with(authentication(as(t.owner()))))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("invitations in a minute")));
        assertThat(workspaces.members(t.owner().workspaceId()))
                .extracting(User::email)
                .doesNotContain(tooMany);
        // Another workspace is not held back.
        Team other = team();
        mvc.perform(post("/app/team")
                        .param("email", tooMany)
                        .param("name", "One more")
                        .param("role", "member")
                        .with(csrf())
                        .with(authentication(as(other.owner()))))
                .andExpect(status().isFound());
    }

    @Test
    void theInstanceAdminCannotBeRemovedByACoOwner() throws Exception {
        User coOwner = workspaces.addUser(
                firstUser.workspaceId(), "co-" + System.nanoTime() + "@example.com", "Co Owner", PASSWORD, Role.OWNER);
        mvc.perform(post("/app/team/" + firstUser.id() + "/remove")
                        .param("confirmed", "yes")
                        .with(csrf())
                        .with(authentication(as(coOwner))))
                .andExpect(status().isFound())
                .andExpect(flash().attribute("flashError", containsString("runs this Leadline instance")));
        assertThat(workspaces.findAccount(firstUser.id()).orElseThrow().instanceAdmin())
                .isTrue();
    }

    @Test
    void aManagerGivesAMemberWhoForgotTheirPasswordANewOneTimePassword() throws Exception {
        Team t = team();
        var flash = mvc.perform(post("/app/team/" + t.member().id() + "/reset-password")
                        .param("confirmed", "yes")
                        .with(csrf())
                        .with(authentication(as(t.admin()))))
                .andExpect(status().isFound())
                .andReturn()
                .getFlashMap();
        String otp = (String) flash.get("oneTimePassword");
        assertThat(otp).hasSize(16);
        assertThat(workspaces.authenticate(t.member().email(), PASSWORD)).isEmpty();
        assertThat(workspaces.authenticate(t.member().email(), otp)).isPresent();
        assertThat(workspaces.findAccount(t.member().id()).orElseThrow().mustChangePassword())
                .isTrue();
        // Their open sessions end with the old password.
        mvc.perform(get("/app/leads").with(authentication(as(t.member())))).andExpect(redirectedUrl("/login?ended"));

        // An admin cannot reset an owner, and nobody can reset the instance admin.
        flash = mvc.perform(post("/app/team/" + t.owner().id() + "/reset-password")
                        .param("confirmed", "yes")
                        .with(csrf())
                        .with(authentication(as(t.admin()))))
                .andReturn()
                .getFlashMap();
        assertThat((String) flash.get("flashError")).contains("Only an owner");
        User coOwner = workspaces.addUser(
                firstUser.workspaceId(), "co2-" + System.nanoTime() + "@example.com", "Co Two", PASSWORD, Role.OWNER);
        flash = mvc.perform(post("/app/team/" + firstUser.id() + "/reset-password")
                        .param("confirmed", "yes")
                        .with(csrf())
                        .with(authentication(as(coOwner))))
                .andReturn()
                .getFlashMap();
        assertThat((String) flash.get("flashError")).contains("runs this Leadline instance");
        assertThat(workspaces.authenticate(firstUser.email(), PASSWORD)).isPresent();
    }

    @Test
    void anAdminDemotedToMemberLosesTheSecretKeysTheyMade() throws Exception {
        Team t = team();
        String adminKey = apiKeys.create(t.admin().id(), "admin's").key();
        TestApi api = new TestApi(port);
        assertThat(api.get("/api/v1/leads", "X-API-Key", adminKey).status()).isEqualTo(200);
        mvc.perform(post("/app/team/" + t.admin().id() + "/role")
                        .param("confirmed", "yes")
                        .param("role", "member")
                        .with(csrf())
                        .with(authentication(as(t.owner()))))
                .andExpect(status().isFound())
                .andExpect(flash().attribute("flash", containsString("no longer work")));
        assertThat(api.get("/api/v1/leads", "X-API-Key", adminKey).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/leads", "X-API-Key", t.key()).status())
                .as("the owner's key is untouched")
                .isEqualTo(200);
    }

    @Test
    void peopleRenameThemselvesAndManagersRenameProjects() throws Exception {
        Team t = team();
        mvc.perform(post("/app/account/name")
                        .param("name", "  Mia Renamed ")
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(flash().attribute("flash", containsString("Mia Renamed")));
        assertThat(workspaces.findUser(t.member().id()).orElseThrow().name()).isEqualTo("Mia Renamed");
        mvc.perform(post("/app/account/name").param("name", " ").with(csrf()).with(authentication(as(t.member()))))
                .andExpect(flash().attribute("flashError", containsString("Enter your name")));

        var project = workspaces.createProject(
                t.owner().workspaceId(), "Old name", io.leadline.workspace.AllowedDomains.none(), null);
        mvc.perform(post("/app/projects/" + project.id() + "/name")
                        .param("name", "Landing pages")
                        .with(csrf())
                        .with(authentication(as(t.admin()))))
                .andExpect(redirectedUrl("/app/projects/" + project.id()));
        assertThat(workspaces
                        .findProject(t.owner().workspaceId(), project.id())
                        .orElseThrow()
                        .name())
                .isEqualTo("Landing pages");
        Team other = team();
        mvc.perform(post("/app/projects/" + project.id() + "/name")
                        .param("name", "Hijacked")
                        .with(csrf())
                        .with(authentication(as(other.owner()))))
                .andExpect(status().isNotFound());
        assertThat(workspaces
                        .findProject(t.owner().workspaceId(), project.id())
                        .orElseThrow()
                        .name())
                .isEqualTo("Landing pages");
    }

    @Test
    void deletingALeadReturnsToTheFilteredListItWasOpenedFrom() throws Exception {
        Team t = team();
        mvc.perform(get("/app/leads/" + t.leadId())
                        .param("back", "status=new&q=jane")
                        .with(authentication(as(t.member()))))
                .andExpect(content()
                        .string(containsString("/app/leads/" + t.leadId() + "/delete?back=status%3Dnew%26q%3Djane")));
        mvc.perform(post("/app/leads/" + t.leadId() + "/delete")
                        .param("back", "status=new&q=jane")
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(redirectedUrl("/app/leads?status=new&q=jane"));
    }

    @Test
    void anAdminIsNotOfferedWhatOnlyAnOwnerMayDoToAnOwner() throws Exception {
        Team t = team();
        String page = mvc.perform(get("/app/team").with(authentication(as(t.admin()))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).doesNotContain("/app/team/" + t.owner().id() + "/remove");
        assertThat(page).doesNotContain("/app/team/" + t.owner().id() + "/reset-password");
        assertThat(page).doesNotContain("/app/team/" + t.owner().id() + "/role");
        assertThat(page).contains("/app/team/" + t.member().id() + "/remove");
        String owners = mvc.perform(get("/app/team").with(authentication(as(t.owner()))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(owners).contains("/app/team/" + t.admin().id() + "/remove");
    }

    @Test
    void bulkDeleteAsksFirstThenDeletesTheSelectedLeadsOfThisWorkspaceOnly() throws Exception {
        Team t = team();
        String spam = apiLead(t, Map.of("firstName", "Spam", "lastName", "Bot", "email", "spam@bot.example"));
        String confirm = mvc.perform(post("/app/leads/bulk")
                        .param("ids", t.leadId(), spam)
                        .param("action", "delete")
                        .param("back", "q=bot")
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(confirm).contains("Delete these 2 leads?", "Spam Bot", "Jane Smith");
        assertThat(leads.search(t.owner().workspaceId(), LeadSearch.everything(), null, 10)
                        .data())
                .hasSize(2);
        // Another workspace's member cannot delete them by posting their ids.
        mvc.perform(post("/app/leads/bulk-delete")
                        .param("ids", spam)
                        .with(csrf())
                        .with(authentication(as(team().owner()))))
                .andExpect(flash().attribute("flashError", containsString("nothing was deleted")));
        mvc.perform(post("/app/leads/bulk-delete")
                        .param("ids", t.leadId(), spam)
                        .param("back", "q=bot")
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(redirectedUrl("/app/leads?q=bot"))
                .andExpect(flash().attribute("flash", "2 leads deleted."));
        assertThat(leads.search(t.owner().workspaceId(), LeadSearch.everything(), null, 10)
                        .data())
                .isEmpty();
    }

    @Test
    void theTagsPageCountsEachTagsLeadsAndTheDeleteConfirmationSaysHowMany() throws Exception {
        Team t = team();
        var partner = tags.create(t.owner().workspaceId(), "Partner " + System.nanoTime(), "#00aa00");
        leads.changeTag(t.owner().workspaceId(), t.owner().id(), t.leadId(), partner.id(), true);
        String page = mvc.perform(get("/app/tags").with(authentication(as(t.member()))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("href=\"/app/leads?tag=" + partner.id() + "\">1</a>");
        assertThat(page).contains("It is on 1 lead; only the tag comes off.");
    }

    @Test
    void theProjectPageSaysWhichSitesWereRefused() throws Exception {
        Team t = team();
        var project = workspaces.createProject(
                t.owner().workspaceId(),
                "Guarded",
                io.leadline.workspace.AllowedDomains.of(List.of("acme.example")),
                null);
        TestApi api = new TestApi(port);
        assertThat(api.post(
                                "/api/public/lead",
                                Map.of("email", "x@y.example"),
                                "X-API-Key",
                                project.apiKey(),
                                "Origin",
                                "https://staging.acme.example")
                        .status())
                .isEqualTo(403);
        mvc.perform(get("/app/projects/" + project.id()).with(authentication(as(t.admin()))))
                .andExpect(content().string(containsString("Refused recently")))
                .andExpect(content().string(containsString("staging.acme.example")));
    }

    @Test
    void theBrowsersFaviconRequestFindsAnIconNotA404() throws Exception {
        mvc.perform(get("/favicon.ico"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", containsString("image/")));
    }

    @Test
    void theProjectPageCountsOneNewLeadInTheSingular() throws Exception {
        Team t = team();
        var project = workspaces.createProject(
                t.owner().workspaceId(), "Counted", io.leadline.workspace.AllowedDomains.of(List.of()), null);
        mvc.perform(get("/app/projects/" + project.id()).with(authentication(as(t.admin()))))
                .andExpect(content().string(containsString("0 new leads this month from this project")));
        assertThat(new TestApi(port)
                        .post("/api/public/lead", Map.of("email", "one@y.example"), "X-API-Key", project.apiKey())
                        .status())
                .isEqualTo(201);
        mvc.perform(get("/app/projects/" + project.id()).with(authentication(as(t.admin()))))
                .andExpect(content().string(containsString(">1 new lead this month from this project<")));
    }

    @Test
    void anyMemberAddsALeadByHandUnderTheApisRules() throws Exception {
        Team t = team();
        mvc.perform(get("/app/leads").with(authentication(as(t.member()))))
                .andExpect(content().string(containsString("href=\"/app/leads/new\"")));
        mvc.perform(get("/app/leads/new").with(authentication(as(t.member()))))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"firstName\"")));
        // Names are required, and the email must be one; what was typed stays in the form.
        mvc.perform(post("/app/leads/new")
                        .param("firstName", " ")
                        .param("email", "not-an-email")
                        .param("company", "Fair GmbH")
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Must not be blank")))
                .andExpect(content().string(containsString("Must be a valid email address")))
                .andExpect(content().string(containsString("value=\"Fair GmbH\"")));
        String location = mvc.perform(post("/app/leads/new")
                        .param("firstName", "Franz")
                        .param("lastName", "Fair")
                        .param("email", "franz@fair.example")
                        .param("source", "Trade show")
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(status().isFound())
                .andExpect(flash().attribute("flash", containsString("Franz Fair")))
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        String leadId = location.substring("/app/leads/".length());
        LeadView created = leads.get(t.owner().workspaceId(), leadId);
        assertThat(created.createdBy().id()).isEqualTo(t.member().id());
        assertThat(created.channel()).isEqualTo("api");
        assertThat(created.source()).isEqualTo("Trade show");
        // The same person again is the API's duplicate, named with a link.
        mvc.perform(post("/app/leads/new")
                        .param("firstName", "Other")
                        .param("lastName", "Person")
                        .param("email", "FRANZ@fair.example")
                        .with(csrf())
                        .with(authentication(as(t.owner()))))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("exists already")))
                .andExpect(content().string(containsString("/app/leads/" + leadId)));
    }

    @Test
    void aNoteGoesOnTheTimelineAndNotOnAnotherWorkspacesLead() throws Exception {
        Team t = team();
        mvc.perform(post("/app/leads/" + t.leadId() + "/notes")
                        .param("text", "Called <b>twice</b>, no answer")
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(redirectedUrl("/app/leads/" + t.leadId() + "#timeline-title"))
                .andExpect(flash().attribute("flash", "Note added."));
        mvc.perform(get("/app/leads/" + t.leadId()).with(authentication(as(t.owner()))))
                .andExpect(content().string(containsString("Called &lt;b&gt;twice&lt;/b&gt;, no answer")))
                .andExpect(content().string(containsString("Mia Member")));
        mvc.perform(post("/app/leads/" + t.leadId() + "/notes")
                        .param("text", "   ")
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(flash().attribute("flashError", containsString("must not be blank")));
        mvc.perform(post("/app/leads/" + t.leadId() + "/notes")
                        .param("text", "Sneaky")
                        .with(csrf())
                        .with(authentication(as(team().owner()))))
                .andExpect(status().isNotFound());
        assertThat(leads.get(t.owner().workspaceId(), t.leadId()).timeline().stream()
                        .filter(e -> e.type().equals("note"))
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aRefusedNoteOrAssignmentOnALeadThatIsNotHereIs404() throws Exception {
        Team t = team();
        String elsewhere = team().leadId();
        // "{x}" is what a redirect would read as a URI template variable.
        for (String lead : List.of("%7Bx%7D", elsewhere)) {
            mvc.perform(post(java.net.URI.create("/app/leads/" + lead + "/notes"))
                            .param("text", "   ")
                            .with(csrf())
                            .with(authentication(as(t.member()))))
                    .andExpect(status().isNotFound());
            mvc.perform(post(java.net.URI.create("/app/leads/" + lead + "/assign"))
                            .param("assignee", secondUser.id())
                            .with(csrf())
                            .with(authentication(as(t.member()))))
                    .andExpect(status().isNotFound());
        }
        mvc.perform(post("/app/leads/" + t.leadId() + "/assign")
                        .param("assignee", secondUser.id())
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(redirectedUrl("/app/leads/" + t.leadId()))
                .andExpect(flash().attribute("flashError", containsString("no longer in this workspace")));
    }

    @Test
    void membersAssignLeadsOneByOneOrInBulkAndFindTheirOwn() throws Exception {
        Team t = team();
        String second = apiLead(t, Map.of("firstName", "Second", "lastName", "Lead"));
        String third = apiLead(t, Map.of("firstName", "Third", "lastName", "Lead"));
        // On the lead page: a form of its own, back to the lead.
        mvc.perform(post("/app/leads/" + t.leadId() + "/assign")
                        .param("assignee", t.member().id())
                        .with(csrf())
                        .with(authentication(as(t.admin()))))
                .andExpect(redirectedUrl("/app/leads/" + t.leadId()))
                .andExpect(flash().attribute("flash", "Assigned to Mia Member."));
        String page = mvc.perform(get("/app/leads/" + t.leadId()).with(authentication(as(t.member()))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Assigned to: nobody → Mia Member", "Mia Member (you)");
        // In bulk, all or none.
        mvc.perform(post("/app/leads/bulk")
                        .param("ids", second, third)
                        .param("action", "assign")
                        .param("assignee", t.admin().id())
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(flash().attribute("flash", "2 leads assigned to Adam Admin."));
        mvc.perform(post("/app/leads/bulk")
                        .param("ids", second, t.leadId())
                        .param("action", "assign")
                        .param("assignee", t.admin().id())
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(flash().attribute("flash", "1 lead assigned to Adam Admin (1 lead already was)."));
        mvc.perform(post("/app/leads/" + t.leadId() + "/assign")
                        .param("assignee", t.member().id())
                        .with(csrf())
                        .with(authentication(as(t.admin()))))
                .andExpect(flash().attribute("flash", "Assigned to Mia Member."));
        mvc.perform(post("/app/leads/bulk")
                        .param("ids", third)
                        .param("action", "assign")
                        .param("assignee", "-")
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(flash().attribute("flashError", "Choose whom to assign the leads to."));
        // Another workspace's person is no one to assign to here.
        mvc.perform(post("/app/leads/bulk")
                        .param("ids", third)
                        .param("action", "assign")
                        .param("assignee", secondUser.id())
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(flash().attribute("flashError", containsString("no longer in this workspace")));
        mvc.perform(post("/app/leads/" + third + "/assign")
                        .param("assignee", "")
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(flash().attribute("flash", "Nobody is assigned to this lead now."));

        assertThat(mvc.perform(get("/app/leads").with(authentication(as(t.member()))))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("href=\"/app/leads?assigned=me\"");
        assertThat(listed(t.member(), "assigned=me")).containsExactly(t.leadId());
        assertThat(listed(t.admin(), "assigned=me")).containsExactly(second);
        assertThat(listed(t.member(), "assigned=" + t.admin().id())).containsExactly(second);
        assertThat(listed(t.member(), "assigned=none")).containsExactly(third);
        String csv = mvc.perform(get("/app/leads/export.csv?assigned=me").with(authentication(as(t.member()))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(csv.lines().findFirst().orElseThrow()).contains(",created_by,assigned_to,");
        assertThat(csv).contains(t.member().email());
    }

    @Test
    void removingAPersonLetsTheirLeadsGoToNobodyAndARefusedRemovalLetsNothingGo() throws Exception {
        Team t = team();
        String ws = t.owner().workspaceId();
        String second = apiLead(t, Map.of("firstName", "Second", "lastName", "Lead"));
        leads.update(
                ws,
                t.owner().id(),
                t.leadId(),
                io.leadline.lead.LeadChanges.assignedTo(t.member().id()));
        leads.update(
                ws,
                t.owner().id(),
                second,
                io.leadline.lead.LeadChanges.assignedTo(t.owner().id()));
        // An admin may not remove an owner: refused, and the owner's lead stays theirs.
        mvc.perform(post("/app/team/" + t.owner().id() + "/remove")
                        .param("confirmed", "yes")
                        .with(csrf())
                        .with(authentication(as(t.admin()))))
                .andExpect(flash().attribute("flashError", containsString("Only an owner")));
        assertThat(leads.get(ws, second).assignedTo().id()).isEqualTo(t.owner().id());

        mvc.perform(post("/app/team/" + t.member().id() + "/remove")
                        .param("confirmed", "yes")
                        .with(csrf())
                        .with(authentication(as(t.owner()))))
                .andExpect(flash().attribute("flash", containsString("Member removed")));
        assertThat(leads.get(ws, t.leadId()).assignedTo()).isNull();
        assertThat(listed(t.owner(), "assigned=none")).containsExactly(t.leadId());
        assertThat(listed(t.owner(), "assigned=ME")).containsExactly(second);
    }

    /** The ids of the leads the list shows for {@code query}, in its order. */
    private List<String> listed(User user, String query) throws Exception {
        String page = mvc.perform(get("/app/leads?" + query).with(authentication(as(user))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        List<String> ids = new ArrayList<>();
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("data-lead=\"([^\"]+)\"").matcher(page);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    @Test
    void pagesAreWrittenInUtcLabelledSoForTheScriptToMoveIntoTheReadersZone() throws Exception {
        Team t = team();
        var lead = leads.get(t.owner().workspaceId(), t.leadId());
        String utc = lead.createdAt()
                .withOffsetSameInstant(java.time.ZoneOffset.UTC)
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        String page = mvc.perform(get("/app/leads/" + t.leadId()).with(authentication(as(t.member()))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("data-local=\"minute\" data-ms=\""
                        + lead.createdAt().toInstant().toEpochMilli() + "\">" + utc
                        + "</time> <span data-zone>UTC</span>");
    }

    @Test
    void withoutThePagesScriptEveryDestructiveFormAsksOnAPageBeforeItActs() throws Exception {
        Team t = team();
        String ws = t.owner().workspaceId();
        var key = apiKeys.create(t.admin().id(), "Zapier");
        var project = workspaces.createProject(ws, "Landing", io.leadline.workspace.AllowedDomains.none(), null);
        var tag = tags.create(ws, "Partner " + System.nanoTime(), "#00aa00");
        var hook = webhooks.create(ws, "https://1.1.1.1/leadline-test", List.of("lead.created"), "", false);
        record Asked(String path, Map<String, String> params, String question, String detail) {}
        List<Asked> forms = List.of(
                new Asked(
                        "/app/settings/api/" + key.apiKey().id() + "/revoke",
                        Map.of(),
                        "Revoke this key?",
                        "Revoke Zapier? Requests with this key will fail at once."),
                new Asked(
                        "/app/projects/" + project.id() + "/rotate",
                        Map.of(),
                        "Issue a new key?",
                        "The current key stops working at once"),
                new Asked("/app/tags/" + tag.id() + "/delete", Map.of(), "Delete the tag Partner", "No lead has it."),
                new Asked(
                        "/app/settings/webhooks/" + hook.id() + "/rotate",
                        Map.of("oldSecretValidHours", "0"),
                        "Rotate the signing secret?",
                        "must use the new one at once"),
                new Asked(
                        "/app/settings/webhooks/" + hook.id() + "/rotate",
                        Map.of("oldSecretValidHours", "168"),
                        "Rotate the signing secret?",
                        "keeps working beside the new one for 168 hours"),
                new Asked(
                        "/app/settings/webhooks/" + hook.id() + "/delete",
                        Map.of(),
                        "Delete this webhook?",
                        "Delete the webhook to https://1.1.1.1/leadline-test and its delivery log?"),
                new Asked(
                        "/app/team/" + t.member().id() + "/reset-password",
                        Map.of(),
                        "Give Mia Member a new password?",
                        "Their current password stops working"),
                new Asked(
                        "/app/team/" + t.member().id() + "/remove",
                        Map.of(),
                        "Remove Mia Member?",
                        "Their secret keys stop working, and the leads assigned to them are assigned to nobody."),
                new Asked(
                        "/app/team/" + t.owner().id() + "/role",
                        Map.of("role", "member"),
                        "Change your own role?",
                        "Change your own role to member?"));
        for (Asked form : forms) {
            var request = post(form.path()).with(csrf()).with(authentication(as(t.owner())));
            form.params().forEach(request::param);
            String page = mvc.perform(request)
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            assertThat(page)
                    .as(form.path())
                    .contains("id=\"confirmation\"", form.question(), form.detail())
                    .contains("action=\"" + form.path() + "\"")
                    .contains("<input type=\"hidden\" name=\"confirmed\" value=\"yes\">");
            form.params()
                    .forEach((name, value) ->
                            assertThat(page).as(form.path()).contains("name=\"" + name + "\" value=\"" + value + "\""));
        }
        // Nothing was done by asking.
        assertThat(apiKeys.find(key.apiKey().id()).orElseThrow().revoked()).isFalse();
        assertThat(workspaces.findProject(ws, project.id()).orElseThrow().apiKey())
                .isEqualTo(project.apiKey());
        assertThat(tags.find(ws, tag.id())).isPresent();
        assertThat(webhooks.find(ws, hook.id()).secret()).isEqualTo(hook.secret());
        assertThat(workspaces.authenticate(t.member().email(), PASSWORD)).isPresent();
        assertThat(workspaces.findUser(t.owner().id()).orElseThrow().role()).isEqualTo(Role.OWNER);

        // The page's own form, sent as it is, acts.
        mvc.perform(post(forms.getFirst().path())
                        .param("confirmed", "yes")
                        .with(csrf())
                        .with(authentication(as(t.owner()))))
                .andExpect(status().isFound())
                .andExpect(flash().attribute("flash", containsString("revoked")));
        assertThat(apiKeys.find(key.apiKey().id()).orElseThrow().revoked()).isTrue();
        mvc.perform(post("/app/tags/" + tag.id() + "/delete")
                        .param("confirmed", "yes")
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(status().isFound());
        assertThat(tags.find(ws, tag.id())).isEmpty();
        // A question about someone removed meanwhile says so instead of asking.
        mvc.perform(post("/app/team/" + t.member().id() + "/remove")
                        .param("confirmed", "yes")
                        .with(csrf())
                        .with(authentication(as(t.owner()))))
                .andExpect(flash().attribute("flash", containsString("Member removed")));
        mvc.perform(post("/app/team/" + t.member().id() + "/remove")
                        .with(csrf())
                        .with(authentication(as(t.owner()))))
                .andExpect(status().isFound())
                .andExpect(flash().attribute("flashError", containsString("no longer in this workspace")));
        // Another workspace's key is not even asked about.
        mvc.perform(post("/app/settings/api/" + key.apiKey().id() + "/revoke")
                        .with(csrf())
                        .with(authentication(as(secondUser))))
                .andExpect(status().isNotFound());
    }

    @Test
    void aManagerDeletesAProjectAfterConfirmingAndItsLeadsStillNameIt() throws Exception {
        Team t = team();
        var project = workspaces.createProject(
                t.owner().workspaceId(), "Spring campaign", io.leadline.workspace.AllowedDomains.none(), null);
        TestApi api = new TestApi(port);
        long number = TestApi.expect(
                        201,
                        api.post("/api/public/lead", Map.of("email", "ann@acme.test"), "X-API-Key", project.apiKey()))
                .json()
                .get("lead_id")
                .asLong();
        String leadId = leads.search(
                        t.owner().workspaceId(),
                        new LeadSearch("ann@acme.test", null, null, null, null, null, null, null, null, false),
                        null,
                        10)
                .data()
                .getFirst()
                .id();
        webhooks.create(
                t.owner().workspaceId(), "https://93.184.216.34/spring", List.of("lead.created"), project.id(), true);

        // Another workspace's manager and a member of this one are refused.
        mvc.perform(get("/app/projects/" + project.id() + "/delete").with(authentication(as(team().owner()))))
                .andExpect(status().isNotFound());
        mvc.perform(post("/app/projects/" + project.id() + "/delete")
                        .with(csrf())
                        .with(authentication(as(team().owner()))))
                .andExpect(status().isNotFound());
        mvc.perform(post("/app/projects/" + project.id() + "/delete")
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(status().isForbidden());
        assertThat(workspaces.findProject(t.owner().workspaceId(), project.id()))
                .isPresent();

        mvc.perform(get("/app/projects/" + project.id() + "/delete").with(authentication(as(t.admin()))))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Spring campaign")))
                .andExpect(content().string(containsString("https://93.184.216.34/spring")));
        mvc.perform(post("/app/projects/" + project.id() + "/delete")
                        .with(csrf())
                        .with(authentication(as(t.admin()))))
                .andExpect(redirectedUrl("/app/projects"))
                .andExpect(flash().attribute("flash", containsString("“Spring campaign” deleted")));

        assertThat(api.post("/api/public/lead", Map.of("email", "bob@acme.test"), "X-API-Key", project.apiKey())
                        .status())
                .isEqualTo(401);
        mvc.perform(get("/app/projects").with(authentication(as(t.owner()))))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("Spring campaign"))));
        mvc.perform(get("/app/projects/" + project.id()).with(authentication(as(t.owner()))))
                .andExpect(status().isNotFound());
        mvc.perform(get("/app/leads/" + leadId).with(authentication(as(t.owner()))))
                .andExpect(content().string(containsString("Spring campaign (deleted)")));
        mvc.perform(get("/app/settings/webhooks").with(authentication(as(t.owner()))))
                .andExpect(content().string(containsString("Spring campaign (deleted)")));
        assertThat(leads.get(t.owner().workspaceId(), leadId).projectId()).isEqualTo(project.id());
        assertThat(number).isPositive();
    }

    @Test
    void anOwnerStepsDownWhileAnotherOwnerRemainsButTheLastOneCannot() throws Exception {
        Team t = team();
        mvc.perform(post("/app/team/" + t.owner().id() + "/role")
                        .param("confirmed", "yes")
                        .param("role", "admin")
                        .with(csrf())
                        .with(authentication(as(t.owner()))))
                .andExpect(flash().attribute("flashError", containsString("at least one owner")));
        User second = workspaces.addUser(
                t.owner().workspaceId(), "second-" + System.nanoTime() + "@example.com", "Sam", PASSWORD, Role.OWNER);
        String page = mvc.perform(get("/app/team").with(authentication(as(t.owner()))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("/app/team/" + t.owner().id() + "/role");
        mvc.perform(post("/app/team/" + t.owner().id() + "/role")
                        .param("confirmed", "yes")
                        .param("role", "admin")
                        .with(csrf())
                        .with(authentication(as(t.owner()))))
                .andExpect(flash().attribute("flash", containsString("is now admin")));
        assertThat(workspaces.findUser(t.owner().id()).orElseThrow().role()).isEqualTo(Role.ADMIN);
        assertThat(workspaces.findUser(second.id()).orElseThrow().role()).isEqualTo(Role.OWNER);
    }

    @Test
    void teamActionsOnAStalePageSayWhatHappened() throws Exception {
        Team t = team();
        mvc.perform(post("/app/team/" + t.member().id() + "/role")
                        .param("confirmed", "yes")
                        .param("role", "member")
                        .with(csrf())
                        .with(authentication(as(t.owner()))))
                .andExpect(flash().attribute("flash", containsString("No change")));
        mvc.perform(post("/app/team/" + t.member().id() + "/remove")
                        .param("confirmed", "yes")
                        .with(csrf())
                        .with(authentication(as(t.owner()))))
                .andExpect(flash().attribute("flash", containsString("Member removed")));
        // The same removal from a second tab that still shows the member:
        mvc.perform(post("/app/team/" + t.member().id() + "/remove")
                        .param("confirmed", "yes")
                        .with(csrf())
                        .with(authentication(as(t.owner()))))
                .andExpect(status().isFound())
                .andExpect(flash().attribute("flashError", containsString("no longer in this workspace")));
    }

    @Test
    void anAdminCannotTouchOwnersAndTheLastOwnerStays() throws Exception {
        Team t = team();
        mvc.perform(post("/app/team/" + t.member().id() + "/role")
                        .param("confirmed", "yes")
                        .param("role", "owner")
                        .with(csrf())
                        .with(authentication(as(t.admin()))))
                .andExpect(status().isFound());
        assertThat(workspaces.findUser(t.member().id()).orElseThrow().role()).isEqualTo(Role.MEMBER);

        mvc.perform(post("/app/team/" + t.owner().id() + "/role")
                        .param("confirmed", "yes")
                        .param("role", "member")
                        .with(csrf())
                        .with(authentication(as(t.admin()))))
                .andExpect(status().isFound());
        mvc.perform(post("/app/team/" + t.owner().id() + "/remove")
                        .param("confirmed", "yes")
                        .with(csrf())
                        .with(authentication(as(t.admin()))))
                .andExpect(status().isFound());
        assertThat(workspaces.findUser(t.owner().id()).orElseThrow().role()).isEqualTo(Role.OWNER);

        mvc.perform(post("/app/team/" + t.owner().id() + "/role")
                        .param("confirmed", "yes")
                        .param("role", "admin")
                        .with(csrf())
                        .with(authentication(as(t.owner()))))
                .andExpect(status().isFound());
        assertThat(workspaces.findUser(t.owner().id()).orElseThrow().role())
                .as("the last owner stays an owner")
                .isEqualTo(Role.OWNER);

        mvc.perform(post("/app/team/" + t.member().id() + "/role")
                        .param("confirmed", "yes")
                        .param("role", "admin")
                        .with(csrf())
                        .with(authentication(as(t.admin()))))
                .andExpect(status().isFound());
        assertThat(workspaces.findUser(t.member().id()).orElseThrow().role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void anotherWorkspacesLeadIsA404AndStaysUntouched() throws Exception {
        Team mine = team();
        Team theirs = team();
        mvc.perform(get("/app/leads/" + theirs.leadId()).with(authentication(as(mine.owner()))))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith("text/html"));
        mvc.perform(post("/app/leads/" + theirs.leadId() + "/delete")
                        .with(csrf())
                        .with(authentication(as(mine.owner()))))
                .andExpect(status().isNotFound());
        mvc.perform(post("/app/leads/" + theirs.leadId())
                        .param("status", "lost")
                        .param("firstName", "Hacked")
                        .param("lastName", "Lead")
                        .with(csrf())
                        .with(authentication(as(mine.owner()))))
                .andExpect(status().isNotFound());
        mvc.perform(post("/app/leads/bulk")
                        .param("ids", theirs.leadId())
                        .param("action", "status")
                        .param("status", "lost")
                        .with(csrf())
                        .with(authentication(as(mine.owner()))))
                .andExpect(status().isFound())
                .andExpect(flash().attribute("flashError", containsString("nothing was changed")));
        assertThat(leads.get(theirs.owner().workspaceId(), theirs.leadId()).status())
                .isEqualTo("new");
        assertThat(leads.get(theirs.owner().workspaceId(), theirs.leadId()).firstName())
                .isEqualTo("Jane");
    }

    @Test
    void addressesAndMethodsNoPageHasArePagesNotJson() throws Exception {
        Team mine = team();
        mvc.perform(get("/app/no-such-page").with(authentication(as(mine.owner()))))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith("text/html"))
                .andExpect(content().string(containsString("This page does not exist")));
        mvc.perform(delete("/app/leads").with(csrf()).with(authentication(as(mine.owner()))))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(header().string("Allow", containsString("GET")))
                .andExpect(content().contentTypeCompatibleWith("text/html"));
        // The APIs keep their JSON answers for the same mistakes.
        mvc.perform(get("/api/no-such-endpoint"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith("application/json"));
    }

    @Test
    void changingThePasswordSignsOutTheOtherSessionsAndItsCheckIsThrottled() throws Exception {
        String email = "pw-" + System.nanoTime() + "@example.com";
        workspaces.signUp("Pw " + System.nanoTime(), email, "Pat", PASSWORD);
        MockHttpSession phone = signIn(email, PASSWORD);
        MockHttpSession laptop = signIn(email, PASSWORD);
        String changed = "a-new-passphrase-" + System.nanoTime();
        mvc.perform(post("/app/account/password")
                        .param("current", PASSWORD)
                        .param("next", changed)
                        .param("confirm", changed)
                        .with(csrf())
                        .session(laptop))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/app"));
        mvc.perform(get("/app/leads").session(laptop)).andExpect(status().isOk());
        mvc.perform(get("/app/leads").session(phone))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/login?ended"));

        for (int i = 0; i < 5; i++) {
            mvc.perform(post("/app/account/password")
                            .param("current", "not-it-" + i)
                            .param("next", "x-new-passphrase")
                            .param("confirm", "x-new-passphrase")
                            .with(csrf())
                            .session(laptop))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("This is not your current password")));
        }
        mvc.perform(post("/app/account/password")
                        .param("current", changed)
                        .param("next", "x-new-passphrase")
                        .param("confirm", "x-new-passphrase")
                        .with(csrf())
                        .session(laptop))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Too many wrong passwords")));
        assertThat(workspaces.authenticate(email, changed)).isPresent();
    }

    @Test
    void peopleSigningInRightlyFromOneAddressNeverLockItOnlyFailuresDo() throws Exception {
        String email = "office-" + System.nanoTime() + "@example.com";
        workspaces.signUp("Office " + System.nanoTime(), email, "Olga", PASSWORD);
        String office = "192.0.2.77"; // one NAT or proxy address for a whole team
        for (int i = 0; i < 60; i++) {
            mvc.perform(post("/login")
                            .param("email", email)
                            .param("password", PASSWORD)
                            .with(csrf())
                            .with(request -> {
                                request.setRemoteAddr(office);
                                return request;
                            }))
                    .andExpect(redirectedUrl("/app"));
        }
        for (int i = 0; i < 50; i++) {
            mvc.perform(post("/login")
                            .param("email", "sprayed-" + i + "@example.com")
                            .param("password", PASSWORD)
                            .with(csrf())
                            .with(request -> {
                                request.setRemoteAddr(office);
                                return request;
                            }))
                    .andExpect(redirectedUrl("/login?error"));
        }
        mvc.perform(post("/login")
                        .param("email", email)
                        .param("password", PASSWORD)
                        .with(csrf())
                        .with(request -> {
                            request.setRemoteAddr(office);
                            return request;
                        }))
                .andExpect(redirectedUrl("/login?locked"));
    }

    @Test
    void aOneTimePasswordCannotBeKeptAsTheNewPassword() throws Exception {
        Team t = team();
        var invitation = workspaces.invite(
                t.owner().workspaceId(),
                t.owner().id(),
                "otp-" + System.nanoTime() + "@example.com",
                "Otto",
                Role.MEMBER);
        String otp = invitation.oneTimePassword();
        mvc.perform(post("/app/account/password")
                        .param("current", otp)
                        .param("next", otp)
                        .param("confirm", otp)
                        .with(csrf())
                        .with(authentication(DashboardSecurity.signedIn(
                                invitation.user(),
                                workspaces
                                        .findAccount(invitation.user().id())
                                        .orElseThrow()
                                        .sessionEpoch()))))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Choose a password different from your current one")));
        assertThat(workspaces.findAccount(invitation.user().id()).orElseThrow().mustChangePassword())
                .isTrue();
    }

    @Test
    void theOverviewsRefreshCarriesTheNewestLeadsAndThePlansUsage() throws Exception {
        Team t = team();
        apiLead(t, Map.of("firstName", "Second", "lastName", "Lead"));
        String live = mvc.perform(get("/app/overview/newest")
                        .header("X-Requested-With", "XMLHttpRequest")
                        .with(authentication(as(t.member()))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(live).contains("id=\"newest\"", "Second Lead", "Jane Smith");
        assertThat(live).contains("id=\"usage\"").containsPattern("id=\"usage-used\">2<");
        String overview = mvc.perform(get("/app").with(authentication(as(t.member()))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(overview).contains("data-refresh-also=\"usage\"", "id=\"usage\"");
    }

    @Test
    void theOverviewsBackgroundRefreshIsNeverThePageSignInReturnsTo() throws Exception {
        String email = "refresh-" + System.nanoTime() + "@example.com";
        workspaces.signUp("Refresh " + System.nanoTime(), email, "Ray", PASSWORD);
        // What leadline.js sends every 10 s from an open Overview after the session ended.
        MockHttpSession session = (MockHttpSession) mvc.perform(get("/app/overview/newest")
                        .header("X-Requested-With", "XMLHttpRequest")
                        .header("Accept", "text/html"))
                .andReturn()
                .getRequest()
                .getSession();
        mvc.perform(formLogin("/login").userParameter("email").user(email).password(PASSWORD))
                .andExpect(redirectedUrl("/app"));
        mvc.perform(post("/login")
                        .param("email", email)
                        .param("password", PASSWORD)
                        .with(csrf())
                        .session(session))
                .andExpect(redirectedUrl("/app"));
    }

    @Test
    void signInKeepsTheEmailAfterAWrongPasswordAndSignedInPeopleAreNotSentToSignUp() throws Exception {
        String email = "again-" + System.nanoTime() + "@example.com";
        User user = workspaces.signUp("Again " + System.nanoTime(), email, "Agnes", PASSWORD);
        MockHttpSession session = (MockHttpSession) mvc.perform(
                        formLogin("/login").userParameter("email").user(email).password("wrong password"))
                .andExpect(redirectedUrl("/login?error"))
                .andReturn()
                .getRequest()
                .getSession();
        mvc.perform(get("/login").param("error", "").session(session))
                .andExpect(content().string(containsString("value=\"" + email + "\"")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("wrong password"))));

        mvc.perform(get("/signup").with(authentication(as(user)))).andExpect(redirectedUrl("/app"));
        mvc.perform(get("/logout").with(authentication(as(user))))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"confirm-sign-out\"")));
    }

    private MockHttpSession signIn(String email, String password) throws Exception {
        return (MockHttpSession) mvc.perform(
                        formLogin("/login").userParameter("email").user(email).password(password))
                .andExpect(redirectedUrl("/app"))
                .andReturn()
                .getRequest()
                .getSession(false);
    }

    @Test
    void refusedWebhookAndTagFormsComeBackWithWhatWasTyped() throws Exception {
        Team t = team();
        var flash = mvc.perform(post("/app/settings/webhooks")
                        .param("url", "ftp://bad.example/hook")
                        .param("events", "lead.deleted", "lead.updated")
                        .with(csrf())
                        .with(authentication(as(t.owner()))))
                .andExpect(status().isFound())
                .andReturn()
                .getFlashMap();
        String page = mvc.perform(
                        get("/app/settings/webhooks").flashAttrs(flash).with(authentication(as(t.owner()))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("value=\"ftp://bad.example/hook\"")
                .contains("value=\"lead.deleted\" checked=\"checked\"")
                .contains("value=\"lead.updated\" checked=\"checked\"")
                .doesNotContain("value=\"lead.created\" checked=\"checked\"");

        var hot = tags.create(t.owner().workspaceId(), "Hot " + System.nanoTime(), "#ff0000");
        var cold = tags.create(t.owner().workspaceId(), "Cold " + System.nanoTime(), "#0000ff");
        flash = mvc.perform(post("/app/tags/" + hot.id())
                        .param("name", cold.name())
                        .param("color", "#00ff00")
                        .with(csrf())
                        .with(authentication(as(t.owner()))))
                .andExpect(status().isFound())
                .andReturn()
                .getFlashMap();
        page = mvc.perform(get("/app/tags").flashAttrs(flash).with(authentication(as(t.owner()))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("Another tag is already called")
                .contains("id=\"name-" + hot.id() + "\" value=\"" + cold.name() + "\"");
    }

    @Test
    void aTagFilterGivenByNameShowsThatTagSelected() throws Exception {
        Team t = team();
        var vip = tags.create(t.owner().workspaceId(), "Vip" + System.nanoTime(), "#00aa00");
        String page = mvc.perform(
                        get("/app/leads").param("tag", vip.name().toUpperCase()).with(authentication(as(t.owner()))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("value=\"" + vip.id() + "\" selected=\"selected\"");
    }

    @Test
    void aLeadOpenedFromAFilteredPageLeadsBackToThatPage() throws Exception {
        Team t = team();
        String list = mvc.perform(get("/app/leads")
                        .param("status", "new")
                        .param("size", "25")
                        .with(authentication(as(t.owner()))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(list).contains("/app/leads/" + t.leadId() + "?back=status%3Dnew%26size%3D25");

        String page = mvc.perform(get("/app/leads/" + t.leadId())
                        .param("back", "status=new&size=25")
                        .with(authentication(as(t.owner()))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("href=\"/app/leads?status=new&amp;size=25\" id=\"back-to-list\"");
        mvc.perform(post("/app/leads/" + t.leadId())
                        .param("back", "status=new&size=25")
                        .param("status", "contacted")
                        .param("firstName", "Jane")
                        .param("lastName", "Smith")
                        .param("email", "jane@acme.test")
                        .with(csrf())
                        .with(authentication(as(t.owner()))))
                .andExpect(redirectedUrl("/app/leads/" + t.leadId() + "?back=status%3Dnew%26size%3D25"));

        assertThat(LeadsController.listLink("status=new&cursor=abc")).isEqualTo("/app/leads?status=new&cursor=abc");
        assertThat(LeadsController.listLink("x\r\nLocation: https://evil.example"))
                .isEqualTo("/app/leads");
        assertThat(LeadsController.listLink(null)).isEqualTo("/app/leads");
    }

    @Test
    void firstPageAndTheExportOfALaterPageStartFromTheFirstLeadOfTheFilter() throws Exception {
        Team t = team();
        for (int i = 0; i < 26; i++) {
            apiLead(t, Map.of("firstName", "Pager" + i, "lastName", "Person"));
        }
        String first = mvc.perform(get("/app/leads").param("size", "25").with(authentication(as(t.owner()))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        String next = first.replaceAll("(?s).*id=\"next-page\" href=\"([^\"]+)\".*", "$1")
                .replace("&amp;", "&");
        assertThat(next).startsWith("/app/leads?size=25&cursor=");

        String second = mvc.perform(get(next).with(authentication(as(t.owner()))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(second)
                .contains("id=\"first-page\" href=\"/app/leads?size=25\"")
                .contains("id=\"export\" href=\"/app/leads/export.csv?size=25\"");
    }

    @Test
    void theNextPageAndTheExportKeepAPlusInTheSearch() throws Exception {
        Team t = team();
        for (int i = 0; i < 26; i++) {
            apiLead(t, Map.of("firstName", "Plus" + i, "lastName", "Person", "email", "jane+" + i + "@plus.example"));
        }
        apiLead(t, Map.of("firstName", "Jane", "lastName", "Spaced", "email", "jane@plus.example"));
        String first = mvc.perform(get("/app/leads")
                        .param("q", "jane+")
                        .param("size", "25")
                        .with(authentication(as(t.owner()))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        String next = first.replaceAll("(?s).*id=\"next-page\" href=\"([^\"]+)\".*", "$1")
                .replace("&amp;", "&");
        assertThat(next).startsWith("/app/leads?q=jane%2B&size=25&cursor=");
        assertThat(first).contains("id=\"export\" href=\"/app/leads/export.csv?q=jane%2B&amp;size=25\"");

        String second = mvc.perform(get(java.net.URI.create(next)).with(authentication(as(t.owner()))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(second.split("data-lead=\"", -1)).hasSize(2);
        String csv = mvc.perform(get(java.net.URI.create("/app/leads/export.csv?q=jane%2B&size=25"))
                        .with(authentication(as(t.owner()))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(csv.lines()).hasSize(27).noneMatch(line -> line.contains("jane@plus.example"));
    }

    @Test
    void theRotateControlOffersHowLongTheOldSecretWorksAndThePageSaysUntilWhen() throws Exception {
        Team t = team();
        String ws = t.owner().workspaceId();
        var hook = webhooks.create(ws, "https://1.1.1.1/leadline-test", List.of("lead.created"), "", false);
        String path = "/app/settings/webhooks/" + hook.id();
        String page = mvc.perform(get(path).with(authentication(as(t.owner()))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("name=\"oldSecretValidHours\"")
                .contains("<option value=\"0\">stops at once</option>")
                .contains("<option value=\"1\">works 1 more hour</option>")
                .contains("<option value=\"24\" selected=\"selected\">works 24 more hours</option>")
                .contains("<option value=\"168\">works 7 more days</option>")
                .doesNotContain("id=\"previous-secret-note\"");

        java.time.OffsetDateTime before = java.time.OffsetDateTime.now();
        var flash = mvc.perform(post(path + "/rotate")
                        .param("oldSecretValidHours", "1")
                        .param("confirmed", "yes")
                        .with(csrf())
                        .with(authentication(as(t.owner()))))
                .andExpect(status().isFound())
                .andReturn()
                .getFlashMap();
        var rotated = webhooks.find(ws, hook.id());
        assertThat(flash.get("newSecret")).isEqualTo(rotated.secret()).isNotEqualTo(hook.secret());
        assertThat(rotated.previousSecret()).isEqualTo(hook.secret());
        assertThat(rotated.previousSecretExpiresAt())
                .isBetween(
                        before.plusHours(1).minusSeconds(5), before.plusHours(1).plusSeconds(60));
        page = mvc.perform(get(path).flashAttrs(flash).with(authentication(as(t.owner()))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        String until = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .format(rotated.previousSecretExpiresAt().withOffsetSameInstant(java.time.ZoneOffset.UTC));
        assertThat(page)
                .contains("id=\"new-secret\">" + rotated.secret() + "<")
                .contains("id=\"previous-secret-note\"")
                .contains("The previous signing secret keeps working until")
                .contains(">" + until + "</time>");

        // Not one of the offered choices: nothing is rotated.
        flash = mvc.perform(post(path + "/rotate")
                        .param("oldSecretValidHours", "5")
                        .param("confirmed", "yes")
                        .with(csrf())
                        .with(authentication(as(t.owner()))))
                .andExpect(status().isFound())
                .andReturn()
                .getFlashMap();
        assertThat((String) flash.get("flashError")).contains("how long the old secret keeps working");
        assertThat(webhooks.find(ws, hook.id()).secret()).isEqualTo(rotated.secret());

        // At once: the old secret stops, and the page no longer mentions it.
        mvc.perform(post(path + "/rotate")
                        .param("oldSecretValidHours", "0")
                        .param("confirmed", "yes")
                        .with(csrf())
                        .with(authentication(as(t.owner()))))
                .andExpect(status().isFound());
        var now = webhooks.find(ws, hook.id());
        assertThat(now.secret()).isNotEqualTo(rotated.secret());
        assertThat(now.previousSecret()).isNull();
        assertThat(now.previousSecretExpiresAt()).isNull();
        assertThat(mvc.perform(get(path).with(authentication(as(t.owner()))))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .doesNotContain("id=\"previous-secret-note\"");

        // Another workspace's manager cannot rotate it.
        Team other = team();
        mvc.perform(post(path + "/rotate")
                        .param("oldSecretValidHours", "24")
                        .param("confirmed", "yes")
                        .with(csrf())
                        .with(authentication(as(other.owner()))))
                .andExpect(status().isNotFound());
        assertThat(webhooks.find(ws, hook.id()).secret()).isEqualTo(now.secret());
    }

    @Test
    void aWebhookCannotBeSavedWithoutEventsNorTestedWhileDisabled() throws Exception {
        Team t = team();
        // Created, never sent to: it is disabled before any event (this test sends nothing).
        var endpoint = webhooks.create(
                t.owner().workspaceId(), "https://1.1.1.1/leadline-test", List.of("lead.created"), "", false);
        var flash = mvc.perform(post("/app/settings/webhooks/" + endpoint.id())
                        .param("url", endpoint.url())
                        .param("enabled", "false")
                        .with(csrf())
                        .with(authentication(as(t.owner()))))
                .andExpect(status().isFound())
                .andReturn()
                .getFlashMap();
        assertThat((String) flash.get("flashError")).startsWith("Events must list at least one of");
        assertThat(webhooks.find(t.owner().workspaceId(), endpoint.id()).events())
                .containsExactly("lead.created");

        flash = mvc.perform(post("/app/settings/webhooks/" + endpoint.id() + "/test")
                        .with(csrf())
                        .with(authentication(as(t.owner()))))
                .andExpect(status().isFound())
                .andReturn()
                .getFlashMap();
        assertThat((String) flash.get("flashError")).contains("disabled");
        assertThat(webhooks.deliveries(t.owner().workspaceId(), endpoint.id(), 10))
                .isEmpty();
    }

    @Test
    void everyChangeNeedsTheCsrfToken() throws Exception {
        Team t = team();
        mvc.perform(post("/app/leads/" + t.leadId() + "/delete").with(authentication(as(t.owner()))))
                .andExpect(status().isForbidden());
        mvc.perform(post("/app/tags").param("name", "Hot").with(authentication(as(t.owner()))))
                .andExpect(status().isForbidden());
        mvc.perform(post("/signup")
                        .param("name", "X")
                        .param("email", "csrf@example.com")
                        .param("password", PASSWORD)
                        .param("workspace", "X"))
                .andExpect(status().isForbidden())
                .andExpect(content().string(containsString("This form has expired")));
        // A form sent after the session ended says so, rather than blaming the form.
        mvc.perform(post("/app/leads/" + t.leadId()).param("status", "won").with(request -> {
                    request.setRequestedSessionId("ended-session");
                    request.setRequestedSessionIdValid(false);
                    return request;
                }))
                .andExpect(status().isForbidden())
                .andExpect(content().string(containsString("Your session ended")));
        assertThat(leads.get(t.owner().workspaceId(), t.leadId())).isNotNull();
    }

    @Test
    void leadEditsAreValidatedFieldByField() throws Exception {
        Team t = team();
        String page = mvc.perform(post("/app/leads/" + t.leadId())
                        .param("status", "contacted")
                        .param("firstName", "Jane")
                        .param("lastName", "")
                        .param("email", "not-an-email")
                        .param("phone", "call me maybe")
                        .param("company", "c".repeat(256))
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("Enter a valid email address")
                .contains("Leads from the API keep a last name")
                .contains("Enter a phone number with digits")
                .contains("Use at most 255 characters");
        assertThat(leads.get(t.owner().workspaceId(), t.leadId()).status()).isEqualTo("new");

        mvc.perform(post("/app/leads/" + t.leadId())
                        .param("status", "won")
                        .param("firstName", "Jane")
                        .param("lastName", "Smith")
                        .param("email", "jane.smith@acme.test")
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/app/leads/" + t.leadId()));
        var saved = leads.get(t.owner().workspaceId(), t.leadId());
        assertThat(saved.status()).isEqualTo("won");
        assertThat(saved.email()).isEqualTo("jane.smith@acme.test");
        assertThat(saved.timeline()).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("status_changed");
            assertThat(e.actor().id()).isEqualTo(t.member().id());
        });
    }

    @Test
    void leadsTheApiAcceptedStayEditableAndAnEmailCanBeCleared() throws Exception {
        Team t = team();
        String id = apiLead(
                t,
                Map.of(
                        "firstName", "Ext",
                        "lastName", "Phone",
                        "phone", "+1 555 1234 ext. 5",
                        "website", "acme dot com"));
        mvc.perform(post("/app/leads/" + id)
                        .param(
                                "version",
                                leads.get(t.owner().workspaceId(), id)
                                        .updatedAt()
                                        .toString())
                        .param("status", "contacted")
                        .param("firstName", "Ext")
                        .param("lastName", "Phone")
                        .param("email", "")
                        .param("phone", "+1 555 1234 ext. 5")
                        .param("website", "acme dot com")
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(status().isFound());
        assertThat(leads.get(t.owner().workspaceId(), id).status()).isEqualTo("contacted");

        mvc.perform(post("/app/leads/" + t.leadId())
                        .param("status", "new")
                        .param("firstName", "Jane")
                        .param("lastName", "Smith")
                        .param("email", "")
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(status().isFound());
        assertThat(leads.get(t.owner().workspaceId(), t.leadId()).email()).isNull();
    }

    @Test
    void savingTheFormUnchangedWritesNothing() throws Exception {
        Team t = team();
        var before = leads.get(t.owner().workspaceId(), t.leadId());
        mvc.perform(post("/app/leads/" + t.leadId())
                        .param("version", before.updatedAt().toString())
                        .param("status", "new")
                        .param("firstName", "Jane")
                        .param("lastName", "Smith")
                        .param("email", "jane@acme.test")
                        .param("phone", "")
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(status().isFound());
        var after = leads.get(t.owner().workspaceId(), t.leadId());
        assertThat(after.updatedAt()).isEqualTo(before.updatedAt());
        assertThat(after.timeline()).hasSameSizeAs(before.timeline());
    }

    @Test
    void aFormOpenedBeforeABulkTagChangeCannotSaveTheOldTagsBack() throws Exception {
        Team t = team();
        var vip = tags.create(t.owner().workspaceId(), "VIP " + System.nanoTime(), "#00aa00");
        String openedAt =
                leads.get(t.owner().workspaceId(), t.leadId()).updatedAt().toString();
        mvc.perform(post("/app/leads/bulk")
                        .param("ids", t.leadId())
                        .param("action", "add-tag")
                        .param("tagId", vip.id())
                        .with(csrf())
                        .with(authentication(as(t.admin()))))
                .andExpect(status().isFound());
        String page = mvc.perform(post("/app/leads/" + t.leadId())
                        .param("version", openedAt)
                        .param("status", "new")
                        .param("firstName", "Jane")
                        .param("lastName", "Smith")
                        .param("email", "jane@acme.test")
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Someone changed this lead after you opened it");
        assertThat(leads.get(t.owner().workspaceId(), t.leadId()).tags())
                .extracting(LeadView.TagRef::id)
                .containsExactly(vip.id());
        String leadPage = mvc.perform(get("/app/leads/" + t.leadId()).with(authentication(as(t.member()))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(leadPage).contains("Tag “" + vip.name() + "” added");
    }

    @Test
    void savingAFormOpenedBeforeAnotherChangeIsRefusedAndChangesNothing() throws Exception {
        Team t = team();
        String openedAt =
                leads.get(t.owner().workspaceId(), t.leadId()).updatedAt().toString();
        leads.update(
                t.owner().workspaceId(),
                t.owner().id(),
                t.leadId(),
                io.leadline.lead.LeadChanges.status(io.leadline.lead.LeadStatus.CONTACTED));
        String page = mvc.perform(post("/app/leads/" + t.leadId())
                        .param("version", openedAt)
                        .param("status", "lost")
                        .param("firstName", "Jane")
                        .param("lastName", "Smith")
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Someone changed this lead after you opened it");
        var current = leads.get(t.owner().workspaceId(), t.leadId());
        assertThat(current.status()).isEqualTo("contacted");

        // The refused form carries the current version: saving it again, knowingly, goes through.
        assertThat(page).contains("name=\"version\" value=\"" + current.updatedAt() + "\"");
        mvc.perform(post("/app/leads/" + t.leadId())
                        .param("version", current.updatedAt().toString())
                        .param("status", "lost")
                        .param("firstName", "Jane")
                        .param("lastName", "Smith")
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(status().isFound());
        assertThat(leads.get(t.owner().workspaceId(), t.leadId()).status()).isEqualTo("lost");
    }

    private static String hidden(String page, String name) {
        var m = java.util.regex.Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"")
                .matcher(page);
        assertThat(m.find()).as(name).isTrue();
        return org.springframework.web.util.HtmlUtils.htmlUnescape(m.group(1));
    }

    @Test
    void savingAgainAfterAConflictKeepsTheOtherPersonsChangeToAFieldNotEdited() throws Exception {
        Team t = team();
        String ws = t.owner().workspaceId();
        leads.update(
                ws,
                t.owner().id(),
                t.leadId(),
                new io.leadline.lead.LeadChanges(
                        null, null, null, null, null, null, null, null, null, "Berlin", null, null, null, null, null,
                        null));
        String opened = mvc.perform(get("/app/leads/" + t.leadId()).with(authentication(as(t.member()))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        // A colleague moves the lead to Munich while the form is open.
        leads.update(
                ws,
                t.owner().id(),
                t.leadId(),
                new io.leadline.lead.LeadChanges(
                        null, null, null, null, null, null, null, null, null, "Munich", null, null, null, null, null,
                        null));
        String refused = mvc.perform(post("/app/leads/" + t.leadId())
                        .param("version", hidden(opened, "version"))
                        .param("original", hidden(opened, "original"))
                        .param("status", "new")
                        .param("firstName", "Jane")
                        .param("lastName", "Smith")
                        .param("email", "jane@acme.test")
                        .param("phone", "+49 30 1234")
                        .param("city", "Berlin")
                        .param("state", "BE")
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(refused).contains("Someone changed city after you opened it");
        assertThat(hidden(refused, "city")).as("their change").isEqualTo("Munich");
        assertThat(hidden(refused, "phone")).as("my edit").isEqualTo("+49 30 1234");
        mvc.perform(post("/app/leads/" + t.leadId())
                        .param("version", hidden(refused, "version"))
                        .param("original", hidden(refused, "original"))
                        .param("status", "new")
                        .param("firstName", "Jane")
                        .param("lastName", "Smith")
                        .param("email", "jane@acme.test")
                        .param("phone", hidden(refused, "phone"))
                        .param("city", hidden(refused, "city"))
                        .param("state", hidden(refused, "state"))
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(status().isFound());
        var saved = leads.get(ws, t.leadId());
        assertThat(saved.city()).isEqualTo("Munich");
        assertThat(saved.phone()).isEqualTo("+49 30 1234");
        assertThat(saved.state()).isEqualTo("BE");
    }

    @Test
    void bulkTagChangesAddAndRemoveOneTagAndKeepTheOthers() throws Exception {
        Team t = team();
        var hot = tags.create(t.owner().workspaceId(), "Hot " + System.nanoTime(), "#ff0000");
        var eu = tags.create(t.owner().workspaceId(), "EU " + System.nanoTime(), "#0000ff");
        for (var tag : java.util.List.of(hot, eu)) {
            mvc.perform(post("/app/leads/bulk")
                            .param("ids", t.leadId())
                            .param("action", "add-tag")
                            .param("tagId", tag.id())
                            .with(csrf())
                            .with(authentication(as(t.member()))))
                    .andExpect(status().isFound());
        }
        assertThat(leads.get(t.owner().workspaceId(), t.leadId()).tags())
                .extracting(io.leadline.lead.LeadView.TagRef::id)
                .containsExactlyInAnyOrder(hot.id(), eu.id());
        mvc.perform(post("/app/leads/bulk")
                        .param("ids", t.leadId())
                        .param("action", "remove-tag")
                        .param("tagId", hot.id())
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(status().isFound());
        var lead = leads.get(t.owner().workspaceId(), t.leadId());
        assertThat(lead.tags()).extracting(io.leadline.lead.LeadView.TagRef::id).containsExactly(eu.id());
        assertThat(lead.timeline()).filteredOn(e -> e.type().equals("updated")).hasSize(3);
        // Removing it again changes nothing, and the message says so instead of counting the lead.
        mvc.perform(post("/app/leads/bulk")
                        .param("ids", t.leadId())
                        .param("action", "remove-tag")
                        .param("tagId", hot.id())
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(flash().attribute("flash", containsString("removed from 0 leads (1 lead did not have it)")));
    }

    @Test
    void signUpValidatesItsFormAndRefusesATakenEmail() throws Exception {
        String page = mvc.perform(post("/signup")
                        .param("name", "")
                        .param("email", "nope")
                        .param("password", "short")
                        .param("workspace", "")
                        .with(csrf()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Enter your name", "Enter a valid email address", "Use 10 to 72 characters");

        // BCrypt hashes at most 72 bytes: 50 accented letters (100 bytes) get a field error, not an error page.
        String accented = mvc.perform(post("/signup")
                        .param("name", "Long")
                        .param("email", "long-" + System.nanoTime() + "@example.com")
                        .param("password", "é".repeat(50))
                        .param("workspace", "Long")
                        .with(csrf()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(accented).contains("Use fewer characters: accents and emoji count double or more");

        String taken = mvc.perform(post("/signup")
                        .param("name", "Again")
                        .param("email", firstUser.email().toUpperCase())
                        .param("password", PASSWORD)
                        .param("workspace", "Again")
                        .with(csrf()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(taken).contains("An account with this email exists");
    }

    @Test
    void bulkStatusChangeTouchesOnlyTheSelectedLeads() throws Exception {
        Team t = team();
        mvc.perform(post("/app/leads/bulk")
                        .param("ids", t.leadId())
                        .param("action", "status")
                        .param("status", "qualified")
                        .param("back", "status=new")
                        .with(csrf())
                        .with(authentication(as(t.member()))))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/app/leads?status=new"));
        assertThat(leads.get(t.owner().workspaceId(), t.leadId()).status()).isEqualTo("qualified");
        assertThat(leads.search(t.owner().workspaceId(), LeadSearch.everything(), null, 10)
                        .data())
                .hasSize(1);
    }

    @Test
    void bulkChangeNamingAnotherWorkspacesLeadChangesNothing() throws Exception {
        Team mine = team();
        Team theirs = team();
        String tagId = tags.create(mine.owner().workspaceId(), "Bulk", null).id();
        for (String[] action :
                new String[][] {{"action", "status", "status", "lost"}, {"action", "add-tag", "tagId", tagId}}) {
            mvc.perform(post("/app/leads/bulk")
                            .param("ids", mine.leadId(), theirs.leadId())
                            .param(action[0], action[1])
                            .param(action[2], action[3])
                            .with(csrf())
                            .with(authentication(as(mine.owner()))))
                    .andExpect(status().isFound())
                    .andExpect(redirectedUrl("/app/leads"))
                    .andExpect(flash().attribute("flashError", containsString("nothing was changed")));
        }
        LeadView own = leads.get(mine.owner().workspaceId(), mine.leadId());
        assertThat(own.status()).isEqualTo("new");
        assertThat(own.tags()).isEmpty();
        assertThat(own.timeline()).extracting(e -> e.type()).containsExactly("created");
        assertThat(leads.get(theirs.owner().workspaceId(), theirs.leadId()).status())
                .isEqualTo("new");
    }

    @Test
    void simultaneousBulkActionsOverTheSameLeadsInOppositeOrdersBothApply() throws Exception {
        Team t = team();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(apiLead(t, Map.of("firstName", "Bulk" + i, "lastName", "Race")));
        }
        List<String> reversed = new ArrayList<>(ids);
        java.util.Collections.reverse(reversed);
        for (int round = 0; round < 3; round++) {
            try (var threads = java.util.concurrent.Executors.newFixedThreadPool(2)) {
                var forward = threads.submit(() -> bulkStatus(t, ids, "won"));
                var backward = threads.submit(() -> bulkStatus(t, reversed, "lost"));
                assertThat(forward.get()).as("round " + round).startsWith("Status set to won");
                assertThat(backward.get()).as("round " + round).startsWith("Status set to lost");
            }
        }
    }

    private String bulkStatus(Team t, List<String> ids, String status) throws Exception {
        var flash = mvc.perform(post("/app/leads/bulk")
                        .param("ids", ids.toArray(String[]::new))
                        .param("action", "status")
                        .param("status", status)
                        .with(csrf())
                        .with(authentication(as(t.owner()))))
                .andExpect(status().isFound())
                .andReturn()
                .getFlashMap();
        return String.valueOf(flash.containsKey("flash") ? flash.get("flash") : "error: " + flash.get("flashError"));
    }

    @Test
    void aListDateOutsideTheYears1To9999IsIgnoredAndSaidNotA500() throws Exception {
        Team t = team();
        for (String filter : List.of("to=%2B999999999-12-31", "from=%2B294277-01-01", "from=-4714-01-01")) {
            String page = mvc.perform(
                            get(java.net.URI.create("/app/leads?" + filter)).with(authentication(as(t.owner()))))
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            assertThat(page).as(filter).contains("outside the years 1 to 9999; ignored.");
            assertThat(page).contains("data-lead=\"" + t.leadId() + "\"");
            String csv = mvc.perform(get(java.net.URI.create("/app/leads/export.csv?" + filter))
                            .with(authentication(as(t.owner()))))
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            assertThat(csv.lines()).as(filter).hasSize(2);
        }
    }

    @Test
    void csvExportHasEveryMatchingLeadAndDefusesFormulas() throws Exception {
        Team t = team();
        mvc.perform(post("/app/leads/" + t.leadId())
                        .param("status", "new")
                        .param("firstName", "Jane")
                        .param("lastName", "Smith")
                        .param("company", "=HYPERLINK(\"http://evil\")")
                        .with(csrf())
                        .with(authentication(as(t.owner()))))
                .andExpect(status().isFound());
        String csv = mvc.perform(
                        get("/app/leads/export.csv").param("status", "new").with(authentication(as(t.owner()))))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(csv.lines()).hasSize(2);
        assertThat(csv).as("UTF-8 byte order mark for Excel").startsWith("\uFEFFid,");
        assertThat(csv).contains("Jane,Smith").contains("\"'=HYPERLINK(\"\"http://evil\"\")\"");
        String none = mvc.perform(
                        get("/app/leads/export.csv").param("status", "won").with(authentication(as(t.owner()))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(none.lines()).hasSize(1);
        assertThat(csv.lines().findFirst().orElseThrow()).endsWith(",created_at,updated_at,utm,attributes");
    }

    @Test
    void aFormsCompanyFieldBecomesTheLeadsCompanyAndIsSearchedAndExported() throws Exception {
        Team t = team();
        var project = workspaces.createProject(
                t.owner().workspaceId(), "Site", io.leadline.workspace.AllowedDomains.none(), null);
        TestApi.expect(
                201,
                new TestApi(port)
                        .post(
                                "/api/public/lead",
                                Map.of(
                                        "email", "dubois@boulangerie.example",
                                        "attributes",
                                                Map.of("Company", "Boulangerie Dubois", "message", "Need a quote"),
                                        "utm", Map.of("utm_source", "google")),
                                "X-API-Key",
                                project.apiKey()));
        String list = mvc.perform(get("/app/leads").param("q", "boulangerie").with(authentication(as(t.member()))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(list).contains("dubois@boulangerie.example");
        String csv = mvc.perform(
                        get("/app/leads/export.csv").param("q", "boulangerie").with(authentication(as(t.member()))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(csv)
                .contains(",Boulangerie Dubois,")
                .contains("utm_source: google")
                .contains("message: Need a quote");
    }

    @Test
    void signUpSwitchedOffCreatesNobody() {
        DashboardSettings settings = new DashboardSettings(false, 5, 15);
        AccountController closed = new AccountController(workspaces, settings, limiter, new SignInThrottle(settings));
        String email = "closed-" + System.nanoTime() + "@example.com";
        var form = new AccountController.SignUpForm("Closed", email, PASSWORD, "Closed Inc");
        var result = new org.springframework.validation.BeanPropertyBindingResult(form, "form");

        assertThat(closed.signUpPage(new org.springframework.ui.ExtendedModelMap()))
                .isEqualTo("redirect:/login?signupClosed");
        assertThat(closed.signUp(
                        form,
                        result,
                        new org.springframework.mock.web.MockHttpServletRequest(),
                        new org.springframework.mock.web.MockHttpServletResponse()))
                .isEqualTo("redirect:/login?signupClosed");
        assertThat(workspaces.authenticate(email, PASSWORD)).isEmpty();
    }
}
