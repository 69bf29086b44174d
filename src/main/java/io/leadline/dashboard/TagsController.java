package io.leadline.dashboard;

import io.leadline.lead.Tags;
import io.leadline.platform.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.Serializable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The workspace's tags: create, rename, recolour, delete. Every member works with tags. */
@Controller
class TagsController {

    static final String COLOR = "^#[0-9a-fA-F]{6}$";

    record TagForm(
            @NotBlank(message = "Name the tag") @Size(max = 100, message = "Use at most 100 characters")
            String name,

            @NotNull(message = "Pick a colour like #1a2b3c")
            @Pattern(regexp = COLOR, message = "Pick a colour like #1a2b3c")
            String color) {

        static TagForm empty() {
            return new TagForm("", "#4f46e5");
        }
    }

    private final Tags tags;

    TagsController(Tags tags) {
        this.tags = tags;
    }

    @GetMapping("/app/tags")
    String page(Member me, Model model) {
        model.addAttribute("form", TagForm.empty());
        return render(me, model);
    }

    @PostMapping("/app/tags")
    String create(
            Member me,
            @Valid @ModelAttribute("form") TagForm form,
            BindingResult result,
            Model model,
            RedirectAttributes redirect) {
        if (result.hasErrors()) {
            return render(me, model);
        }
        try {
            tags.create(me.workspaceId(), form.name(), form.color().toLowerCase());
        } catch (ApiException e) {
            if ("TAG_EXISTS".equals(e.code())) {
                result.rejectValue("name", "taken", "A tag with this name exists");
                return render(me, model);
            }
            if (DashboardErrors.limitReachedOnName(e, result)) {
                return render(me, model);
            }
            throw e;
        }
        redirect.addFlashAttribute("flash", "Tag “" + form.name().strip() + "” created.");
        return "redirect:/app/tags";
    }

    @PostMapping("/app/tags/{id}")
    String update(
            Member me,
            @PathVariable String id,
            @Valid @ModelAttribute("edit") TagForm form,
            BindingResult result,
            RedirectAttributes redirect) {
        tags.find(me.workspaceId(), id).orElseThrow(() -> ApiException.notFound("Tag"));
        if (result.hasErrors()) {
            redirect.addFlashAttribute(
                    "flashError", result.getFieldErrors().getFirst().getDefaultMessage() + ".");
            redirect.addFlashAttribute("editDraft", new Draft(id, form.name(), form.color()));
            return "redirect:/app/tags";
        }
        try {
            tags.update(me.workspaceId(), id, form.name(), form.color().toLowerCase());
        } catch (ApiException e) {
            if ("TAG_EXISTS".equals(e.code())) {
                redirect.addFlashAttribute(
                        "flashError",
                        "Another tag is already called “" + form.name().strip() + "”.");
                redirect.addFlashAttribute("editDraft", new Draft(id, form.name(), form.color()));
                return "redirect:/app/tags";
            }
            throw e;
        }
        redirect.addFlashAttribute("flash", "Tag “" + form.name().strip() + "” saved.");
        return "redirect:/app/tags";
    }

    @PostMapping("/app/tags/{id}/delete")
    String delete(
            Member me,
            @PathVariable String id,
            @RequestParam(required = false) String confirmed,
            Model model,
            RedirectAttributes redirect) {
        String name = tags.find(me.workspaceId(), id)
                .orElseThrow(() -> ApiException.notFound("Tag"))
                .name();
        if (!Confirmation.given(confirmed)) {
            long n = tags.leadCounts(me.workspaceId()).getOrDefault(id, 0L);
            return new Confirmation(
                            "Delete the tag " + name + "?",
                            "Delete the tag " + name + "? "
                                    + (n == 0
                                            ? "No lead has it."
                                            : "It is on " + n + (n == 1 ? " lead" : " leads")
                                                    + "; only the tag comes off.")
                                    + " This cannot be undone.",
                            "/app/tags/" + id + "/delete",
                            "Delete tag",
                            "/app/tags",
                            "tags")
                    .ask(model);
        }
        tags.delete(me.workspaceId(), id);
        redirect.addFlashAttribute("flash", "Tag “" + name + "” deleted; leads that had it keep everything else.");
        return "redirect:/app/tags";
    }

    /** A refused rename, shown again in its row after the redirect (serializable: sessions may be in Redis). */
    record Draft(String id, String name, String color) implements Serializable {}

    private String render(Member me, Model model) {
        model.addAttribute("tags", tags.list(me.workspaceId()));
        model.addAttribute("counts", tags.leadCounts(me.workspaceId()));
        return "app/tags";
    }
}
