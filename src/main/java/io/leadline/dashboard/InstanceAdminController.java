package io.leadline.dashboard;

import io.leadline.apikey.ApiKey;
import io.leadline.apikey.ApiKeys;
import io.leadline.platform.ApiException;
import io.leadline.workspace.User;
import io.leadline.workspace.Workspace;
import io.leadline.workspace.Workspaces;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The instance admin's pages: every workspace with its usage, plan limits and key rate limits. */
@Controller
class InstanceAdminController {

    private final Workspaces workspaces;
    private final ApiKeys apiKeys;

    private final io.leadline.workspace.MonthlyUsage usage;

    InstanceAdminController(Workspaces workspaces, ApiKeys apiKeys, io.leadline.workspace.MonthlyUsage usage) {
        this.usage = usage;
        this.workspaces = workspaces;
        this.apiKeys = apiKeys;
    }

    /** Workspaces a page of the instance admin's list shows: an open instance may have very many. */
    static final int PAGE_SIZE = 50;

    @GetMapping("/app/admin")
    String workspaces(
            Member me,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String after,
            Model model) {
        me.requireInstanceAdmin();
        Workspaces.WorkspacePage page;
        try {
            page = workspaces.page(q, after == null || after.isBlank() ? null : after, PAGE_SIZE);
        } catch (ApiException notACursor) {
            page = workspaces.page(q, null, PAGE_SIZE); // an address edited by hand: the first page
            after = null;
        }
        model.addAttribute("workspaces", page.workspaces());
        model.addAttribute("next", page.next());
        model.addAttribute("q", q == null ? "" : q.trim());
        model.addAttribute("later", after != null && !after.isBlank());
        // The counter the plan limit is enforced with (deleting a lead does not give its unit back).
        model.addAttribute(
                "usage",
                usage.newLeadsByWorkspace(
                        YearMonth.now(ZoneOffset.UTC),
                        page.workspaces().stream().map(Workspace::id).toList()));
        return "app/admin";
    }

    @PostMapping("/app/admin/workspaces/{id}/limit")
    String limit(
            Member me,
            @PathVariable String id,
            @RequestParam(required = false) String limit,
            RedirectAttributes redirect) {
        me.requireInstanceAdmin();
        Integer value = null;
        if (limit != null && !limit.isBlank()) {
            try {
                value = Integer.valueOf(limit.trim());
            } catch (NumberFormatException e) {
                value = -1;
            }
            if (value < 0) {
                redirect.addFlashAttribute(
                        "flashError", "A monthly limit is a whole number ≥ 0, or empty for unlimited.");
                return "redirect:/app/admin";
            }
        }
        Workspace workspace = workspaces.setMonthlyLeadLimit(id, value);
        redirect.addFlashAttribute(
                "flash",
                "“" + workspace.name() + "”: "
                        + (value == null ? "unlimited leads per month." : value + " new leads per month."));
        return "redirect:/app/admin";
    }

    @GetMapping("/app/admin/workspaces/{id}")
    String workspace(Member me, @PathVariable String id, Model model) {
        me.requireInstanceAdmin();
        Workspace workspace = workspaces.find(id).orElseThrow(() -> ApiException.notFound("Workspace"));
        Map<String, String> owners = workspaces.members(id).stream().collect(Collectors.toMap(User::id, User::name));
        model.addAttribute("workspace", workspace);
        model.addAttribute("members", workspaces.members(id));
        model.addAttribute("keys", apiKeys.list(id));
        model.addAttribute("owners", owners);
        return "app/admin-workspace";
    }

    @PostMapping("/app/admin/keys/{id}/rate-limit")
    String rateLimit(Member me, @PathVariable String id, @RequestParam String perMinute, RedirectAttributes redirect) {
        me.requireInstanceAdmin();
        ApiKey key = apiKeys.find(id).orElseThrow(() -> ApiException.notFound("API key"));
        int value;
        try {
            value = Integer.parseInt(perMinute.trim());
        } catch (NumberFormatException e) {
            value = 0;
        }
        if (value < 1 || value > 1_000_000) {
            redirect.addFlashAttribute("flashError", "A rate limit is between 1 and 1,000,000 requests per minute.");
        } else if (key.revoked()) {
            redirect.addFlashAttribute("flashError", "Key “" + key.name() + "” is revoked; its limit cannot change.");
        } else {
            apiKeys.setRateLimit(key.id(), value);
            redirect.addFlashAttribute(
                    "flash", "Key “" + key.name() + "” may now make " + value + " requests per minute.");
        }
        return "redirect:/app/admin/workspaces/" + key.workspaceId();
    }
}
