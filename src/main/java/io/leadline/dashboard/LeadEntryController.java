package io.leadline.dashboard;

import io.leadline.lead.LeadChanges;
import io.leadline.lead.LeadView;
import io.leadline.lead.Leads;
import io.leadline.lead.Tags;
import io.leadline.platform.ApiError;
import io.leadline.platform.ApiException;
import java.util.List;
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
 * What a person enters by hand: a new lead (someone met at a fair, a caller) and notes on a lead's
 * timeline (a call, a meeting). Every member may do both; the rules are the private API's.
 */
@Controller
class LeadEntryController {

    /** One input of the form, in the order shown. */
    record Field(String name, String label, String type, boolean required) {}

    static final List<Field> FIELDS = List.of(
            new Field("firstName", "First name", "text", true),
            new Field("lastName", "Last name", "text", true),
            new Field("email", "Email", "email", false),
            new Field("phone", "Phone", "tel", false),
            new Field("company", "Company", "text", false),
            new Field("website", "Website", "url", false),
            new Field("source", "Source", "text", false),
            new Field("address", "Address", "text", false),
            new Field("city", "City", "text", false),
            new Field("state", "State", "text", false),
            new Field("zipcode", "ZIP code", "text", false));

    private final Leads leads;
    private final Tags tags;

    LeadEntryController(Leads leads, Tags tags) {
        this.leads = leads;
        this.tags = tags;
    }

    @GetMapping("/app/leads/new")
    String newLead(Member me, Model model) {
        model.addAttribute("form", LeadChanges.tags(null));
        return page(me, model);
    }

    @PostMapping("/app/leads/new")
    String create(
            Member me,
            // The lead's fields and one tag (addTagId), bound straight onto a change; the rest is unused.
            @ModelAttribute("form") LeadChanges form,
            BindingResult result,
            Model model,
            RedirectAttributes redirect) {
        LeadView created;
        try {
            created = leads.createByHand(
                    me.workspaceId(), me.userId(), me.user().name(), me.user().email(), form);
        } catch (ApiException e) {
            if (e.errors() != null && !e.errors().isEmpty()) {
                for (ApiError.FieldError error : e.errors()) {
                    String field = error.field().equals("tagId") ? "addTagId" : error.field();
                    result.rejectValue(field, "invalid", sentence(error.message()));
                }
            } else if ("DUPLICATE_LEAD".equals(e.code())) {
                result.reject("duplicate", "A lead with this email or this first and last name exists already.");
                model.addAttribute("duplicateOf", e.existingLeadId());
            } else if ("PLAN_LIMIT_REACHED".equals(e.code())) {
                result.reject("plan", "This month's plan limit of new leads is reached: " + e.getMessage());
            } else {
                throw e;
            }
            return page(me, model);
        }
        redirect.addFlashAttribute("flash", "Lead “" + LeadsController.display(created) + "” added.");
        return "redirect:/app/leads/" + created.id();
    }

    @PostMapping("/app/leads/{id}/notes")
    String addNote(
            Member me,
            @PathVariable String id,
            @RequestParam(defaultValue = "") String text,
            RedirectAttributes redirect) {
        String leadId;
        try {
            leadId = leads.addNote(me.workspaceId(), me.userId(), id, text).id();
            redirect.addFlashAttribute("flash", "Note added.");
        } catch (ApiException e) {
            if (e.errors() == null || e.errors().isEmpty()) {
                throw e;
            }
            // The text is checked before the lead: a refused note on a lead not in this workspace is
            // still a 404, and the redirect names the lead by its own id, never by the address's text.
            leadId = leads.getWithoutTimeline(me.workspaceId(), id).id();
            redirect.addFlashAttribute(
                    "flashError", "Note not added: " + e.errors().getFirst().message() + ".");
            redirect.addFlashAttribute("noteDraft", text.length() > Leads.MAX_NOTE * 2 ? "" : text);
        }
        return "redirect:/app/leads/" + leadId + "#timeline-title";
    }

    private String page(Member me, Model model) {
        model.addAttribute("fields", FIELDS);
        model.addAttribute("tags", tags.list(me.workspaceId()));
        return "app/lead-new";
    }

    private static String sentence(String message) {
        return message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }
}
