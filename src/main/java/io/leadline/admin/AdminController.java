package io.leadline.admin;

import io.leadline.apikey.ApiKey;
import io.leadline.apikey.ApiKeys;
import io.leadline.lead.Tag;
import io.leadline.lead.Tags;
import io.leadline.platform.ApiException;
import io.leadline.platform.PlatformSettings;
import io.leadline.platform.Text;
import io.leadline.workspace.AllowedDomains;
import io.leadline.workspace.MonthlyUsage;
import io.leadline.workspace.Password;
import io.leadline.workspace.Project;
import io.leadline.workspace.Role;
import io.leadline.workspace.User;
import io.leadline.workspace.Workspace;
import io.leadline.workspace.Workspaces;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The operator's API: JSON in, JSON out, 201 on create. */
@RestController
@RequestMapping(path = "/api/admin", produces = MediaType.APPLICATION_JSON_VALUE)
@io.swagger.v3.oas.annotations.tags.Tag(name = "Admin (operator)")
@SecurityRequirement(name = "adminToken")
class AdminController {

    static final String EMAIL = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$";

    @Schema(example = "{\"name\":\"Acme\",\"monthlyLeadLimit\":1000}")
    record CreateWorkspace(
            @NotBlank @Size(max = 255) String name,
            @PositiveOrZero Integer monthlyLeadLimit) {}

    record WorkspaceView(String id, String name, Integer monthlyLeadLimit) {
        static WorkspaceView of(Workspace w) {
            return new WorkspaceView(w.id(), w.name(), w.monthlyLeadLimit());
        }
    }

    @Schema(
            example = "{\"email\":\"jane@acme.com\",\"name\":\"Jane Smith\",\"password\":\"correct horse battery\","
                    + "\"role\":\"owner\"}")
    record CreateUser(
            @NotBlank @Email(regexp = EMAIL, message = "must be a valid email address") @Size(max = 255)
            String email,

            @NotBlank @Size(max = 255) String name,

            @NotNull @Size(min = Password.MIN_CHARS, max = Password.MAX_BYTES) @Password
            String password,

            @NotNull @Pattern(regexp = "(?i)owner|admin|member", message = "must be owner, admin or member")
            String role) {}

    record UserView(String id, String email, String name, String role) {
        static UserView of(User u) {
            return new UserView(u.id(), u.email(), u.name(), u.role().json());
        }
    }

    @Schema(example = "{\"name\":\"Zapier\"}")
    record CreateKey(@NotBlank @Size(max = 255) String name) {}

    record KeyView(String id, String name, String key, String prefix, int rateLimitPerMinute, boolean revoked) {
        static KeyView of(ApiKey k, String key) {
            return new KeyView(k.id(), k.name(), key, k.prefix(), k.rateLimitPerMinute(), k.revoked());
        }
    }

    @Schema(example = "{\"rateLimitPerMinute\":1000}")
    record UpdateKey(@NotNull @Min(1) @Max(1_000_000) Integer rateLimitPerMinute) {}

    @Schema(example = "{\"name\":\"Website\",\"allowedDomains\":[\"acme.com\",\"*.acme.com\"]}")
    record CreateProject(
            @NotBlank @Size(max = 255) String name,
            @Size(max = AllowedDomains.MAX_ENTRIES) List<@NotNull @Size(max = 255) String> allowedDomains,
            @Size(max = 255) String whatsappAppSecret) {}

    record WhatsAppView(String webhookUrl, String verifyToken, boolean appSecretSet) {}

    record ProjectView(String id, String name, String apiKey, List<String> allowedDomains, WhatsAppView whatsapp) {}

    @Schema(example = "{\"name\":\"Hot\",\"color\":\"#e4572e\"}")
    record CreateTag(
            @NotBlank @Size(max = 100) String name,

            @Pattern(regexp = "^#[0-9a-fA-F]{6}$", message = "must be a colour like #1a2b3c")
            String color) {}

    record TagView(String id, String name, String color) {
        static TagView of(Tag t) {
            return new TagView(t.id(), t.name(), t.color());
        }
    }

    private final Workspaces workspaces;
    private final ApiKeys apiKeys;
    private final Tags tags;
    private final PlatformSettings settings;
    private final MonthlyUsage usage;

    AdminController(Workspaces workspaces, ApiKeys apiKeys, Tags tags, PlatformSettings settings, MonthlyUsage usage) {
        this.usage = usage;
        this.workspaces = workspaces;
        this.apiKeys = apiKeys;
        this.tags = tags;
        this.settings = settings;
    }

