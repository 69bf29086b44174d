package io.leadline.dashboard;

import io.leadline.capture.CaptureRefusals;
import io.leadline.lead.LeadStats;
import io.leadline.platform.ApiException;
import io.leadline.platform.PlatformSettings;
import io.leadline.webhook.Endpoint;
import io.leadline.webhook.Webhooks;
import io.leadline.workspace.AllowedDomains;
import io.leadline.workspace.Project;
import io.leadline.workspace.Workspaces;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Projects: the publishable key (copy, rotate), the allowed domains, WhatsApp settings and
 * copy-paste snippets for the capture endpoint. Owners and admins only.
 */
@Controller
class ProjectsController {

    record ProjectForm(
            @NotBlank(message = "Name the project, e.g. your website")
            @Size(max = 255, message = "Use at most {max} characters")
            String name) {}

    record DomainsForm(
            @Size(max = 26_000, message = "Use at most {max} characters")
            String domains) {

        List<String> entries() {
            return domains == null
                    ? List.of()
                    : Arrays.stream(domains.split("[\\s,;]+"))
                            .map(String::trim)
                            .filter(s -> !s.isEmpty())
                            .toList();
        }
    }

    /**
     * Ready-to-paste code, filled in with this instance's address and the project's key. The fetch
     * snippet is a promise chain, not a top-level {@code await}: pasted into a page's plain
     * {@code <script>} an {@code await} outside a function is a syntax error and nothing is sent.
     */
    record Snippets(String embed, String curl, String fetch, String php) {

        static Snippets of(String base, String key) {
            String endpoint = base + "/api/public/lead";
            return new Snippets(
                    """
                    <script src="%s/capture.js" data-key="%s" defer></script>

                    <form data-leadline>
                      <input name="name" placeholder="Your name">
                      <input name="email" type="email" placeholder="you@example.com" required>
                      <input name="phone" placeholder="Phone">
                      <button type="submit">Send</button>
                      <p data-leadline-message role="status"></p>
                    </form>""".formatted(base, key), """
                    curl -X POST '%s' \\
                      -H 'X-API-Key: %s' \\
                      -H 'Content-Type: application/json' \\
                      -d '{"name":"Jane Smith","email":"jane@example.com","phone":"+1 555 123 4567","source_url":"https://example.com/pricing"}'""".formatted(endpoint, key), """
                    fetch("%s", {
                      method: "POST",
                      headers: { "Content-Type": "application/json", "X-API-Key": "%s" },
                      body: JSON.stringify({
                        name: "Jane Smith",
                        email: "jane@example.com",
                        source_url: location.href,
                        referrer: document.referrer
                      })
                    })
                      .then((response) => response.json())
                      .then((answer) => console.log(answer.message));""".formatted(endpoint, key), """
                    <?php
                    $ch = curl_init('%s');
                    curl_setopt_array($ch, [
                        CURLOPT_POST => true,
                        CURLOPT_RETURNTRANSFER => true,
                        CURLOPT_HTTPHEADER => ['Content-Type: application/json', 'X-API-Key: %s'],
                        CURLOPT_POSTFIELDS => json_encode([
                            'name' => $_POST['name'] ?? null,
                            'email' => $_POST['email'] ?? null,
                            'phone' => $_POST['phone'] ?? null,
                        ]),
                    ]);
                    $response = json_decode(curl_exec($ch), true);
                    curl_close($ch);""".formatted(
                                    endpoint, key));
        }
    }

    private final Workspaces workspaces;
    private final LeadStats stats;
    private final PlatformSettings platform;
    private final Webhooks webhooks;
    private final CaptureRefusals refusals;

    ProjectsController(
            Workspaces workspaces,
            LeadStats stats,
            PlatformSettings platform,
            Webhooks webhooks,
            CaptureRefusals refusals) {
        this.refusals = refusals;
        this.workspaces = workspaces;
        this.stats = stats;
        this.platform = platform;
        this.webhooks = webhooks;
    }

    @GetMapping("/app/projects")
    String list(Member me, Model model) {
        me.requireManager();
        model.addAttribute("form", new ProjectForm(""));
        return listPage(me, model);
    }

    @PostMapping("/app/projects")
    String create(
            Member me,
            @Valid @ModelAttribute("form") ProjectForm form,
            BindingResult result,
            Model model,
            RedirectAttributes redirect) {
        me.requireManager();
        if (result.hasErrors()) {
            return listPage(me, model);
        }
        Project project;
        try {
            project = workspaces.createProject(me.workspaceId(), form.name(), AllowedDomains.none(), null);
        } catch (ApiException e) {
            if (!DashboardErrors.limitReachedOnName(e, result)) {
                throw e;
            }
            return listPage(me, model);
        }
        redirect.addFlashAttribute("flash", "Project “" + project.name() + "” created. Add your site's domains below.");
        return "redirect:/app/projects/" + project.id();
    }

    @GetMapping("/app/projects/{id}")
    String project(Member me, @PathVariable String id, Model model) {
        me.requireManager();
        Project project = find(me, id);
        model.addAttribute(
                "domainsForm",
                new DomainsForm(String.join("\n", project.allowedDomains().entries())));
        return page(me, project, model);
    }

