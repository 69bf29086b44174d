package io.leadline.dashboard;

import io.leadline.apikey.ApiKey;
import io.leadline.apikey.ApiKeys;
import io.leadline.platform.ApiException;
import io.leadline.platform.PlatformSettings;
import io.leadline.workspace.User;
import io.leadline.workspace.Workspaces;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;
import java.util.stream.Collectors;
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
 * Settings → API Access: secret keys for the private API. A new key is shown once, on the page the
 * creation redirects to (a flash attribute), and never again. Owners and admins only.
 */
@Controller
class ApiAccessController {

    record KeyForm(
            @NotBlank(message = "Name the key, e.g. Zapier or CRM import")
            @Size(max = 255, message = "Use at most {max} characters")
            String name) {}

    private final ApiKeys apiKeys;
    private final Workspaces workspaces;
    private final PlatformSettings platform;

    ApiAccessController(ApiKeys apiKeys, Workspaces workspaces, PlatformSettings platform) {
        this.apiKeys = apiKeys;
        this.workspaces = workspaces;
        this.platform = platform;
    }

    @GetMapping("/app/settings/api")
    String page(Member me, Model model) {
        me.requireManager();
        model.addAttribute("form", new KeyForm(""));
        return render(me, model);
    }

    @PostMapping("/app/settings/api")
    String create(
            Member me,
            @Valid @ModelAttribute("form") KeyForm form,
            BindingResult result,
            Model model,
            RedirectAttributes redirect) {
        me.requireManager();
        if (result.hasErrors()) {
            return render(me, model);
        }
        ApiKeys.Created created;
        try {
            created = apiKeys.create(me.userId(), form.name());
        } catch (ApiException e) {
            if (!DashboardErrors.limitReachedOnName(e, result)) {
                throw e;
            }
            return render(me, model);
        }
        redirect.addFlashAttribute("newKey", created.key());
        redirect.addFlashAttribute("newKeyName", created.apiKey().name());
        return "redirect:/app/settings/api";
    }

    @PostMapping("/app/settings/api/{id}/revoke")
    String revoke(
            Member me,
            @PathVariable String id,
            @RequestParam(required = false) String confirmed,
            Model model,
            RedirectAttributes redirect) {
        me.requireManager();
        ApiKey key = apiKeys.find(id)
                .filter(k -> k.workspaceId().equals(me.workspaceId()))
                .orElseThrow(() -> ApiException.notFound("API key"));
        if (!Confirmation.given(confirmed)) {
            return new Confirmation(
                            "Revoke this key?",
                            "Revoke " + key.name() + "? Requests with this key will fail at once.",
                            "/app/settings/api/" + key.id() + "/revoke",
                            "Revoke key",
                            "/app/settings/api",
                            "api")
                    .ask(model);
        }
        apiKeys.revoke(key.id());
        redirect.addFlashAttribute("flash", "Key “" + key.name() + "” revoked. Requests with it now get 401.");
        return "redirect:/app/settings/api";
    }

    private String render(Member me, Model model) {
        Map<String, String> owners =
                workspaces.members(me.workspaceId()).stream().collect(Collectors.toMap(User::id, User::name));
        model.addAttribute("keys", apiKeys.list(me.workspaceId()));
        model.addAttribute("owners", owners);
        model.addAttribute("baseUrl", platform.baseUrl());
        return "app/api-access";
    }
}
