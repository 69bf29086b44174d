package io.leadline.dashboard;

import io.leadline.lead.Channel;
import io.leadline.lead.LeadChanges;
import io.leadline.lead.LeadSearch;
import io.leadline.lead.LeadStatus;
import io.leadline.lead.LeadView;
import io.leadline.lead.Leads;
import io.leadline.lead.Tag;
import io.leadline.lead.Tags;
import io.leadline.platform.ApiError;
import io.leadline.platform.ApiException;
import io.leadline.workspace.Workspaces;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/** The leads table (search, filters, keyset pages, bulk changes, CSV export) and the lead page. */
@Controller
class LeadsController {

    static final List<String> STATUSES =
            Arrays.stream(LeadStatus.values()).map(LeadStatus::json).toList();
    static final List<String> CHANNELS =
            Arrays.stream(Channel.values()).map(Channel::json).toList();
    private static final int MAX_BULK = 200;

    /** The list's query string: every part optional; dates are UTC days, {@code to} inclusive. */
    record LeadQuery(
            String q,
            String status,
            String tag,
            String source,
            String channel,
            String project,
            String assigned,
            String from,
            String to,
            String sort,
            String cursor,
            String size) {

        /** The search this query asks for, and what in it could not be understood. */
        record Parsed(LeadSearch search, List<String> problems) {}

        /**
         * {@code me} is the person the page is for: {@code assigned=me} (the leads they work), {@code
         * none}, or a person's id.
         */
        Parsed parse(String me) {
            List<String> problems = new ArrayList<>();
            LeadStatus st = blank(status) ? null : LeadStatus.parse(status);
            if (!blank(status) && st == null) {
                problems.add("Unknown status '" + status + "' ignored.");
            }
            Channel ch = blank(channel) ? null : Channel.parse(channel);
            if (!blank(channel) && ch == null) {
                problems.add("Unknown channel '" + channel + "' ignored.");
            }
            LocalDate fromDay = day(from, "From", problems);
            LocalDate toDay = day(to, "To", problems);
            return new Parsed(
                    new LeadSearch(
                            trim(q),
                            st,
                            ch,
                            trim(source),
                            trim(project),
                            trim(tag),
                            "me".equalsIgnoreCase(trim(assigned)) ? me : trim(assigned),
                            fromDay == null ? null : fromDay.atStartOfDay().atOffset(ZoneOffset.UTC),
                            toDay == null
                                    ? null
                                    : toDay.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC),
                            "oldest".equals(sort)),
                    problems);
        }

        /** The same query with the page size it is served with, so the form shows it. */
        LeadQuery sized() {
            return new LeadQuery(
                    q,
                    status,
                    tag,
                    source,
                    channel,
                    project,
                    assigned,
                    from,
                    to,
                    sort,
                    cursor,
                    Integer.toString(pageSize()));
        }

        /** 25, 50 or 100; anything else in the address (a typo, a number out of range) is 50. */
        int pageSize() {
            return size != null && List.of("25", "50", "100").contains(size.trim())
                    ? Integer.parseInt(size.trim())
                    : 50;
        }

        boolean filtered() {
            return !blank(q)
                    || !blank(status)
                    || !blank(tag)
                    || !blank(source)
                    || !blank(channel)
                    || !blank(project)
                    || !blank(assigned)
                    || !blank(from)
                    || !blank(to);
        }

        /** This query as a query string, without the cursor unless given one. */
        String queryString(String withCursor) {
            UriComponentsBuilder b = UriComponentsBuilder.newInstance();
            add(b, "q", q);
            add(b, "status", status);
            add(b, "tag", tag);
            add(b, "source", source);
            add(b, "channel", channel);
            add(b, "project", project);
            add(b, "assigned", assigned);
            add(b, "from", from);
            add(b, "to", to);
            add(b, "sort", "oldest".equals(sort) ? sort : null);
            add(b, "size", size == null || pageSize() == 50 ? null : Integer.toString(pageSize()));
            add(b, "cursor", withCursor);
            String query = b.build(true).getQuery();
            return query == null ? "" : query;
        }

        /**
         * Every character but the unreserved ones percent-encoded: {@code UriComponentsBuilder.encode()}
         * leaves a {@code +} as it is, which the next request reads as a space ({@code jane+x@…}).
         */
        private static void add(UriComponentsBuilder b, String name, String value) {
            if (!blank(value)) {
                b.queryParam(name, UriUtils.encode(value.trim(), StandardCharsets.UTF_8));
            }
        }

