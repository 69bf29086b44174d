package io.leadline.whatsapp;

import static io.leadline.testing.TestApi.expect;

import io.leadline.testing.TestApi;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Test data for the WhatsApp webhook: a workspace whose project is connected to a WhatsApp number. */
final class WhatsAppTesting {

    static final String PATH = "/api/whatsapp/webhook";
    static final String APP_SECRET = "3f9b6c1d2e8a4f7b9c0d1e2f3a4b5c6d";

    /** A workspace (secret key included) and its project: key, verify token, app secret (or none). */
    record Line(TestApi.Tenant tenant, String projectId, String key, String verifyToken, String appSecret) {
        String workspaceId() {
            return tenant.workspaceId();
        }
    }

    private final TestApi api;
    private final JdbcClient jdbc;

    WhatsAppTesting(TestApi api, JdbcClient jdbc) {
        this.api = api;
        this.jdbc = jdbc;
    }

    /** A workspace with this plan limit and a project with this app secret (null: none). */
    Line line(Integer monthlyLeadLimit, String appSecret) {
        TestApi.Tenant tenant = api.tenant(monthlyLeadLimit);
        Map<String, Object> body = new HashMap<>();
        body.put("name", "WhatsApp Sales");
        body.put("whatsappAppSecret", appSecret);
        JsonNode project = expect(
                        201, api.admin("POST", "/api/admin/workspaces/" + tenant.workspaceId() + "/projects", body))
                .json();
        return new Line(
                tenant,
                project.get("id").asString(),
                project.get("apiKey").asString(),
                project.get("whatsapp").get("verifyToken").asString(),
                appSecret);
    }

    /** The usual setup: an app secret, so every notification is signed. */
    Line line() {
        return line(null, APP_SECRET);
    }

    /** Posts as Meta does: key in the query, signed with the line's app secret when it has one. */
    TestApi.Answer post(Line line, String body, String... headers) {
        List<String> all = new ArrayList<>();
        if (line.appSecret() != null) {
            all.add(HubSignature.HEADER);
            all.add(HubSignature.sign(body.getBytes(StandardCharsets.UTF_8), line.appSecret()));
        }
        all.addAll(List.of(headers));
        return api.send("POST", PATH + "?api_key=" + line.key(), body, all.toArray(String[]::new));
    }

    /** Posts these bytes as they are, signed with the line's app secret when it has one. */
    TestApi.Answer postBytes(Line line, byte[] body, String... headers) {
        List<String> all = new ArrayList<>(List.of("Content-Type", "application/json"));
        if (line.appSecret() != null) {
            all.add(HubSignature.HEADER);
            all.add(HubSignature.sign(body, line.appSecret()));
        }
        all.addAll(List.of(headers));
        return api.sendBytes("POST", PATH + "?api_key=" + line.key(), body, all.toArray(String[]::new));
    }

    TestApi.Answer verify(String key, String mode, String token, String challenge) {
        StringBuilder query = new StringBuilder(PATH + "?");
        if (key != null) {
            query.append("api_key=").append(key).append('&');
        }
        if (mode != null) {
            query.append("hub.mode=").append(mode).append('&');
        }
        if (token != null) {
            query.append("hub.verify_token=").append(token).append('&');
        }
        if (challenge != null) {
            query.append("hub.challenge=").append(challenge);
        }
        return api.get(query.toString());
    }

    /** The workspace's lead with this phone, with its timeline, through the private API. */
    JsonNode lead(Line line, String phone) {
        String publicId = jdbc.sql("select public_id from leads where workspace_id = ? and phone = ?")
                .params(line.workspaceId(), phone)
                .query(String.class)
                .single();
        return expect(200, api.get("/api/v1/leads/" + publicId, line.tenant().auth()))
                .json();
    }

    /** The lead's timeline entries of this type, oldest first. */
    static List<JsonNode> entries(JsonNode lead, String type) {
        List<JsonNode> out = new ArrayList<>();
        lead.get("timeline").forEach(e -> {
            if (e.get("type").asString().equals(type)) {
                out.add(e);
            }
        });
        return out;
    }

    /** The texts of the lead's WhatsApp messages, oldest first. */
    static List<String> messageTexts(JsonNode lead) {
        return entries(lead, "whatsapp_message").stream()
                .map(e -> e.get("detail").get("text").asString())
                .toList();
    }

    int leads(Line line) {
        return count("select count(*) from leads where workspace_id = ?", line.workspaceId());
    }

    int messages(Line line) {
        return count("select count(*) from whatsapp_messages where workspace_id = ?", line.workspaceId());
    }

    int messages(Line line, String status) {
        return count(
                "select count(*) from whatsapp_messages where workspace_id = ? and status = ?",
                line.workspaceId(),
                status);
    }

    int statuses(Line line) {
        return count("select count(*) from whatsapp_message_statuses where workspace_id = ?", line.workspaceId());
    }

    int timelineMessages(Line line) {
        return count(
                "select count(*) from lead_events where workspace_id = ? and kind = 'whatsapp_message'",
                line.workspaceId());
    }

    int count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Integer.class).single();
    }
}
