package io.leadline.dashboard;

import io.leadline.lead.LeadChanges;
import io.leadline.lead.Leads;
import io.leadline.lead.Tag;
import io.leadline.lead.Tags;
import io.leadline.platform.ApiError;
import io.leadline.platform.ApiException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * Leads → Import CSV (owners and admins): a file of leads, each row under the rules of a lead added
 * by hand ({@link Leads#importRows}), and a page saying what became of every row. The file's limits
 * are {@link CsvImport#MAX_BYTES} and {@link CsvImport#MAX_ROWS}; the request body's, a little more
 * than the file's, is {@code leadline.dashboard.import-max-body-bytes} (platform.BodyLimit).
 */
@Controller
class LeadImportController {

    static final String PATH = "/app/leads/import";

    /** Rows listed on the result page; a larger file lists only the rows that were not created. */
    static final int SHOWN = 1_000;

    /** What became of one row, as the result page shows it. */
    record RowResult(
            int row,
            String outcome,
            String leadId,
            String leadName,
            Integer sameAsRow,
            List<String> problems,
            List<String> notes) {}

    record Totals(int rows, int created, int duplicates, int invalid, int overPlan, int failed) {}

    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("firstName", "First name"),
            Map.entry("lastName", "Last name"),
            Map.entry("email", "Email"),
            Map.entry("phone", "Phone"),
            Map.entry("company", "Company"),
            Map.entry("website", "Website"),
            Map.entry("source", "Source"),
            Map.entry("address", "Address"),
            Map.entry("city", "City"),
            Map.entry("state", "State"),
            Map.entry("zipcode", "ZIP code"),
            Map.entry("status", "Status"),
            Map.entry("tags", "Tags"));

    private final Leads leads;
    private final Tags tags;

    LeadImportController(Leads leads, Tags tags) {
        this.leads = leads;
        this.tags = tags;
    }

    @GetMapping(PATH)
    String form(Member me, Model model) {
        me.requireManager();
        return page(model, null);
    }

    @PostMapping(PATH)
    String upload(Member me, @RequestParam(name = "file", required = false) List<MultipartFile> files, Model model)
            throws IOException {
        me.requireManager();
        if (files != null && files.size() > 1) {
            // The form sends one; importing the first and dropping the others without a word would
            // look like those rows had been read.
            return page(model, "Choose one CSV file at a time (this upload held " + files.size() + ").");
        }
        MultipartFile file = files == null || files.isEmpty() ? null : files.get(0);
        if (file == null || file.isEmpty()) {
            return page(model, "Choose a CSV file to import.");
        }
        if (file.getSize() > CsvImport.MAX_BYTES) {
            return page(model, tooLarge(file.getSize()));
        }
        CsvImport.Table table;
        CsvImport.Columns columns;
        try {
            table = CsvImport.parse(file.getBytes());
            columns = CsvImport.columns(table.header());
        } catch (CsvImport.Refused e) {
            return page(model, e.getMessage());
        }
        if (table.rows().isEmpty()) {
            return page(model, "The file names its columns but has no rows below them.");
        }

        Map<String, Tag> tagsByName = tags.byName(me.workspaceId());
        int size = table.rows().size();
        List<List<String>> notes = new ArrayList<>(size);
        List<List<String>> problems = new ArrayList<>(size);
        List<LeadChanges> sent = new ArrayList<>(size);
        List<Integer> sentRows = new ArrayList<>(size);
        int[] sentIndex = new int[size];
        for (int i = 0; i < size; i++) {
            CsvImport.Row row = table.rows().get(i);
            List<String> rowNotes = new ArrayList<>();
            notes.add(rowNotes);
            if (row.cells().size() > table.header().size()) {
                problems.add(List.of("The row has " + row.cells().size() + " cells but the header names "
                        + table.header().size() + " columns: a separator too many, or a field that needed quotes."));
                continue;
            }
            problems.add(List.of());
            Set<String> tagIds = new LinkedHashSet<>();
            List<String> unknownTags = new ArrayList<>();
            for (String name : CsvImport.tagNames(row.cell(columns.of(CsvImport.Column.TAGS)))) {
                Tag tag = tagsByName.get(Tags.nameKey(name));
                if (tag == null) {
                    unknownTags.add(name);
                } else {
                    tagIds.add(tag.id());
                }
            }
            if (!unknownTags.isEmpty()) {
                rowNotes.add(unknownTags(unknownTags));
            }
            String[] names = CsvImport.names(row, columns);
            sent.add(new LeadChanges(
                    names[0],
                    names[1],
                    null,
                    row.cell(columns.of(CsvImport.Column.EMAIL)),
                    row.cell(columns.of(CsvImport.Column.PHONE)),
                    row.cell(columns.of(CsvImport.Column.COMPANY)),
                    row.cell(columns.of(CsvImport.Column.WEBSITE)),
                    row.cell(columns.of(CsvImport.Column.SOURCE)),
                    row.cell(columns.of(CsvImport.Column.ADDRESS)),
                    row.cell(columns.of(CsvImport.Column.CITY)),
                    row.cell(columns.of(CsvImport.Column.STATE)),
                    row.cell(columns.of(CsvImport.Column.ZIPCODE)),
                    row.cell(columns.of(CsvImport.Column.STATUS)),
                    List.copyOf(tagIds),
                    null,
                    null));
            sentIndex[i] = sentRows.size();
            sentRows.add(i);
        }

        List<Leads.ImportOutcome> outcomes = leads.importRows(
                me.workspaceId(), me.userId(), me.user().name(), me.user().email(), sent);
        Leads.ImportOutcome[] byRow = new Leads.ImportOutcome[size];
        for (int j = 0; j < outcomes.size(); j++) {
            byRow[sentRows.get(j)] = outcomes.get(j);
        }

        Map<String, Integer> createdByRow = new HashMap<>();
        int created = 0;
        int duplicates = 0;
        int invalid = 0;
        int overPlan = 0;
        int failed = 0;
        for (int i = 0; i < size; i++) {
            Leads.ImportOutcome o = byRow[i];
            if (o == null || o.kind() == Leads.ImportOutcome.Kind.INVALID) {
                invalid++;
            } else {
                switch (o.kind()) {
                    case CREATED -> {
                        created++;
                        createdByRow.put(o.leadId(), table.rows().get(i).number());
                    }
                    case DUPLICATE -> duplicates++;
                    case OVER_PLAN -> overPlan++;
                    default -> failed++;
                }
            }
        }

        boolean onlyProblems = size > SHOWN;
        List<RowResult> shown = new ArrayList<>();
        for (int i = 0; i < size && shown.size() < SHOWN; i++) {
            Leads.ImportOutcome o = byRow[i];
            int number = table.rows().get(i).number();
            if (o == null) {
                shown.add(new RowResult(number, "invalid", null, null, null, problems.get(i), notes.get(i)));
                continue;
            }
            if (onlyProblems && o.kind() == Leads.ImportOutcome.Kind.CREATED) {
                continue;
            }
            shown.add(
                    switch (o.kind()) {
                        case CREATED ->
                            new RowResult(
                                    number,
                                    "created",
                                    o.leadId(),
                                    display(sent.get(sentIndex[i])),
                                    null,
                                    List.of(),
                                    notes.get(i));
                        case DUPLICATE -> duplicate(me, number, o.leadId(), createdByRow);
                        case INVALID ->
                            new RowResult(
                                    number,
                                    "invalid",
                                    null,
                                    null,
                                    null,
                                    o.errors().stream()
                                            .map(LeadImportController::problem)
                                            .toList(),
                                    List.of());
                        case OVER_PLAN ->
                            new RowResult(
                                    number,
                                    "over-plan",
                                    null,
                                    null,
                                    null,
                                    List.of("This month's plan limit of new leads was reached: not imported."),
                                    List.of());
                        case FAILED ->
                            new RowResult(
                                    number,
                                    "failed",
                                    null,
                                    null,
                                    null,
                                    List.of("Not imported: " + o.message() + "."),
                                    List.of());
                    });
        }
        model.addAttribute("fileName", file.getOriginalFilename());
        model.addAttribute("separator", table.separator() == ';' ? "semicolon" : "comma");
        model.addAttribute("ignored", columns.ignored());
        model.addAttribute("totals", new Totals(size, created, duplicates, invalid, overPlan, failed));
        model.addAttribute("results", shown);
        model.addAttribute("onlyProblems", onlyProblems);
        return page(model, null);
    }

    private RowResult duplicate(Member me, int number, String existingId, Map<String, Integer> createdByRow) {
        String problem = "A lead with the same email or the same first and last name exists already: not imported.";
        if (existingId == null) {
            return new RowResult(number, "duplicate", null, null, null, List.of(problem), List.of());
        }
        Integer sameAs = createdByRow.get(existingId);
        String name;
        try {
            // Scoped to the workspace: a duplicate only ever names a lead of the importer's own.
            name = LeadsController.display(leads.getWithoutTimeline(me.workspaceId(), existingId));
        } catch (ApiException e) {
            // Deleted since: the row still was a duplicate when it was decided.
            return new RowResult(number, "duplicate", null, null, sameAs, List.of(problem), List.of());
        }
        return new RowResult(number, "duplicate", existingId, name, sameAs, List.of(problem), List.of());
    }

    /**
     * One note for a row's tags that do not exist, however many the cell names (a cell of a few
     * megabytes may name hundreds of thousands): the first {@link CsvImport#LISTED}, then a count.
     */
    static String unknownTags(List<String> names) {
        if (names.size() == 1) {
            return "Tag “" + CsvImport.shown(names.get(0)) + "” does not exist in this workspace: not added.";
        }
        List<String> quoted = names.stream()
                .limit(CsvImport.LISTED)
                .map(name -> "“" + CsvImport.shown(name) + "”")
                .toList();
        String more = names.size() > CsvImport.LISTED
                ? String.format(Locale.ROOT, " and %,d more", names.size() - CsvImport.LISTED)
                : "";
        return "Tags " + String.join(", ", quoted) + more + " do not exist in this workspace: not added.";
    }

    /**
     * A file over {@link CsvImport#MAX_BYTES}, its size rounded up so that it never reads as the
     * limit itself (a byte over 5 MB was "5.0 MB; at most 5 MB").
     */
    static String tooLarge(long bytes) {
        double megabytes = Math.ceil(bytes * 100.0 / (1024 * 1024)) / 100;
        return String.format(
                Locale.ROOT,
                "The file is %.2f MB (%,d bytes); at most %d MB (%,d bytes) is imported at a time: split it into"
                        + " smaller files.",
                megabytes,
                bytes,
                CsvImport.MAX_BYTES / (1024 * 1024),
                CsvImport.MAX_BYTES);
    }

    private static String display(LeadChanges lead) {
        return lead.firstName() + " " + lead.lastName();
    }

    private static String problem(ApiError.FieldError error) {
        return LABELS.getOrDefault(error.field(), error.field()) + ": " + error.message() + ".";
    }

    private static String page(Model model, String error) {
        model.addAttribute("error", error);
        model.addAttribute("maxMegabytes", CsvImport.MAX_BYTES / (1024 * 1024));
        model.addAttribute("maxRows", String.format(Locale.ROOT, "%,d", CsvImport.MAX_ROWS));
        return "app/leads-import";
    }
}