    @PostMapping("/app/projects/{id}/domains")
    String domains(
            Member me,
            @PathVariable String id,
            @Valid @ModelAttribute("domainsForm") DomainsForm form,
            BindingResult result,
            Model model,
            RedirectAttributes redirect) {
        me.requireManager();
        Project project = find(me, id);
        String problem = result.hasErrors() ? "is too long" : AllowedDomains.problem(form.entries());
        if (problem != null) {
            result.rejectValue("domains", "invalid", Character.toUpperCase(problem.charAt(0)) + problem.substring(1));
            return page(me, project, model);
        }
        AllowedDomains domains = AllowedDomains.of(form.entries());
        workspaces.updateProject(project.id(), domains, null);
        redirect.addFlashAttribute(
                "flash",
                domains.isEmpty()
                        ? "Allowed domains cleared: any website may use this key."
                        : "Allowed domains saved: " + String.join(", ", domains.entries()) + ".");
        return "redirect:/app/projects/" + id;
    }

    @PostMapping("/app/projects/{id}/whatsapp")
    String whatsapp(
            Member me,
            @PathVariable String id,
            @RequestParam(required = false) String appSecret,
            @RequestParam(required = false) String removeSecret,
            RedirectAttributes redirect) {
        me.requireManager();
        Project project = find(me, id);
        if (removeSecret != null) {
            workspaces.updateProject(project.id(), null, Optional.empty());
            redirect.addFlashAttribute("flash", "App secret removed: webhook signatures are no longer checked.");
        } else if (appSecret == null || appSecret.isBlank() || appSecret.trim().length() > 255) {
            redirect.addFlashAttribute(
                    "flashError", "Paste the app secret from your Meta app (at most 255 characters).");
        } else {
            workspaces.updateProject(project.id(), null, Optional.of(appSecret.trim()));
            redirect.addFlashAttribute(
                    "flash", "App secret saved: every webhook call must now carry a valid signature.");
        }
        return "redirect:/app/projects/" + id + "#whatsapp";
    }

    @PostMapping("/app/projects/{id}/name")
    String rename(
            Member me,
            @PathVariable String id,
            @RequestParam(defaultValue = "") String name,
            RedirectAttributes redirect) {
        me.requireManager();
        Project project = find(me, id);
        try {
            Project renamed = workspaces.updateProject(project.id(), name, null, null);
            redirect.addFlashAttribute("flash", "Project renamed to “" + renamed.name() + "”.");
        } catch (ApiException e) {
            redirect.addFlashAttribute("flashError", "Name the project with 1 to 255 characters.");
        }
        return "redirect:/app/projects/" + project.id();
    }

    @PostMapping("/app/projects/{id}/rotate")
    String rotate(
            Member me,
            @PathVariable String id,
            @RequestParam(required = false) String confirmed,
            Model model,
            RedirectAttributes redirect) {
        me.requireManager();
        String projectId = find(me, id).id();
        if (!Confirmation.given(confirmed)) {
            return new Confirmation(
                            "Issue a new key?",
                            "Issue a new key? The current key stops working at once, on your site and your WhatsApp"
                                    + " webhook.",
                            "/app/projects/" + projectId + "/rotate",
                            "Issue a new key",
                            "/app/projects/" + projectId,
                            "projects")
                    .ask(model);
        }
        Project project = workspaces.rotateProjectKey(me.workspaceId(), projectId);
        redirect.addFlashAttribute(
                "flash",
                "New key issued for “" + project.name()
                        + "”. Update your site and WhatsApp webhook now: the old key no longer works.");
        return "redirect:/app/projects/" + id;
    }

    @GetMapping("/app/projects/{id}/delete")
    String confirmDelete(Member me, @PathVariable String id, Model model) {
        me.requireManager();
        Project project = find(me, id);
        model.addAttribute("project", project);
        model.addAttribute(
                "webhooks",
                webhooks.list(me.workspaceId()).stream()
                        .filter(e -> project.id().equals(e.projectId()))
                        .map(Endpoint::url)
                        .toList());
        return "app/project-delete";
    }

    @PostMapping("/app/projects/{id}/delete")
    String delete(Member me, @PathVariable String id, RedirectAttributes redirect) {
        me.requireManager();
        Project deleted =
                workspaces.deleteProject(me.workspaceId(), find(me, id).id());
        redirect.addFlashAttribute(
                "flash", "Project “" + deleted.name() + "” deleted: its key no longer works. Its leads stay.");
        return "redirect:/app/projects";
    }

    private Project find(Member me, String id) {
        return workspaces.findProject(me.workspaceId(), id).orElseThrow(() -> ApiException.notFound("Project"));
    }

    private String listPage(Member me, Model model) {
        model.addAttribute("projects", workspaces.projects(me.workspaceId()));
        return "app/projects";
    }

    private String page(Member me, Project project, Model model) {
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        OffsetDateTime from = month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        String base = platform.baseUrl();
        model.addAttribute("project", project);
        model.addAttribute("usage", stats.createdForProject(me.workspaceId(), project.id(), from, from.plusMonths(1)));
        model.addAttribute("refusals", refusals.recent(project));
        model.addAttribute("webhookUrl", base + "/api/whatsapp/webhook?api_key=" + project.apiKey());
        model.addAttribute("snippets", Snippets.of(base, project.apiKey()));
        return "app/project";
    }
}
