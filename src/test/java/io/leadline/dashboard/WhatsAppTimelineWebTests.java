package io.leadline.dashboard;

import static io.leadline.testing.TestApi.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.leadline.testing.OnH2;
import io.leadline.testing.TestApi;
import io.leadline.workspace.AllowedDomains;
import io.leadline.workspace.Project;
import io.leadline.workspace.User;
import io.leadline.workspace.Workspaces;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A lead's page reads its WhatsApp messages as messages: who wrote, what, and the message id. Runs in
 * a context (and H2 database) of its own: {@link DashboardWebTests} relies on being first to sign up.
 */
@OnH2
@AutoConfigureMockMvc
@TestPropertySource(properties = "leadline.test.context=whatsapp-timeline")
class WhatsAppTimelineWebTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Workspaces workspaces;

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    @Test
    void whatsAppMessageShowsSenderTextAndMessageIdOnTheLeadPage() throws Exception {
        User owner = workspaces.signUp(
                "WhatsApp " + System.nanoTime(),
                "wa-" + System.nanoTime() + "@example.com",
                "Olivia",
                "correct horse battery");
        Project project = workspaces.createProject(owner.workspaceId(), "WhatsApp", AllowedDomains.of(List.of()), null);
        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":"
                + "[{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":"
                + "{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"106540352242922\"},"
                + "\"contacts\":[{\"profile\":{\"name\":\"Sheena Nelson\"},\"wa_id\":\"16505551234\"}],"
                + "\"messages\":[{\"from\":\"16505551234\",\"id\":\"wamid.DASHBOARD1\",\"timestamp\":\"1749416383\","
                + "\"type\":\"text\",\"text\":{\"body\":\"Do you ship to Canada?\"}}]}}]}]}";
        expect(200, new TestApi(port).post("/api/whatsapp/webhook?api_key=" + project.apiKey(), body));
        String leadId = jdbc.sql("select public_id from leads where workspace_id = ?")
                .param(owner.workspaceId())
                .query(String.class)
                .single();

        String page = mvc.perform(
                        get("/app/leads/" + leadId).with(authentication(DashboardSecurity.signedIn(owner, 0))))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("WhatsApp message from Sheena Nelson")
                .contains("Do you ship to Canada?")
                .contains("Number: +16505551234")
                .contains("Message id: wamid.DASHBOARD1")
                .contains("Created via WhatsApp");
    }

    @Test
    void messagesHeldOverThePlanLimitShowOnTheOverviewAndArePutOnLeadsOnceItAllows() throws Exception {
        User owner = workspaces.signUp(
                "Held " + System.nanoTime(),
                "held-" + System.nanoTime() + "@example.com",
                "Olivia",
                "correct horse battery");
        Project project = workspaces.createProject(owner.workspaceId(), "WhatsApp", AllowedDomains.of(List.of()), null);
        workspaces.setMonthlyLeadLimit(owner.workspaceId(), 0);
        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":"
                + "[{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":"
                + "{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"106540352242922\"},"
                + "\"contacts\":[{\"profile\":{\"name\":\"Ravi\"},\"wa_id\":\"16505550000\"}],"
                + "\"messages\":[{\"from\":\"16505550000\",\"id\":\"wamid.HELD1\",\"timestamp\":\"1749416383\","
                + "\"type\":\"text\",\"text\":{\"body\":\"Price list please\"}}]}}]}]}";
        assertThat(expect(200, new TestApi(port).post("/api/whatsapp/webhook?api_key=" + project.apiKey(), body))
                        .json()
                        .get("held")
                        .asInt())
                .isEqualTo(1);
        var signedIn = authentication(DashboardSecurity.signedIn(owner, 0));

        String overview = mvc.perform(get("/app").with(signedIn))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(overview).contains("1 WhatsApp message is held").contains("id=\"release-held\"");

        var flash = mvc.perform(post("/app/whatsapp/held/release").with(csrf()).with(signedIn))
                .andExpect(redirectedUrl("/app"))
                .andReturn()
                .getFlashMap();
        assertThat((String) flash.get("flashError")).contains("1 message still held");

        workspaces.setMonthlyLeadLimit(owner.workspaceId(), 10);
        flash = mvc.perform(post("/app/whatsapp/held/release").with(csrf()).with(signedIn))
                .andReturn()
                .getFlashMap();
        assertThat((String) flash.get("flash")).isEqualTo("1 message put on leads; none is held any more.");
        assertThat(jdbc.sql("select count(*) from leads where workspace_id = ?")
                        .param(owner.workspaceId())
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        assertThat(mvc.perform(get("/app").with(signedIn))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .doesNotContain("id=\"held-messages\"");
    }
}
