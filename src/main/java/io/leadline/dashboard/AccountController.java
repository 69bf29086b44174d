package io.leadline.dashboard;

import io.leadline.apikey.RateLimiter;
import io.leadline.platform.ApiException;
import io.leadline.workspace.Password;
import io.leadline.workspace.User;
import io.leadline.workspace.Workspaces;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Sign-in page, self-service sign-up and changing one's password. Sign-in and sign-out are Spring Security's. */
@Controller
class AccountController {

    static final String EMAIL = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$";

    record SignUpForm(
            @NotBlank(message = "Enter your name") @Size(max = 255, message = "Use at most {max} characters")
            String name,

            @NotBlank(message = "Enter your email")
            @Email(regexp = EMAIL, message = "Enter a valid email address")
            @Size(max = 255, message = "Use at most {max} characters")
            String email,

            @NotBlank(message = "Choose a password")
            @Size(min = Password.MIN_CHARS, max = Password.MAX_BYTES, message = "Use {min} to {max} characters")
            @Password(message = "Use fewer characters: accents and emoji count double or more")
            String password,

            @NotBlank(message = "Name your workspace, e.g. your company")
            @Size(max = 255, message = "Use at most {max} characters")
            String workspace) {

        static SignUpForm empty() {
            return new SignUpForm("", "", "", "");
        }
    }

    record PasswordForm(
            @NotBlank(message = "Enter your current password")
            String current,

            @NotBlank(message = "Choose a new password")
            @Size(min = Password.MIN_CHARS, max = Password.MAX_BYTES, message = "Use {min} to {max} characters")
            @Password(message = "Use fewer characters: accents and emoji count double or more")
            String next,

            String confirm) {

        static PasswordForm empty() {
            return new PasswordForm("", "", "");
        }
    }

    private final Workspaces workspaces;
    private final DashboardSettings settings;
    private final RateLimiter limiter;
    private final SignInThrottle throttle;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    AccountController(Workspaces workspaces, DashboardSettings settings, RateLimiter limiter, SignInThrottle throttle) {
        this.workspaces = workspaces;
        this.settings = settings;
        this.limiter = limiter;
        this.throttle = throttle;
    }

    @GetMapping("/login")
    String login(HttpServletRequest request, Model model) {
        if (Members.signedIn()) {
            return "redirect:/app";
        }
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(DashboardSecurity.LAST_EMAIL) instanceof String email) {
            session.removeAttribute(DashboardSecurity.LAST_EMAIL);
            model.addAttribute("email", email);
        }
        model.addAttribute("signupEnabled", settings.signupEnabled());
        return "app/login";
    }

    /** Signing out is a POST (with the CSRF token); an address typed or bookmarked asks first. */
    @GetMapping("/logout")
    String logoutPage() {
        return Members.signedIn() ? "app/logout" : "redirect:/login";
    }

    @GetMapping("/signup")
    String signUpPage(Model model) {
        if (Members.signedIn()) {
            return "redirect:/app";
        }
        if (!settings.signupEnabled()) {
            return "redirect:/login?signupClosed";
        }
        model.addAttribute("form", SignUpForm.empty());
        return "app/signup";
    }

    @PostMapping("/signup")
    String signUp(
            @Valid @ModelAttribute("form") SignUpForm form,
            BindingResult result,
            HttpServletRequest request,
            HttpServletResponse response) {
        if (Members.signedIn()) {
            return "redirect:/app"; // never swap a signed-in session for a new workspace's
        }
        if (!settings.signupEnabled()) {
            return "redirect:/login?signupClosed";
        }
        if (result.hasErrors()) {
            return "app/signup";
        }
        if (!DashboardSecurity.signUpAllowed(limiter, request.getRemoteAddr())) {
            result.reject("throttled", "Too many sign-ups from your network. Try again in a minute.");
            return "app/signup";
        }
        User user;
        try {
            user = workspaces.signUp(form.workspace(), form.email(), form.name(), form.password());
        } catch (ApiException e) {
            if ("EMAIL_TAKEN".equals(e.code())) {
                result.rejectValue("email", "taken", "An account with this email exists. Sign in instead.");
                return "app/signup";
            }
            throw e;
        }
        // Signed in at once, on a fresh session id.
        request.getSession().invalidate();
        request.getSession(true);
        signIn(user, 0, request, response);
        return "redirect:/app?welcome";
    }

    @PostMapping("/app/account/name")
    String rename(Member me, @RequestParam(defaultValue = "") String name, RedirectAttributes redirect) {
        try {
            workspaces.rename(me.userId(), name);
            redirect.addFlashAttribute("flash", "Your name is now “" + name.strip() + "”.");
        } catch (ApiException e) {
            redirect.addFlashAttribute("flashError", "Enter your name, at most 255 characters.");
        }
        return "redirect:/app/account/password";
    }

    @GetMapping("/app/account/password")
    String passwordPage(Member me, Model model) {
        model.addAttribute("form", PasswordForm.empty());
        return "app/password";
    }

    @PostMapping("/app/account/password")
    String changePassword(
            Member me,
            @Valid @ModelAttribute("form") PasswordForm form,
            BindingResult result,
            HttpServletRequest request,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        if (!result.hasFieldErrors("next") && !form.next().equals(form.confirm())) {
            result.rejectValue("confirm", "mismatch", "The two new passwords differ");
        }
        if (result.hasErrors()) {
            return "app/password";
        }
        // Guessing the current password here is guessing a sign-in: the same throttle counts both.
        String email = me.user().email();
        String address = request.getRemoteAddr();
        if (!throttle.attempt(email, address)) {
            result.rejectValue(
                    "current",
                    "locked",
                    "Too many wrong passwords. For your safety, try again in " + settings.signInWindowMinutes()
                            + " minutes.");
            return "app/password";
        }
        boolean changed;
        try {
            changed = workspaces.changePassword(me.userId(), form.current(), form.next());
        } catch (ApiException e) {
            if (e.errors() == null || e.errors().isEmpty()) {
                throw e;
            }
            throttle.succeeded(email, address); // the current password was right
            result.rejectValue("next", "same", "Choose a password different from your current one");
            return "app/password";
        }
        if (!changed) {
            result.rejectValue("current", "wrong", "This is not your current password");
            return "app/password";
        }
        throttle.succeeded(email, address);
        // Every other session of this person has ended (its epoch is behind); this one goes on, on a
        // new session id under the new epoch.
        request.changeSessionId();
        signIn(me.user(), workspaces.findAccount(me.userId()).orElseThrow().sessionEpoch(), request, response);
        redirect.addFlashAttribute("flash", "Your password has been changed. Your other sessions are signed out.");
        return "redirect:/app";
    }

    private void signIn(User user, int sessionEpoch, HttpServletRequest request, HttpServletResponse response) {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(DashboardSecurity.signedIn(user, sessionEpoch));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }
}
