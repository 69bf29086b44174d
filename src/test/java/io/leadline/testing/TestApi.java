package io.leadline.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP against the running application, and the answers as JSON. */
public final class TestApi {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final String base;

    public TestApi(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public String base() {
        return base;
    }

    /** One answer: status, headers and body (parsed when it is JSON). */
    public record Answer(int status, HttpResponse<String> raw) {
        public JsonNode json() {
            return JSON.readTree(raw.body());
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String body() {
            return raw.body();
        }

        public String text(String field) {
            JsonNode node = json().get(field);
            return node == null || node.isNull() ? null : node.asString();
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    public Answer send(String method, String path, String body, String... headers) {
        return exchange(method, path, body == null ? null : HttpRequest.BodyPublishers.ofString(body), headers);
    }

    /** A body sent byte for byte, as a client that does not encode text properly would send it. */
    public Answer sendBytes(String method, String path, byte[] body, String... headers) {
        return exchange(method, path, HttpRequest.BodyPublishers.ofByteArray(body), headers);
    }

    private Answer exchange(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        List<String> all = new ArrayList<>(List.of(headers));
        if (body != null && !hasHeader(all, "Content-Type")) {
            all.add("Content-Type");
            all.add("application/json");
        }
        for (int i = 0; i < all.size(); i += 2) {
            request.header(all.get(i), all.get(i + 1));
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response);
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        }
    }

    public Answer get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    public Answer post(String path, Object body, String... headers) {
        return send("POST", path, body instanceof String s ? s : JSON.writeValueAsString(body), headers);
    }

    public Answer patch(String path, Object body, String... headers) {
        return send("PATCH", path, body instanceof String s ? s : JSON.writeValueAsString(body), headers);
    }

    public Answer delete(String path, String... headers) {
        return send("DELETE", path, null, headers);
    }

    public Answer admin(String method, String path, Object body) {
        return send(
                method,
                path,
                body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body),
                "Authorization",
                "Bearer " + ADMIN_TOKEN);
    }

    /** A workspace with an owner and a secret key, made through the admin API. */
    public record Tenant(String workspaceId, String userId, String keyId, String key) {
        public String[] auth() {
            return new String[] {"X-API-Key", key};
        }
    }

    public Tenant tenant(Integer monthlyLeadLimit) {
        Map<String, Object> ws = new java.util.HashMap<>();
        ws.put("name", "Workspace " + System.nanoTime());
        ws.put("monthlyLeadLimit", monthlyLeadLimit);
        String workspaceId =
                expect(201, admin("POST", "/api/admin/workspaces", ws)).text("id");
        String userId = person(workspaceId, "Olivia Owner", "owner");
        Answer key = expect(201, admin("POST", "/api/admin/users/" + userId + "/api-keys", Map.of("name", "tests")));
        return new Tenant(workspaceId, userId, key.text("id"), key.text("key"));
    }

    public Tenant tenant() {
        return tenant(null);
    }

    /** A new person of the workspace in {@code role} (owner, admin, member), added through the admin API; their id. */
    public String person(String workspaceId, String name, String role) {
        return expect(
                        201,
                        admin(
                                "POST",
                                "/api/admin/workspaces/" + workspaceId + "/users",
                                Map.of(
                                        "email",
                                        role + System.nanoTime() + "@example.com",
                                        "name",
                                        name,
                                        "password",
                                        "correct horse battery",
                                        "role",
                                        role)))
                .text("id");
    }

    /** The media types the API document names for one answer of one operation. */
    public static java.util.Collection<String> documentedTypes(
            JsonNode apiDocs, String path, String method, String status) {
        return apiDocs.get("paths")
                .get(path)
                .get(method)
                .get("responses")
                .get(status)
                .get("content")
                .propertyNames();
    }

    public static Answer expect(int status, Answer answer) {
        if (answer.status() != status) {
            throw new AssertionError("expected " + status + " but got " + answer);
        }
        return answer;
    }

    private static boolean hasHeader(List<String> headers, String name) {
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
