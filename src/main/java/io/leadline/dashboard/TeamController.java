package io.leadline.dashboard;

import io.leadline.platform.ApiException;
import io.leadline.platform.PlatformSettings;
import io.leadline.workspace.Invitation;
import io.leadline.workspace.Role;
import io.leadline.workspace.User;
import io.leadline.workspace.Workspaces;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
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
 * Team: members and their roles. Owners and admins add members (with a one-time password shown
 * once, to hand over; the member replaces it at the first sign-in), change roles and remove members.
 * The workspace module holds the rules (only owners touch owners, the last owner stays).
 */
@Controller
class TeamController {

    record InviteForm(
            @NotBlank(message = "Enter their email")
            @Email(regexp = AccountController.EMAIL, message = "Enter a valid email address")
            @Size(max = 255, message = "Use at most {max} characters")
            String email,

            @NotBlank(message = "Enter their name") @Size(max = 255, message = "Use at most {max} characters")
            String name,

            @NotNull(message = "Choose a role") @Pattern(regexp = "owner|admin|member", message = "Choose a role")
            String role) {}

    private final Workspaces workspaces;
    private final PlatformSettings platform;

    /**
     * Invitations a workspace may send a minute. An email already on this instance is refused by name
     * (emails are unique instance-wide), so the form tells whether an address has an account; the
     * bound keeps it from being a fast way to find out for many addresses (sign-up, which makes a
     * workspace, is bounded per client address too).
     */
    static final int INVITATIONS_PER_MINUTE = 20;

    private final io.leadline.apikey.RateLimiter limiter;

    TeamController(Workspaces workspaces, PlatformSettings platform, io.leadline.apikey.RateLimiter limiter) {
        this.workspaces = workspaces;
        this.platform = platform;
        this.limiter = limiter;
    }

    @GetMapping("/app/team")
    String page(Member me, Model model) {
        me.requireManager();
        model.addAttribute("form", new InviteForm("", "", "member"));
        return teamPage(me, model);
    }

    @PostMapping("/app/team")
    String invite(
            Member me,
            @Valid @ModelAttribute("form") InviteForm form,
            BindingResult result,
            Model model,
            RedirectAttributes redirect) {
        me.requireManager();
        if (result.hasErrors()) {
            return teamPage(me, model);
        }
        if (!limiter.consume("invite", "invite:" + me.workspaceId(), INVITATIONS_PER_MINUTE)
                .allowed()) {
            result.rejectValue(
                    "email",
                    "tooMany",
                    "More than " + INVITATIONS_PER_MINUTE + " invitations in a minute; try again in a minute");
            return teamPage(me, model);
        }
        Invitation invitation;
        try {
            invitation = workspaces.invite(
                    me.workspaceId(), me.userId(), form.email(), form.name(), Role.parse(form.role()));
        } catch (ApiException e) {
            if ("EMAIL_TAKEN".equals(e.code())) {
                result.rejectValue("email", "taken", "This email already has a Leadline account");
                return teamPage(me, model);
            }
            if (e.status().value() == 403) {
                result.rejectValue("role", "forbidden", e.getMessage());
                return teamPage(me, model);
            }
            throw e;
        }
        redirect.addFlashAttribute(
                "invited",
                new Invited(invitation.user().name(), invitation.user().email()));
        redirect.addFlashAttribute("oneTimePassword", invitation.oneTimePassword());
        return "redirect:/app/team";
    }

    /** A new one-time password for a member who forgot theirs, shown once like an invitation's. */
    @PostMapping("/app/team/{id}/reset-password")
    String resetPassword(
            Member me,
            @PathVariable String id,
            @RequestParam(required = false) String confirmed,
            Model model,
            RedirectAttributes redirect) {
        me.requireManager();
        if (!Confirmation.given(confirmed)) {
            String name =
                    workspaces.findMember(me.workspaceId(), id).map(User::name).orElse(null);
            if (name == null) {
                return gone(redirect);
            }
            return new Confirmation(
                            "Give " + name + " a new password?",
                            "Give " + name + " a new one-time password? Their current password stops working and"
                                    + " they are signed out.",
                            "/app/team/" + id + "/reset-password",
                            "New password",
                            "/app/team",
                            "team")
                    .ask(model);
        }
        try {
            Invitation reset = workspaces.resetPassword(me.workspaceId(), me.userId(), id);
            redirect.addFlashAttribute(
                    "invited", new Invited(reset.user().name(), reset.user().email()));
            redirect.addFlashAttribute("oneTimePassword", reset.oneTimePassword());
            redirect.addFlashAttribute("reset", true);
        } catch (ApiException e) {
            refused(e, redirect);
        }
        return "redirect:/app/team";
    }