        private static LocalDate day(String value, String label, List<String> problems) {
            if (blank(value)) {
                return null;
            }
            LocalDate day;
            try {
                day = LocalDate.parse(value.trim());
            } catch (DateTimeParseException e) {
                problems.add(label + " date '" + value + "' is not a date like 2026-01-31; ignored.");
                return null;
            }
            // As on the API: what both databases hold, and a day after which still is a date.
            if (day.getYear() < 1 || day.getYear() > 9999) {
                problems.add(label + " date '" + value + "' is outside the years 1 to 9999; ignored.");
                return null;
            }
            return day;
        }
    }

    /** Every editable field of a lead, as the lead page posts it. Empty text clears a field. */
    record LeadForm(
            @Size(max = 255, message = "Use at most {max} characters")
            String firstName,

            @Size(max = 255, message = "Use at most {max} characters")
            String lastName,

            @Size(max = 255, message = "Use at most {max} characters")
            String name,

            // The API's rules, no stricter: a lead the API or a capture stored must stay editable here.
            @Size(max = 255, message = "Use at most {max} characters")
            @Pattern(regexp = "^\\s*$|^\\s*[^@\\s]+@[^@\\s]+\\.[^@\\s]+\\s*$", message = "Enter a valid email address")
            String email,

            @Size(max = 50, message = "Use at most {max} characters")
            @Pattern(regexp = "^\\s*$|^.*[0-9].*$", message = "Enter a phone number with digits")
            String phone,

            @Size(max = 255, message = "Use at most {max} characters")
            String company,

            @Size(max = 2048, message = "Use at most {max} characters")
            String website,

            @Size(max = 255, message = "Use at most {max} characters")
            String source,

            @Size(max = 255, message = "Use at most {max} characters")
            String address,

            @Size(max = 255, message = "Use at most {max} characters")
            String city,

            @Size(max = 255, message = "Use at most {max} characters")
            String state,

            @Size(max = 32, message = "Use at most {max} characters")
            String zipcode,

            @NotBlank String status,
            List<String> tagIds,
            /** When the lead was last changed as the form showed it: saving over a newer change is refused. */
            String version,
            /** The values the form showed ({@link #encode}): which fields the person edited. */
            String original) {

        /** The fields of the form, in order, with the labels people read. */
        static final Map<String, String> LABELS = labels();

        private static Map<String, String> labels() {
            Map<String, String> l = new LinkedHashMap<>();
            for (String[] f : new String[][] {
                {"firstName", "first name"}, {"lastName", "last name"}, {"name", "name"}, {"email", "email"},
                {"phone", "phone"}, {"company", "company"}, {"website", "website"}, {"source", "source"},
                {"address", "address"}, {"city", "city"}, {"state", "state"}, {"zipcode", "ZIP code"},
                {"status", "status"}, {"tagIds", "tags"}
            }) {
                l.put(f[0], f[1]);
            }
            return l;
        }

        static LeadForm of(LeadView l) {
            return shown(l).withOriginal();
        }

        private static LeadForm shown(LeadView l) {
            return new LeadForm(
                    l.firstName(),
                    l.lastName(),
                    l.firstName() == null && l.lastName() == null ? l.name() : null,
                    l.email(),
                    l.phone(),
                    l.company(),
                    l.website(),
                    l.source(),
                    l.address(),
                    l.city(),
                    l.state(),
                    l.zipcode(),
                    l.status(),
                    l.tags().stream().map(LeadView.TagRef::id).toList(),
                    l.updatedAt().toString(),
                    null);
        }

        private LeadForm withOriginal() {
            return withOriginal(this);
        }

        /** The form's values by field as compared: text trimmed (blank is empty), tags as a sorted set. */
        Map<String, String> values() {
            List<String> raw = java.util.Arrays.asList(
                    firstName, lastName, name, email, phone, company, website, source, address, city, state, zipcode,
                    status);
            Map<String, String> out = new LinkedHashMap<>();
            int i = 0;
            for (String field : LABELS.keySet()) {
                if (field.equals("tagIds")) {
                    out.put(field, tagIds == null ? "" : String.join(",", new java.util.TreeSet<>(tagIds)));
                } else {
                    String v = raw.get(i++);
                    out.put(field, v == null ? "" : v.strip());
                }
            }
            return out;
        }

        static String encode(Map<String, String> values) {
            StringBuilder out = new StringBuilder();
            values.forEach((k, v) -> out.append(out.isEmpty() ? "" : "&")
                    .append(k)
                    .append('=')
                    .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
            return out.toString();
        }

        /** What the form showed when it was opened; empty when the page sent none (an older tab). */
        Map<String, String> shownValues() {
            Map<String, String> out = new LinkedHashMap<>();
            if (original == null || original.isBlank()) {
                return out;
            }
            for (String pair : original.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && LABELS.containsKey(pair.substring(0, eq))) {
                    out.put(
                            pair.substring(0, eq),
                            java.net.URLDecoder.decode(
                                    pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            return out;
        }

        /** The fields someone else changed between this form's opening and {@code current}. */
        List<String> changedBy(LeadView current) {
            Map<String, String> shown = shownValues();
            Map<String, String> now = shown(current).values();
            return LABELS.keySet().stream()
                    .filter(f -> shown.containsKey(f) && !shown.get(f).equals(now.get(f)))
                    .map(LABELS::get)
                    .toList();
        }

        /**
         * After a refused save: the lead as it is now, with this form's edits — the fields whose value
         * differs from what the form showed — on top. Saving it again changes only what the person
         * edited, not what someone else changed meanwhile.
         */
        LeadForm over(LeadView current) {
            Map<String, String> shown = shownValues();
            Map<String, String> mine = values();
            LeadForm now = shown(current);
            java.util.function.Predicate<String> edited =
                    f -> !shown.containsKey(f) || !shown.get(f).equals(mine.get(f));
            return new LeadForm(
                            edited.test("firstName") ? firstName : now.firstName,
                            edited.test("lastName") ? lastName : now.lastName,
                            edited.test("name") ? name : now.name,
                            edited.test("email") ? email : now.email,
                            edited.test("phone") ? phone : now.phone,
                            edited.test("company") ? company : now.company,
                            edited.test("website") ? website : now.website,
                            edited.test("source") ? source : now.source,
                            edited.test("address") ? address : now.address,
                            edited.test("city") ? city : now.city,
                            edited.test("state") ? state : now.state,
                            edited.test("zipcode") ? zipcode : now.zipcode,
                            edited.test("status") ? status : now.status,
                            edited.test("tagIds") ? tagIds : now.tagIds,
                            now.version,
                            null)
                    .withOriginal(now);
        }

        /** This form, carrying {@code shownNow}'s values as the ones it showed. */
        private LeadForm withOriginal(LeadForm shownNow) {
            return new LeadForm(
                    firstName,
                    lastName,
                    name,
                    email,
                    phone,
                    company,
                    website,
                    source,
                    address,
                    city,
                    state,
                    zipcode,
                    status,
                    tagIds,
                    version,
                    encode(shownNow.values()));
        }

        OffsetDateTime openedAt() {
            try {
                return version == null || version.isBlank() ? null : OffsetDateTime.parse(version);
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }

        LeadChanges changes(boolean capturedName) {
            return new LeadChanges(
                    text(firstName),
                    text(lastName),
                    capturedName ? text(name) : null,
                    text(email),
                    text(phone),
                    text(company),
                    text(website),
                    text(source),
                    text(address),
                    text(city),
                    text(state),
                    text(zipcode),
                    status,
                    tagIds == null ? List.of() : tagIds,
                    null,
                    null);
        }

        private static String text(String s) {
            return s == null ? "" : s;
        }
    }

    /** One line of the timeline as people read it; {@code at} is shown in the reader's time zone (app/time). */
    record TimelineItem(OffsetDateTime at, String who, String title, List<String> lines) {}

    private static final Logger log = LoggerFactory.getLogger(LeadsController.class);

    private final Leads leads;
    private final Tags tags;
    private final Workspaces workspaces;

    LeadsController(Leads leads, Tags tags, Workspaces workspaces) {
        this.leads = leads;
        this.tags = tags;
        this.workspaces = workspaces;
    }

    @GetMapping("/app/leads")
    String list(Member me, @ModelAttribute("query") LeadQuery query, Model model) {
        LeadQuery.Parsed parsed = query.parse(me.userId());
        Leads.Page page;
        try {
            page = leads.search(me.workspaceId(), parsed.search(), query.cursor(), query.pageSize());
        } catch (ApiException e) {
            parsed.problems().add("That page link has expired; showing the first page.");
            page = leads.search(me.workspaceId(), parsed.search(), null, query.pageSize());
        }
        model.addAttribute("query", query.sized());
        model.addAttribute("page", page);
        model.addAttribute("problems", parsed.problems());
        model.addAttribute("filtered", query.filtered());
        model.addAttribute("paged", query.cursor() != null && !query.cursor().isBlank());
        // The page as it is (cursor included): bulk actions and a lead's "All leads" come back to it.
        model.addAttribute("queryString", query.queryString(query.cursor()));
        // The filter alone: "First page" and the CSV export (which takes every matching lead) start over.
        model.addAttribute("filterString", query.queryString(null));
        model.addAttribute(
                "nextLink", page.nextCursor() == null ? null : "/app/leads?" + query.queryString(page.nextCursor()));
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("channels", CHANNELS);
        model.addAttribute("tags", tags.list(me.workspaceId()));
        model.addAttribute("projects", workspaces.projects(me.workspaceId()));
        model.addAttribute("people", workspaces.members(me.workspaceId()));
        return "app/leads";
    }

    /**
     * Changes the status or a tag of the selected leads, each with its own timeline entry — all of
     * them or, when one is not the workspace's, none — and returns to the same page of the list.
     */
    @PostMapping("/app/leads/bulk")
    String bulk(
            Member me,
            @RequestParam(name = "ids", required = false) List<String> ids,
            @RequestParam String action,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String tagId,
            @RequestParam(required = false) String assignee,
            @RequestParam(required = false) String back,
            Model model,
            RedirectAttributes redirect) {
        String target = listLink(back);
        List<String> selected = ids == null ? List.of() : new ArrayList<>(new LinkedHashSet<>(ids));
        if (selected.isEmpty()) {
            redirect.addFlashAttribute("flashError", "Select at least one lead first.");
            return "redirect:" + target;
        }
        if (selected.size() > MAX_BULK) {
            redirect.addFlashAttribute("flashError", "Select at most " + MAX_BULK + " leads at a time.");
            return "redirect:" + target;
        }
        if (action.equals("delete")) {
            // Deleting is asked for on a page of its own, naming the leads, before anything is deleted.
            List<LeadView> chosen = new ArrayList<>();
            for (String id : selected) {
                try {
                    chosen.add(leads.getWithoutTimeline(me.workspaceId(), id));
                } catch (ApiException e) {
                    if (e.status() != HttpStatus.NOT_FOUND) {
                        throw e;
                    }
                }
            }
            model.addAttribute("chosen", chosen);
            model.addAttribute("back", back);
            model.addAttribute("listLink", target);
            return "app/leads-delete";
        }
        // One transaction locks every selected lead: always in the same order, so two bulk actions
        // over the same leads queue for each other instead of deadlocking.
        selected.sort(null);
        Flash outcome;
        try {
            outcome = bulk(me, selected, action, status, tagId, assignee);
        } catch (ApiException e) {
            if (e.status() != HttpStatus.NOT_FOUND) {
                throw e;
            }
            outcome = Flash.error("A selected lead no longer exists (deleted meanwhile), so nothing was changed."
                    + " The list below is current: select again.");
        } catch (PessimisticLockingFailureException e) {
            log.info(
                    "Bulk {} on {} leads lost a lock race: {}",
                    action,
                    selected.size(),
                    e.getMostSpecificCause().toString());
            outcome = Flash.error("Someone changed these leads at the same moment, so nothing was changed. Try again.");
        }
        redirect.addFlashAttribute(outcome.error() ? "flashError" : "flash", outcome.message());
        return "redirect:" + target;
    }

    /** What a page tells the user after a redirect: a confirmation or an error. */
    private record Flash(String message, boolean error) {
        static Flash ok(String message) {
            return new Flash(message, false);
        }

        static Flash error(String message) {
            return new Flash(message, true);
        }
    }

    /** Deletes the confirmed leads, all or none, and returns to the list they were selected in. */
    @PostMapping("/app/leads/bulk-delete")
    String bulkDelete(
            Member me,
            @RequestParam(name = "ids", required = false) List<String> ids,
            @RequestParam(required = false) String back,
            RedirectAttributes redirect) {
        List<String> selected = ids == null ? List.of() : new ArrayList<>(new LinkedHashSet<>(ids));
        if (selected.isEmpty() || selected.size() > MAX_BULK) {
            redirect.addFlashAttribute("flashError", "Select 1 to " + MAX_BULK + " leads to delete.");
            return "redirect:" + listLink(back);
        }
        selected.sort(null);
        try {
            leads.allOrNothing(() -> selected.forEach(id -> leads.delete(me.workspaceId(), id)));
            redirect.addFlashAttribute("flash", count(selected.size()) + " deleted.");
        } catch (ApiException e) {
            if (e.status() != HttpStatus.NOT_FOUND) {
                throw e;
            }
            redirect.addFlashAttribute(
                    "flashError", "A selected lead no longer exists (deleted meanwhile), so nothing was deleted.");
        }
        return "redirect:" + listLink(back);
    }

    /** Applies a bulk action to every selected lead or to none. */
    private Flash bulk(Member me, List<String> selected, String action, String status, String tagId, String assignee) {
        String done;
        switch (action) {
            case "assign" -> {
                // "" (Nobody) unassigns; anyone else must be a person of this workspace.
                String who = assignee == null ? "-" : assignee.trim();
                if (who.equals("-")) {
                    return Flash.error("Choose whom to assign the leads to.");
                }
                String name = who.isEmpty()
                        ? "nobody"
                        : workspaces
                                .findMember(me.workspaceId(), who)
                                .map(io.leadline.workspace.User::name)
                                .orElse(null);
                if (name == null) {
                    return Flash.error("That person is no longer in this workspace (removed meanwhile); choose again.");
                }
                int[] unchanged = {0};
                leads.allOrNothing(() -> selected.forEach(id -> {
                    LeadView.Person current =
                            leads.getWithoutTimeline(me.workspaceId(), id).assignedTo();
                    if (java.util.Objects.equals(current == null ? "" : current.id(), who)) {
                        unchanged[0]++;
                    } else {
                        leads.update(me.workspaceId(), me.userId(), id, LeadChanges.assignedTo(who));
                    }
                }));
                done = count(selected.size() - unchanged[0]) + " assigned to " + name
                        + (unchanged[0] == 0
                                ? "."
                                : " (" + count(unchanged[0]) + " already " + (unchanged[0] == 1 ? "was" : "were")
                                        + ").");
            }
            case "status" -> {
                LeadStatus st = LeadStatus.parse(status);
                if (st == null) {
                    return Flash.error("Choose a status to set.");
                }
                leads.allOrNothing(() -> selected.forEach(
                        id -> leads.update(me.workspaceId(), me.userId(), id, LeadChanges.status(st))));
                done = "Status set to " + st.json() + " on " + count(selected.size()) + ".";
            }
            case "add-tag", "remove-tag" -> {
                Tag tag = tagId == null
                        ? null
                        : tags.find(me.workspaceId(), tagId).orElse(null);
                if (tag == null) {
                    return Flash.error("Choose a tag first.");
                }
                boolean add = action.equals("add-tag");
                int[] changed = {0};
                leads.allOrNothing(() -> selected.forEach(id -> {
                    if (leads.changeTag(me.workspaceId(), me.userId(), id, tag.id(), add)) {
                        changed[0]++;
                    }
                }));
                int unchanged = selected.size() - changed[0];
                done = (add ? "Tag “" + tag.name() + "” added to " : "Tag “" + tag.name() + "” removed from ")
                        + count(changed[0])
                        + (unchanged == 0
                                ? "."
                                : " (" + count(unchanged) + (add ? " had it already)." : " did not have it)."));
            }
            default -> {
                return Flash.error("Choose what to do with the selected leads.");
            }
        }
        return Flash.ok(done);
    }

    /**
     * Assigns one lead to a person of the workspace ({@code assignee} their id; empty for nobody), on
     * its own: the lead's form, open meanwhile, keeps its edits (the assignment moves the lead's
     * version, and the form's save merges over it as over any other change).
     */
    @PostMapping("/app/leads/{id}/assign")
    String assign(
            Member me,
            @PathVariable String id,
            @RequestParam(required = false) String assignee,
            @RequestParam(required = false) String back,
            RedirectAttributes redirect) {
        String who = assignee == null ? "" : assignee.trim();
        String name = who.isEmpty()
                ? null
                : workspaces
                        .findMember(me.workspaceId(), who)
                        .map(io.leadline.workspace.User::name)
                        .orElse(null);
        if (!who.isEmpty() && name == null) {
            // Back to the lead by its own id: a lead not in this workspace is a 404 as on every other
            // action, and the address's text never reaches the redirect (which reads {…} as a variable).
            id = leads.getWithoutTimeline(me.workspaceId(), id).id();
            redirect.addFlashAttribute("flashError", "That person is no longer in this workspace; choose again.");
        } else {
            LeadView lead = leads.update(me.workspaceId(), me.userId(), id, LeadChanges.assignedTo(who));
            redirect.addFlashAttribute(
                    "flash", name == null ? "Nobody is assigned to this lead now." : "Assigned to " + name + ".");
            id = lead.id();
        }
        if (!listLink(back).equals("/app/leads")) {
            redirect.addAttribute("back", back);
        }
        return "redirect:/app/leads/" + id;
    }

    /** Every lead the filter matches as CSV, written page by page as it is read. */
    @GetMapping("/app/leads/export.csv")
    void export(Member me, @ModelAttribute("query") LeadQuery query, HttpServletResponse response) throws IOException {
        LeadSearch search = query.parse(me.userId()).search();
        Map<String, String> projectNames = workspaces.projectNames(me.workspaceId());
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(
                "Content-Disposition", "attachment; filename=\"leads-" + LocalDate.now(ZoneOffset.UTC) + ".csv\"");
        Writer out = response.getWriter();
        // A byte order mark: Excel reads a CSV without one in the machine's legacy code page (Zoë → ZoÃ«).
        out.write('\uFEFF');
        out.write(Csv.row(List.of(
                "id",
                "first_name",
                "last_name",
                "name",
                "email",
                "phone",
                "company",
                "website",
                "source",
                "address",
                "city",
                "state",
                "zipcode",
                "status",
                "channel",
                "project",
                "tags",
                "created_by",
                "assigned_to",
                "source_url",
                "referrer",
                "created_at",
                "updated_at",
                "utm",
                "attributes")));
        leads.forEachMatching(me.workspaceId(), search, l -> {
            try {
                out.write(Csv.row(Arrays.asList(
                        l.id(),
                        l.firstName(),
                        l.lastName(),
                        l.name(),
                        l.email(),
                        l.phone(),
                        l.company(),
                        l.website(),
                        l.source(),
                        l.address(),
                        l.city(),
                        l.state(),
                        l.zipcode(),
                        l.status(),
                        l.channel(),
                        l.projectId() == null ? null : projectNames.getOrDefault(l.projectId(), l.projectId()),
                        l.tags().stream().map(LeadView.TagRef::name).collect(Collectors.joining("; ")),
                        l.createdBy() == null ? null : l.createdBy().email(),
                        l.assignedTo() == null ? null : l.assignedTo().email(),
                        l.sourceUrl(),
                        l.referrer(),
                        Csv.time(l.createdAt()),
                        Csv.time(l.updatedAt()),
                        pairs(l.utm()),
                        pairs(l.attributes()))));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        out.flush();
    }

    /**
     * The list address a page returns to: {@code back} is the list's query string as the list page
     * wrote it (URI-encoded, so only query characters), anything else is the plain list.
     */
    static String listLink(String back) {
        return back != null
                        && !back.isEmpty()
                        && back.length() <= 4096
                        && back.matches("[A-Za-z0-9_.~%&=+\\-/?:@!$'()*,;]*")
                ? "/app/leads?" + back
                : "/app/leads";
    }

    @GetMapping("/app/leads/{id}")
    String lead(Member me, @PathVariable String id, @RequestParam(required = false) String back, Model model) {
        LeadView lead = leads.get(me.workspaceId(), id);
        model.addAttribute("form", LeadForm.of(lead));
        model.addAttribute("back", back);
        return leadPage(me, lead, model);
    }

    @PostMapping("/app/leads/{id}")
    String save(
            Member me,
            @PathVariable String id,
            @Valid @ModelAttribute("form") LeadForm form,
            BindingResult result,
            @RequestParam(required = false) String back,
            Model model,
            RedirectAttributes redirect) {
        LeadView lead = leads.get(me.workspaceId(), id);
        model.addAttribute("back", back);
        boolean api = "api".equals(lead.channel());
        if (api) {
            if (form.firstName() == null || form.firstName().isBlank()) {
                result.rejectValue("firstName", "required", "Leads from the API keep a first name");
            }
            if (form.lastName() == null || form.lastName().isBlank()) {
                result.rejectValue("lastName", "required", "Leads from the API keep a last name");
            }
        }
        if (LeadStatus.parse(form.status()) == null) {
            result.rejectValue("status", "unknown", "Choose a status");
        }
        if (result.hasErrors()) {
            return leadPage(me, lead, model);
        }
        try {
            leads.update(me.workspaceId(), me.userId(), id, form.changes(!api), form.openedAt());
        } catch (ApiException e) {
            if ("LEAD_CHANGED".equals(e.code())) {
                // The form becomes the lead as it is now with this person's edits on top, so saving again
                // changes what they edited and keeps what the other person changed.
                LeadView current = leads.get(me.workspaceId(), id);
                List<String> theirs = form.changedBy(current);
                LeadForm merged = form.over(current);
                BindingResult fresh = new org.springframework.validation.BeanPropertyBindingResult(merged, "form");
                fresh.reject(
                        "changed",
                        "Someone changed "
                                + (theirs.isEmpty() ? "this lead" : String.join(", ", theirs))
                                + " after you opened it (see the timeline), so your edits were not saved yet. The"
                                + " form now shows their change with your edits on top: save again to keep your"
                                + " edits, or reload the page to drop them.");
                model.addAttribute("form", merged);
                model.addAttribute(BindingResult.MODEL_KEY_PREFIX + "form", fresh);
                return leadPage(me, current, model);
            }
            if (e.errors() != null && !e.errors().isEmpty()) {
                for (ApiError.FieldError error : e.errors()) {
                    String field = error.field().equals("tagIds") ? "tagIds" : error.field();
                    result.rejectValue(field, "invalid", error.message());
                }
                return leadPage(me, lead, model);
            }
            if ("DUPLICATE_LEAD".equals(e.code())) {
                result.reject("duplicate", "Another lead already has this email or name.");
                model.addAttribute("duplicateOf", e.existingLeadId());
                return leadPage(me, lead, model);
            }
            throw e;
        }
        redirect.addFlashAttribute("flash", "Lead saved.");
        if (!listLink(back).equals("/app/leads")) {
            redirect.addAttribute("back", back);
        }
        return "redirect:/app/leads/" + id;
    }

    @GetMapping("/app/leads/{id}/delete")
    String confirmDelete(Member me, @PathVariable String id, @RequestParam(required = false) String back, Model model) {
        model.addAttribute("lead", leads.get(me.workspaceId(), id));
        model.addAttribute("back", back);
        return "app/lead-delete";
    }

    /** Deletes the lead and goes back to the list the person came from (its filters and page). */
    @PostMapping("/app/leads/{id}/delete")
    String delete(
            Member me,
            @PathVariable String id,
            @RequestParam(required = false) String back,
            RedirectAttributes redirect) {
        LeadView lead = leads.get(me.workspaceId(), id);
        leads.delete(me.workspaceId(), id);
        redirect.addFlashAttribute("flash", "Lead “" + display(lead) + "” deleted.");
        return "redirect:" + listLink(back);
    }

    private String leadPage(Member me, LeadView lead, Model model) {
        List<Tag> all = tags.list(me.workspaceId());
        Map<String, String> tagNames = new LinkedHashMap<>();
        all.forEach(t -> tagNames.put(t.id(), t.name()));
        model.addAttribute("lead", lead);
        model.addAttribute("listLink", listLink((String) model.getAttribute("back")));
        Map<String, String> attributes = new LinkedHashMap<>();
        if (lead.attributes() != null) {
            lead.attributes().forEach((k, v) -> attributes.put(k, Format.value(v)));
        }
        model.addAttribute("attributes", attributes);
        model.addAttribute("title", display(lead));
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("tags", all);
        model.addAttribute(
                "project",
                lead.projectId() == null
                        ? null
                        : workspaces
                                .findProjectOfLead(me.workspaceId(), lead.projectId())
                                .orElse(null));
        List<io.leadline.workspace.User> people = workspaces.members(me.workspaceId());
        Map<String, String> peopleNames = new LinkedHashMap<>();
        people.forEach(u -> peopleNames.put(u.id(), u.name()));
        model.addAttribute("people", people);
        model.addAttribute("timeline", timeline(lead, tagNames, peopleNames));
        return "app/lead";
    }

    /** A map as one spreadsheet cell people can read: {@code key: value; key: value}. */
    private static String pairs(Map<String, ?> map) {
        if (map == null || map.isEmpty()) {
            return null;
        }
        return map.entrySet().stream()
                .map(e -> e.getKey() + ": " + Format.value(e.getValue()))
                .collect(Collectors.joining("; "));
    }

    static String display(LeadView l) {
        if (l.name() != null && !l.name().isBlank()) {
            return l.name();
        }
        if (l.email() != null) {
            return l.email();
        }
        return l.phone() != null ? l.phone() : "Lead #" + l.number();
    }

    private static List<TimelineItem> timeline(
            LeadView lead, Map<String, String> tagNames, Map<String, String> peopleNames) {
        List<LeadView.TimelineEntry> entries = lead.timeline() == null ? List.of() : lead.timeline();
        List<TimelineItem> out = new ArrayList<>();
        for (LeadView.TimelineEntry e : entries) {
            Map<String, Object> d = e.detail() == null ? Map.of() : e.detail();
            String who = e.actor() == null ? null : e.actor().name();
            String title;
            List<String> lines = new ArrayList<>();
            switch (e.type()) {
                case "created" ->
                    title = "Created" + (d.get("channel") == null ? "" : " via " + channelName(d.get("channel")));
                case "status_changed" -> title = "Status changed from " + d.get("from") + " to " + d.get("to");
                case "note" -> {
                    title = "Note";
                    lines.add(String.valueOf(d.get("text")));
                }
                case "whatsapp_message" -> {
                    Object sender = d.get("profileName") != null ? d.get("profileName") : d.get("from");
                    title = "WhatsApp message" + (sender == null ? "" : " from " + sender);
                    if (d.get("text") != null) {
                        lines.add(String.valueOf(d.get("text")));
                    }
                    if (d.get("from") != null) {
                        lines.add("Number: " + d.get("from"));
                    }
                    if (d.get("messageId") != null) {
                        lines.add("Message id: " + d.get("messageId"));
                    }
                }
                case "updated" -> {
                    title = "Details changed";
                    d.forEach((field, change) -> {
                        if (field.equals("tagIds")) {
                            // {from, to} since 2026-12-01; before, the new list alone.
                            Object to = change instanceof Map<?, ?> m ? m.get("to") : change;
                            Object from = change instanceof Map<?, ?> m ? m.get("from") : null;
                            lines.add("Tags: " + (from instanceof List<?> f ? tagList(f, tagNames) + " → " : "")
                                    + (to instanceof List<?> t ? tagList(t, tagNames) : "none"));
                        } else if (field.equals("assignedTo") && change instanceof Map<?, ?> m) {
                            lines.add("Assigned to: " + person(m.get("from"), peopleNames) + " → "
                                    + person(m.get("to"), peopleNames));
                        } else if (field.equals("tagAdded") || field.equals("tagRemoved")) {
                            lines.add("Tag " + shown(change) + (field.equals("tagAdded") ? " added" : " removed"));
                        } else if (change instanceof Map<?, ?> m) {
                            lines.add(label(field) + ": " + shown(m.get("from")) + " → " + shown(m.get("to")));
                        }
                    });
                }
                default -> {
                    title = Character.toUpperCase(e.type().charAt(0))
                            + e.type().substring(1).replace('_', ' ');
                    d.forEach((k, v) -> {
                        if (v != null && !(v instanceof Map<?, ?>) && !(v instanceof List<?>)) {
                            lines.add(label(k) + ": " + v);
                        }
                    });
                }
            }
            out.add(new TimelineItem(e.at(), who, title, lines));
        }
        java.util.Collections.reverse(out);
        return out;
    }

    private static String tagList(List<?> ids, Map<String, String> tagNames) {
        return ids.isEmpty()
                ? "none"
                : ids.stream()
                        .map(t -> tagNames.getOrDefault(String.valueOf(t), "(deleted tag)"))
                        .collect(Collectors.joining(", "));
    }

    private static String channelName(Object channel) {
        return switch (String.valueOf(channel)) {
            case "api" -> "the API";
            case "web" -> "a web form";
            case "whatsapp" -> "WhatsApp";
            case "import" -> "a CSV import";
            default -> String.valueOf(channel);
        };
    }

    private static String label(String field) {
        String spaced =
                field.replaceAll("([a-z])([A-Z])", "$1 $2").replace('_', ' ').toLowerCase();
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    /** A person of the timeline by id: their name, "nobody", or "a former member" once removed. */
    private static String person(Object userId, Map<String, String> peopleNames) {
        if (userId == null) {
            return "nobody";
        }
        return peopleNames.getOrDefault(String.valueOf(userId), "a former member");
    }

    private static String shown(Object value) {
        return value == null ? "(empty)" : "“" + value + "”";
    }

    private static String count(int n) {
        return n == 1 ? "1 lead" : n + " leads";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String trim(String s) {
        return blank(s) ? null : s.trim();
    }
}
