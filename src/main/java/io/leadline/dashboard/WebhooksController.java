package io.leadline.dashboard;

import io.leadline.platform.ApiError;
import io.leadline.platform.ApiException;
import io.leadline.webhook.Delivery;
import io.leadline.webhook.Endpoint;
import io.leadline.webhook.Webhooks;
import io.leadline.workspace.Workspaces;
import java.io.Serializable;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Settings → Webhooks: endpoints that receive signed lead events, and per endpoint its delivery
 * log with replay and a test event. The signing secret is shown once, after creation or rotation.
 * Owners and admins only.
 */
@Controller
class WebhooksController {

    private final Webhooks webhooks;
    private final Workspaces workspaces;

    WebhooksController(Webhooks webhooks, Workspaces workspaces) {
        this.webhooks = webhooks;
        this.workspaces = workspaces;
    }

    @GetMapping("/app/settings/webhooks")
    String list(Member me, Model model) {
        me.requireManager();
        List<Endpoint> endpoints = webhooks.list(me.workspaceId());
        model.addAttribute("endpoints", endpoints);
        model.addAttribute("eventTypes", Endpoint.EVENT_TYPES);
        model.addAttribute(
                "projects",
                projectNames(me, endpoints.stream().map(Endpoint::projectId).toList()));
        return "app/webhooks";
    }

    @PostMapping("/app/settings/webhooks")
    String create(
            Member me,
            @RequestParam(defaultValue = "") String url,
            @RequestParam(name = "events", required = false) List<String> events,
            @RequestParam(defaultValue = "") String projectId,
            RedirectAttributes redirect) {
        me.requireManager();
        try {
            Endpoint created = webhooks.create(me.workspaceId(), url, events, projectId, true);
            redirect.addFlashAttribute("newSecret", created.secret());
            return "redirect:/app/settings/webhooks/" + created.id();
        } catch (ApiException e) {
            redirect.addFlashAttribute("flashError", problem(e));
            redirect.addFlashAttribute("draft", Draft.of(url, events, projectId, true));
            return "redirect:/app/settings/webhooks";
        }
    }

    @GetMapping("/app/settings/webhooks/{id}")
    String detail(Member me, @PathVariable String id, Model model) {
        me.requireManager();
        Endpoint endpoint = webhooks.find(me.workspaceId(), id);
        List<Delivery> deliveries = webhooks.deliveries(me.workspaceId(), id, 50);
        Map<Long, ?> attempts = webhooks.attempts(deliveries);
        model.addAttribute("endpoint", endpoint);
        model.addAttribute("deliveries", deliveries);
        model.addAttribute("attempts", attempts);
        model.addAttribute("eventTypes", Endpoint.EVENT_TYPES);
        model.addAttribute("projects", projectNames(me, Collections.singletonList(endpoint.projectId())));
        model.addAttribute("oldSecretChoices", OLD_SECRET_CHOICES);
        model.addAttribute("defaultOldSecretHours", Endpoint.DEFAULT_OLD_SECRET_HOURS);
        return "app/webhook";
    }

