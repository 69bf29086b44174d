package io.leadline.capture;

import static io.leadline.testing.TestApi.expect;

import io.leadline.testing.TestApi;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Test data for the capture API: a workspace with a project (its key), submissions, and lookups. */
final class Capturing {

    static final String PATH = "/api/public/lead";

    /** A workspace with a secret key, and one project with its publishable key. */
    record Site(TestApi.Tenant tenant, String projectId, String key) {
        String workspaceId() {
            return tenant.workspaceId();
        }

        Site withProject(TestApi api, String... allowedDomains) {
            Map<String, Object> body = new HashMap<>();
            body.put("name", "Website");
            body.put("allowedDomains", List.of(allowedDomains));
            TestApi.Answer project =
                    expect(201, api.admin("POST", "/api/admin/workspaces/" + tenant.workspaceId() + "/projects", body));
            return new Site(tenant, project.text("id"), project.text("apiKey"));
        }
    }

    private final TestApi api;
    private final JdbcClient jdbc;

    Capturing(TestApi api, JdbcClient jdbc) {
        this.api = api;
        this.jdbc = jdbc;
    }

    Site site(Integer monthlyLeadLimit, String... allowedDomains) {
        TestApi.Tenant tenant = api.tenant(monthlyLeadLimit);
        return new Site(tenant, null, null).withProject(api, allowedDomains);
    }

    Site site() {
        return site(null);
    }

    /** Another project (own key, own abuse budget) in the same workspace. */
    Site project(Site site, String... allowedDomains) {
        return site.withProject(api, allowedDomains);
    }

    TestApi.Answer submit(Site site, Object body, String... headers) {
        List<String> all = new ArrayList<>(List.of("X-Api-Key", site.key()));
        all.addAll(List.of(headers));
        return api.post(PATH, body, all.toArray(String[]::new));
    }

    TestApi.Answer submitWithoutKey(Object body, String... headers) {
        return api.post(PATH, body, headers);
    }

    /** The lead with this numeric id, through the private API, with its timeline. */
    JsonNode lead(Site site, long number) {
        String publicId = jdbc.sql("select public_id from leads where workspace_id = ? and id = ?")
                .params(site.workspaceId(), number)
                .query(String.class)
                .single();
        return expect(200, api.get("/api/v1/leads/" + publicId, site.tenant().auth()))
                .json();
    }

    int leads(Site site) {
        return count("select count(*) from leads where workspace_id = ?", site.workspaceId());
    }

    int submissions(Site site) {
        return count("select count(*) from submissions where workspace_id = ?", site.workspaceId());
    }

    int submissions(Site site, String outcome) {
        return count(
                "select count(*) from submissions where workspace_id = ? and outcome = ?", site.workspaceId(), outcome);
    }

    int count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Integer.class).single();
    }

    static Map<String, Object> body(Object... keyValues) {
        Map<String, Object> out = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            out.put((String) keyValues[i], keyValues[i + 1]);
        }
        return out;
    }

    static String email() {
        return "jane" + System.nanoTime() + "@example.com";
    }
}