    @PostMapping("/app/team/{id}/role")
    String role(
            Member me,
            @PathVariable String id,
            @RequestParam String role,
            @RequestParam(required = false) String confirmed,
            Model model,
            RedirectAttributes redirect) {
        me.requireManager();
        Role next = Role.parse(role);
        if (next == null) {
            redirect.addFlashAttribute("flashError", "Choose owner, admin or member.");
            return "redirect:/app/team";
        }
        // Only one's own role asks first: with less than admin the page that could undo it is gone.
        if (id.equals(me.userId()) && next != me.role() && !Confirmation.given(confirmed)) {
            return new Confirmation(
                            "Change your own role?",
                            "Change your own role to " + next.json() + "? With less than admin you lose this page.",
                            "/app/team/" + id + "/role",
                            "Change my role",
                            "/app/team",
                            Map.of("role", next.json()),
                            "team")
                    .ask(model);
        }
        try {
            if (workspaces.members(me.workspaceId()).stream().anyMatch(m -> m.id().equals(id) && m.role() == next)) {
                redirect.addFlashAttribute("flash", "No change: that member already is " + next.json() + ".");
                return "redirect:/app/team";
            }
            var user = workspaces.changeRole(me.workspaceId(), me.userId(), id, next);
            redirect.addFlashAttribute(
                    "flash",
                    user.name() + " is now " + next.json() + "."
                            + (next == Role.MEMBER ? " Secret API keys they made, if any, no longer work." : ""));
        } catch (ApiException e) {
            refused(e, redirect);
        }
        return "redirect:/app/team";
    }

    @PostMapping("/app/team/{id}/remove")
    String remove(
            Member me,
            @PathVariable String id,
            @RequestParam(required = false) String confirmed,
            Model model,
            RedirectAttributes redirect) {
        me.requireManager();
        if (!Confirmation.given(confirmed)) {
            String name =
                    workspaces.findMember(me.workspaceId(), id).map(User::name).orElse(null);
            if (name == null) {
                return gone(redirect);
            }
            return new Confirmation(
                            "Remove " + name + "?",
                            "Remove " + name + " from the workspace? Their secret keys stop working, and the leads"
                                    + " assigned to them are assigned to nobody.",
                            "/app/team/" + id + "/remove",
                            "Remove " + name,
                            "/app/team",
                            "team")
                    .ask(model);
        }
        try {
            workspaces.removeMember(me.workspaceId(), me.userId(), id);
            redirect.addFlashAttribute("flash", "Member removed; their secret keys no longer work.");
        } catch (ApiException e) {
            refused(e, redirect);
        }
        return "redirect:/app/team";
    }

    /** What a question about someone no longer in the workspace answers (a stale tab). */
    private static String gone(RedirectAttributes redirect) {
        refused(ApiException.notFound("Member"), redirect);
        return "redirect:/app/team";
    }

    /** A refused team change, said on the page; someone removed meanwhile (a stale tab) is said as such. */
    private static void refused(ApiException e, RedirectAttributes redirect) {
        redirect.addFlashAttribute(
                "flashError",
                e.status().value() == 404
                        ? "That person is no longer in this workspace (removed meanwhile)."
                        : e.getMessage());
    }

    private String teamPage(Member me, Model model) {
        model.addAttribute("members", workspaces.members(me.workspaceId()));
        model.addAttribute("roles", java.util.List.of("owner", "admin", "member"));
        model.addAttribute("signInUrl", platform.baseUrl() + "/login");
        return "app/team";
    }

    /**
     * Who was just added, for the page after the redirect. Flash attributes live in the session,
     * which is serialised to Redis when instances share sessions: only serializable values go there.
     */
    record Invited(String name, String email) implements java.io.Serializable {}
}