    /** A workspace as an operator looks it up: its plan and what this UTC month used of it. */
    record WorkspaceSummary(String id, String name, Integer monthlyLeadLimit, long newLeadsThisMonth) {}

    /** One workspace with everything the admin API made in it (secret keys never shown again). */
    record WorkspaceDetail(
            String id,
            String name,
            Integer monthlyLeadLimit,
            long newLeadsThisMonth,
            List<UserView> users,
            List<KeyView> apiKeys,
            List<ProjectView> projects) {}

    record Page<T>(List<T> data, String nextCursor) {}

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;

    @GetMapping("/workspaces")
    @Operation(
            summary = "The workspaces, newest first, with their plan and this month's new leads",
            description = "Pages like the lead list: limit (default 50, at most 200) and the cursor of the previous"
                    + " page's nextCursor (null on the last page). q finds workspaces by name (any part, any"
                    + " case), by id, or by the email of one of their people.")
    Page<WorkspaceSummary> listWorkspaces(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ApiException.validation("limit", "must be between 1 and " + MAX_LIMIT);
        }
        Workspaces.WorkspacePage page = workspaces.page(q, cursor == null || cursor.isBlank() ? null : cursor, size);
        Map<String, Long> used = usage.newLeadsByWorkspace(
                YearMonth.now(ZoneOffset.UTC),
                page.workspaces().stream().map(Workspace::id).toList());
        return new Page<>(
                page.workspaces().stream()
                        .map(w -> new WorkspaceSummary(
                                w.id(), w.name(), w.monthlyLeadLimit(), used.getOrDefault(w.id(), 0L)))
                        .toList(),
                page.next());
    }

    @GetMapping("/workspaces/{id}")
    @Operation(summary = "One workspace with its users, secret keys (never the key itself) and projects")
    WorkspaceDetail getWorkspace(@PathVariable String id) {
        Workspace w = workspaces.find(id).orElseThrow(() -> ApiException.notFound("Workspace"));
        return new WorkspaceDetail(
                w.id(),
                w.name(),
                w.monthlyLeadLimit(),
                usage.newLeads(w.id(), YearMonth.now(ZoneOffset.UTC)),
                workspaces.members(w.id()).stream().map(UserView::of).toList(),
                apiKeys.list(w.id()).stream().map(k -> KeyView.of(k, null)).toList(),
                workspaces.projects(w.id()).stream().map(this::view).toList());
    }

    @PostMapping(path = "/workspaces", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a workspace; monthlyLeadLimit absent or null = unlimited")
    WorkspaceView createWorkspace(@Valid @RequestBody CreateWorkspace request) {
        return WorkspaceView.of(workspaces.create(request.name(), request.monthlyLeadLimit()));
    }

    @PatchMapping(path = "/workspaces/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Change the monthly lead limit: {\"monthlyLeadLimit\": 5000} or null for unlimited")
    WorkspaceView updateWorkspace(@PathVariable String id, @RequestBody JsonNode body) {
        JsonNode limit = body.isObject() ? body.get("monthlyLeadLimit") : null;
        if (limit == null) {
            throw ApiException.validation("monthlyLeadLimit", "is required (a number, or null for unlimited)");
        }
        if (!limit.isNull() && !(limit.isIntegralNumber() && limit.canConvertToInt() && limit.intValue() >= 0)) {
            throw ApiException.validation("monthlyLeadLimit", "must be a whole number ≥ 0, or null for unlimited");
        }
        return WorkspaceView.of(workspaces.setMonthlyLeadLimit(id, limit.isNull() ? null : limit.intValue()));
    }

    @PostMapping(path = "/workspaces/{id}/users", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a user (owner, admin or member) to a workspace")
    UserView createUser(@PathVariable String id, @Valid @RequestBody CreateUser request) {
        return UserView.of(workspaces.addUser(
                id, request.email(), request.name(), request.password(), Role.parse(request.role())));
    }

    record InstanceAdminView(String id, String email, String name, boolean instanceAdmin) {}

    @PatchMapping(path = "/users/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Make a user instance admin (the dashboard's operator pages) or no longer one:"
                    + " {\"instanceAdmin\": true}")
    InstanceAdminView updateUser(@PathVariable String id, @RequestBody JsonNode body) {
        JsonNode flag = body.isObject() ? body.get("instanceAdmin") : null;
        if (flag == null || !flag.isBoolean()) {
            throw ApiException.validation("instanceAdmin", "is required: true or false");
        }
        var account = workspaces.setInstanceAdmin(id, flag.booleanValue());
        return new InstanceAdminView(
                account.user().id(), account.user().email(), account.user().name(), account.instanceAdmin());
    }

    @PostMapping(path = "/users/{id}/api-keys", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary =
                    "Issue a secret key for an owner or admin; the key is in this answer only; 409 MEMBER_HOLDS_NO_KEYS for a"
                            + " member, 409 LIMIT_REACHED past 100 active keys in the workspace")
    KeyView createKey(@PathVariable String id, @Valid @RequestBody CreateKey request) {
        ApiKeys.Created created = apiKeys.create(id, request.name());
        return KeyView.of(created.apiKey(), created.key());
    }

    @PatchMapping(path = "/api-keys/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Change a key's rate limit per minute")
    KeyView updateKey(@PathVariable String id, @Valid @RequestBody UpdateKey request) {
        return KeyView.of(apiKeys.setRateLimit(id, request.rateLimitPerMinute()), null);
    }

    @DeleteMapping("/api-keys/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke a key; it stops working at once")
    void revokeKey(@PathVariable String id) {
        apiKeys.revoke(id);
    }

    @PostMapping(path = "/workspaces/{id}/projects", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary =
                    "Create a project with its publishable key, allowlist and WhatsApp settings; 409 LIMIT_REACHED past 100 projects")
    ProjectView createProject(@PathVariable String id, @Valid @RequestBody CreateProject request) {
        List<String> domains = request.allowedDomains() == null ? List.of() : request.allowedDomains();
        String problem = AllowedDomains.problem(domains);
        if (problem != null) {
            throw ApiException.validation("allowedDomains", problem);
        }
        return view(
                workspaces.createProject(id, request.name(), AllowedDomains.of(domains), request.whatsappAppSecret()));
    }

    @DeleteMapping("/projects/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            summary = "Delete a project: its key stops working at once and it leaves every list; its leads stay"
                    + " and keep its id as projectId; webhook endpoints limited to it are disabled")
    void deleteProject(@PathVariable String id) {
        workspaces.deleteProject(null, id);
    }

    @PatchMapping(path = "/projects/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Change a project's name, allowedDomains and/or whatsappAppSecret (null removes the secret)")
    ProjectView updateProject(@PathVariable String id, @RequestBody JsonNode body) {
        if (!body.isObject()) {
            throw ApiException.validation("body", "must be a JSON object");
        }
        String name = null;
        if (body.has("name")) {
            if (!body.get("name").isString()) {
                throw ApiException.validation("name", "must be a string");
            }
            name = body.get("name").stringValue();
            String problem = Text.problem(name);
            if (problem != null) {
                throw ApiException.validation("name", problem);
            }
        }
        AllowedDomains domains = null;
        JsonNode list = body.get("allowedDomains");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw ApiException.validation("allowedDomains", "must be an array of host names");
            }
            List<String> entries = new ArrayList<>();
            for (JsonNode entry : list) {
                if (!entry.isString()) {
                    throw ApiException.validation("allowedDomains", "must be an array of host names");
                }
                entries.add(entry.stringValue());
            }
            String problem = AllowedDomains.problem(entries);
            if (problem != null) {
                throw ApiException.validation("allowedDomains", problem);
            }
            domains = AllowedDomains.of(entries);
        }
        Optional<String> secret = null;
        if (body.has("whatsappAppSecret")) {
            JsonNode value = body.get("whatsappAppSecret");
            if (!value.isNull() && !(value.isString() && value.stringValue().length() <= 255)) {
                throw ApiException.validation(
                        "whatsappAppSecret", "must be a string of at most 255 characters or null");
            }
            String problem = value.isNull() ? null : Text.problem(value.stringValue());
            if (problem != null) {
                throw ApiException.validation("whatsappAppSecret", problem);
            }
            secret = value.isNull() ? Optional.empty() : Optional.of(value.stringValue());
        }
        return view(workspaces.updateProject(id, name, domains, secret));
    }

    @PostMapping(path = "/workspaces/{id}/tags", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a tag in a workspace; 409 LIMIT_REACHED past 500 tags")
    TagView createTag(@PathVariable String id, @Valid @RequestBody CreateTag request) {
        if (workspaces.find(id).isEmpty()) {
            throw ApiException.notFound("Workspace");
        }
        return TagView.of(tags.create(id, request.name(), request.color()));
    }

    private ProjectView view(Project p) {
        return new ProjectView(
                p.id(),
                p.name(),
                p.apiKey(),
                p.allowedDomains().entries(),
                new WhatsAppView(
                        settings.baseUrl() + "/api/whatsapp/webhook?api_key=" + p.apiKey(),
                        p.whatsappVerifyToken(),
                        p.hasAppSecret()));
    }
}