    @PostMapping("/app/settings/webhooks/{id}")
    String update(
            Member me,
            @PathVariable String id,
            @RequestParam(defaultValue = "") String url,
            @RequestParam(name = "events", required = false) List<String> events,
            @RequestParam(defaultValue = "") String projectId,
            @RequestParam(defaultValue = "false") boolean enabled,
            RedirectAttributes redirect) {
        me.requireManager();
        try {
            // The form always shows the events: none ticked is a choice to refuse, not "unchanged".
            webhooks.update(
                    me.workspaceId(), id, url, events == null ? List.of() : events, projectId, enabled, false, null);
            redirect.addFlashAttribute("flash", "Webhook saved.");
        } catch (ApiException e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                throw e;
            }
            redirect.addFlashAttribute("flashError", problem(e));
            redirect.addFlashAttribute("draft", Draft.of(url, events, projectId, enabled));
        }
        return "redirect:/app/settings/webhooks/" + id;
    }

    /**
     * What a refused webhook form held, shown again after the redirect so nothing typed is lost
     * (kept in the session for one request: serializable, for sessions in Redis).
     */
    record Draft(String url, List<String> events, String projectId, boolean enabled) implements Serializable {
        static Draft of(String url, List<String> events, String projectId, boolean enabled) {
            return new Draft(url, events == null ? List.of() : List.copyOf(events), projectId, enabled);
        }
    }

    /** How long the secret rotated out may keep working, as the rotate control offers it. */
    record OldSecretChoice(int hours, String label) {}

    static final List<OldSecretChoice> OLD_SECRET_CHOICES = List.of(
            new OldSecretChoice(0, "stops at once"),
            new OldSecretChoice(1, "works 1 more hour"),
            new OldSecretChoice(24, "works 24 more hours"),
            new OldSecretChoice(168, "works 7 more days"));

    @PostMapping("/app/settings/webhooks/{id}/rotate")
    String rotate(
            Member me,
            @PathVariable String id,
            @RequestParam(required = false) String confirmed,
            @RequestParam(required = false) String oldSecretValidHours,
            Model model,
            RedirectAttributes redirect) {
        me.requireManager();
        Integer hours = oldSecretChoice(oldSecretValidHours);
        if (hours == null) {
            webhooks.find(me.workspaceId(), id);
            redirect.addFlashAttribute("flashError", "Choose how long the old secret keeps working.");
            return "redirect:/app/settings/webhooks/" + id;
        }
        if (!Confirmation.given(confirmed)) {
            webhooks.find(me.workspaceId(), id);
            return new Confirmation(
                            "Rotate the signing secret?",
                            hours == 0
                                    ? "Rotate the signing secret? The current secret stops working at once: your"
                                            + " receiver must use the new one at once."
                                    : "Rotate the signing secret? The current secret keeps working beside the new"
                                            + " one for " + (hours == 1 ? "1 hour" : hours + " hours")
                                            + ", so your receiver can switch in that time.",
                            "/app/settings/webhooks/" + id + "/rotate",
                            "Rotate secret",
                            "/app/settings/webhooks/" + id,
                            Map.of("oldSecretValidHours", Integer.toString(hours)),
                            "webhooks")
                    .ask(model);
        }
        Endpoint endpoint = webhooks.update(me.workspaceId(), id, null, null, null, null, true, hours);
        redirect.addFlashAttribute("newSecret", endpoint.secret());
        return "redirect:/app/settings/webhooks/" + id;
    }

    /** One of the offered hours (absent: the default), else null. */
    private static Integer oldSecretChoice(String value) {
        if (value == null || value.isEmpty()) {
            return Endpoint.DEFAULT_OLD_SECRET_HOURS;
        }
        return OLD_SECRET_CHOICES.stream()
                .filter(c -> Integer.toString(c.hours()).equals(value))
                .map(OldSecretChoice::hours)
                .findFirst()
                .orElse(null);
    }

    @PostMapping("/app/settings/webhooks/{id}/test")
    String test(Member me, @PathVariable String id, RedirectAttributes redirect) {
        me.requireManager();
        return queue(
                id,
                redirect,
                "Test event queued; it appears in the log below within seconds.",
                () -> webhooks.sendTest(me.workspaceId(), id));
    }

    @PostMapping("/app/settings/webhooks/{id}/deliveries/{delivery}/replay")
    String replay(Member me, @PathVariable String id, @PathVariable long delivery, RedirectAttributes redirect) {
        me.requireManager();
        return queue(
                id,
                redirect,
                "Delivery " + delivery + " queued again with the same event id.",
                () -> webhooks.replay(me.workspaceId(), id, delivery));
    }

    /** Queues a delivery to the endpoint and says so; a refusal (a disabled endpoint) is said instead. */
    private static String queue(String id, RedirectAttributes redirect, String done, Runnable delivery) {
        try {
            delivery.run();
            redirect.addFlashAttribute("flash", done);
        } catch (ApiException e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                throw e;
            }
            redirect.addFlashAttribute("flashError", e.getMessage());
        }
        return "redirect:/app/settings/webhooks/" + id;
    }

    @PostMapping("/app/settings/webhooks/{id}/delete")
    String delete(
            Member me,
            @PathVariable String id,
            @RequestParam(required = false) String confirmed,
            Model model,
            RedirectAttributes redirect) {
        me.requireManager();
        if (!Confirmation.given(confirmed)) {
            Endpoint endpoint = webhooks.find(me.workspaceId(), id);
            return new Confirmation(
                            "Delete this webhook?",
                            "Delete the webhook to " + endpoint.url() + " and its delivery log?",
                            "/app/settings/webhooks/" + id + "/delete",
                            "Delete webhook",
                            "/app/settings/webhooks/" + id,
                            "webhooks")
                    .ask(model);
        }
        webhooks.delete(me.workspaceId(), id);
        redirect.addFlashAttribute("flash", "Webhook deleted.");
        return "redirect:/app/settings/webhooks";
    }

    /**
     * The projects an endpoint may be limited to, and any deleted one that an endpoint still names,
     * marked as such (so its page says what it is limited to instead of silently showing "all").
     */
    private Map<String, String> projectNames(Member me, Collection<String> named) {
        Map<String, String> names = new LinkedHashMap<>();
        workspaces.projects(me.workspaceId()).forEach(p -> names.put(p.id(), p.name()));
        if (named.stream().anyMatch(id -> id != null && !names.containsKey(id))) {
            Map<String, String> all = workspaces.projectNames(me.workspaceId());
            for (String id : named) {
                if (id != null && !names.containsKey(id) && all.containsKey(id)) {
                    names.put(id, all.get(id) + " (deleted)");
                }
            }
        }
        return names;
    }

    private static String label(String field) {
        return switch (field) {
            case "url" -> "URL";
            case "events" -> "Events";
            case "projectId" -> "Project";
            default -> field;
        };
    }

    private static String problem(ApiException e) {
        if (e.errors() == null || e.errors().isEmpty()) {
            return e.getMessage();
        }
        return e.errors().stream()
                        .map(ApiError.FieldError::field)
                        .distinct()
                        .map(f -> e.errors().stream()
                                .filter(x -> x.field().equals(f))
                                .map(x -> label(f) + " " + x.message())
                                .collect(Collectors.joining("; ")))
                        .collect(Collectors.joining(". "))
                + ".";
    }
}
