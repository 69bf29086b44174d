package io.leadline.lead;

import io.leadline.apikey.Caller;
import io.leadline.platform.ApiError;
import io.leadline.platform.ApiException;
import io.leadline.platform.BatchThreads;
import io.leadline.platform.Batcher;
import io.leadline.platform.Constraints;
import io.leadline.platform.Ids;
import io.leadline.workspace.MonthlyUsage;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Validator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creating, reading, changing and deleting leads for the private API, and creating or joining leads
 * for the capture channels. Every new lead counts against the workspace's monthly plan limit.
 */
@Service
public class Leads {

    static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);
    /** Most creates one batch takes: more than the connections a busy client keeps open. */
    static final int BATCH_MAX = 128;

    private static final Logger log = LoggerFactory.getLogger(Leads.class);
    private static final Map<String, Object> API_CHANNEL = Map.of("channel", "api");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    /** A create's answer: the lead, and whether it replays an earlier answer for the same key. */
    record Created(LeadView lead, boolean replayed) {}

    /** What became of a captured submission: the lead it created or joined. */
    public record Capture(long leadNumber, String leadId, boolean created) {}

    private final LeadRepository leads;
    private final IdempotencyRepository idempotency;
    private final Tags tags;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final MonthlyUsage usage;
    private final Batcher<String, PendingCreate, LeadView> creates;
    private final Validator validator;

    private final io.leadline.workspace.Workspaces workspaces;

    Leads(
            LeadRepository leads,
            IdempotencyRepository idempotency,
            Tags tags,
            TransactionTemplate tx,
            JsonMapper json,
            ApplicationEventPublisher events,
            MonthlyUsage usage,
            BatchThreads batchThreads,
            MeterRegistry meters,
            Validator validator,
            io.leadline.workspace.Workspaces workspaces) {
        this.workspaces = workspaces;
        this.validator = validator;
        this.usage = usage;
        this.leads = leads;
        this.idempotency = idempotency;
        this.tags = tags;
        this.tx = tx;
        this.json = json;
        this.events = events;
        this.creates = new Batcher<>("lead-create", BATCH_MAX, batchThreads, meters, this::createAll);
    }

    Created create(Caller caller, LeadRequests.Create request, String idempotencyKey) {
        LeadRequests.Create r = request;
        Tag tag = r.tagId() == null
                ? null
                : tags.find(caller.workspaceId(), r.tagId())
                        .orElseThrow(() -> ApiException.validation("tagId", "is not a tag of this workspace"));
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw ApiException.validation("Idempotency-Key", "must be 1 to 255 printable ASCII characters");
        }
        OffsetDateTime now = now();
        Lead lead = new Lead(
                0,
                Ids.prefixed("ld"),
                caller.workspaceId(),
                null,
                Channel.API,
                LeadStatus.NEW,
                r.firstName(),
                r.lastName(),
                null,
                r.email(),
                r.phone(),
                r.company(),
                r.website(),
                r.source(),
                r.address(),
                r.city(),
                r.state(),
                r.zipcode(),
                null,
                null,
                null,
                null,
                null,
                caller.userId(),
                null,
                now,
                now);
        if (idempotencyKey == null) {
            return new Created(
                    creates.submit(
                            caller.workspaceId(),
                            new PendingCreate(caller, lead, tag == null ? List.of() : List.of(tag), API_CHANNEL)),
                    false);
        }
        // A claim, the lead and the stored answer commit together: the one-lead path.
        return createAlone(
                caller,
                lead,
                r.tagId() == null ? List.of() : List.of(r.tagId()),
                API_CHANNEL,
                idempotencyKey,
                hash(json.writeValueAsString(r)),
                now);
    }

    /**
     * A create without an Idempotency-Key (the private API's, waiting for its workspace's next batch,
     * or a row of an import), with its tags and the detail of its "created" timeline entry.
     */
    private record PendingCreate(Caller caller, Lead draft, List<Tag> tags, Map<String, Object> via) {}

    /**
     * Creates the leads of one batch (one workspace) in one transaction: one multi-row insert that
     * skips duplicates, one plan-counter update, one statement each for tags and timeline entries.
     * Per request the outcome is what one-at-a-time processing in arrival order would answer:
     * created; 409 DUPLICATE_LEAD naming the lead that holds the email or name (an earlier lead of
     * the same batch included); 429 PLAN_LIMIT_REACHED for the leads beyond the plan's allowance.
     * If the batch fails as a whole (a conflict with a concurrent change of another kind), each of
     * its requests is decided again on its own, so such a race costs time, never a wrong answer.
     */
    private List<Batcher.Result<LeadView>> createAll(List<PendingCreate> items) {
        String workspaceId = items.getFirst().caller().workspaceId();
        List<Batcher.Result<LeadView>> results;
        try {
            results = tx.execute(status -> createBatch(workspaceId, items));
        } catch (RuntimeException e) {
            if (!Constraints.conflict(e)) {
                return items.stream()
                        .<Batcher.Result<LeadView>>map(i -> Batcher.Result.failed(e))
                        .toList();
            }
            log.debug("A batch of {} creates failed ({}); deciding each on its own", items.size(), e.toString());
            return items.stream().map(this::createAlone).toList();
        }
        List<Batcher.Result<LeadView>> answers = new ArrayList<>(results);
        for (int i = 0; i < answers.size(); i++) {
            if (answers.get(i) == null) {
                PendingCreate item = items.get(i);
                Optional<String> existing;
                try {
                    existing = conflicting(item.draft());
                } catch (RuntimeException e) {
                    // The batch has committed: its created leads keep their 201s whatever happens to
                    // the look-up naming a duplicate's holder (the database gone at that moment, say).
                    answers.set(i, Batcher.Result.failed(e));
                    continue;
                }
                // No lead holds the email or name any more (the one that did went over the plan and was
                // taken out again): this request is decided as if it came alone.
                answers.set(
                        i, existing.isPresent() ? Batcher.Result.failed(duplicate(existing.get())) : createAlone(item));
            }
        }
        return answers;
    }

    /** The batch's transaction; a null result marks a duplicate, named after the commit. */
    private List<Batcher.Result<LeadView>> createBatch(String workspaceId, List<PendingCreate> items) {
        OffsetDateTime now = now();
        Map<String, Long> ids = leads.insertAll(
                workspaceId, items.stream().map(PendingCreate::draft).toList());
        // The usage row after the lead rows (as on the one-lead path): batches of a workspace insert side
        // by side and queue only here, for the count and the commit. Usually the plan allows the whole
        // batch and one statement counts it; else the row is locked and read, and the leads beyond the
        // allowance are taken out again.
        boolean counted = usage.countNewLeadsIfAllowed(workspaceId, now, ids.size());
        int allowance = counted ? Integer.MAX_VALUE : usage.lockAllowance(workspaceId, now);
        List<Batcher.Result<LeadView>> out = new ArrayList<>(items.size());
        List<Long> overPlan = new ArrayList<>();
        List<Map.Entry<Long, String>> tagLinks = new ArrayList<>();
        List<LeadRepository.NewEvent> timeline = new ArrayList<>();
        List<Lead> created = new ArrayList<>();
        for (PendingCreate item : items) {
            Long id = ids.get(item.draft().publicId());
            if (id == null) {
                out.add(null);
            } else if (created.size() < allowance) {
                created.add(item.draft().withId(id));
                item.tags().forEach(t -> tagLinks.add(Map.entry(id, t.id())));
                timeline.add(
                        new LeadRepository.NewEvent(id, "created", item.caller().userId(), item.via()));
                out.add(Batcher.Result.ok(null));
            } else {
                overPlan.add(id);
                out.add(Batcher.Result.failed(MonthlyUsage.limitReached(now)));
            }
        }
        leads.deleteAll(workspaceId, overPlan);
        if (!counted) {
            usage.countNewLeads(workspaceId, now, created.size());
        }
        leads.addTags(tagLinks);
        leads.addEvents(workspaceId, timeline, now);
        // The answers are the rows as inserted, with the creator the key's lookup already read: no read-back.
        int next = 0;
        for (int i = 0; i < items.size(); i++) {
            if (out.get(i) == null || out.get(i).error() != null) {
                continue;
            }
            Lead lead = created.get(next++);
            Caller caller = items.get(i).caller();
            LeadView view = LeadView.of(
                    lead,
                    new LeadView.Person(caller.userId(), caller.userName(), caller.userEmail()),
                    null,
                    items.get(i).tags().stream()
                            .map(t -> new LeadView.TagRef(t.id(), t.name()))
                            .toList(),
                    null);
            out.set(i, Batcher.Result.ok(view));
            events.publishEvent(
                    new LeadEvent(LeadEvent.CREATED, workspaceId, null, view.id(), Map.of("lead", view), now));
        }
        return out;
    }

    private Batcher.Result<LeadView> createAlone(PendingCreate item) {
        try {
            return Batcher.Result.ok(createAlone(
                            item.caller(),
                            item.draft(),
                            item.tags().stream().map(Tag::id).toList(),
                            item.via(),
                            null,
                            null,
                            item.draft().createdAt())
                    .lead());
        } catch (RuntimeException e) {
            return Batcher.Result.failed(e);
        }
    }

    private Created createAlone(
            Caller caller,
            Lead lead,
            List<String> tagIds,
            Map<String, Object> via,
            String idempotencyKey,
            String requestHash,
            OffsetDateTime now) {
        // A concurrent request with the same Idempotency-Key (or a lock timeout on H2) ends the first
        // attempt; the second attempt then sees the committed answer.
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> createOnce(caller, lead, tagIds, via, idempotencyKey, requestHash, now));
            } catch (DataIntegrityViolationException e) {
                if (Constraints.violated(e, "leads_email_uq") || Constraints.violated(e, "leads_name_uq")) {
                    throw duplicate(conflicting(lead).orElse(null));
                }
                if (attempt >= 3 || idempotencyKey == null) {
                    throw e;
                }
            } catch (PessimisticLockingFailureException e) {
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    private Created createOnce(
            Caller caller,
            Lead draft,
            List<String> tagIds,
            Map<String, Object> via,
            String idempotencyKey,
            String requestHash,
            OffsetDateTime now) {
        if (idempotencyKey != null) {
            Optional<IdempotencyRepository.Stored> stored =
                    idempotency.find(caller.apiKeyId(), idempotencyKey, now.minus(IDEMPOTENCY_WINDOW));
            if (stored.isPresent()) {
                if (!stored.get().requestHash().equals(requestHash)) {
                    throw new ApiException(
                            HttpStatus.UNPROCESSABLE_CONTENT,
                            "IDEMPOTENCY_KEY_REUSED",
                            "This Idempotency-Key was used with a different request body.");
                }
                return new Created(json.readValue(stored.get().responseBody(), LeadView.class), true);
            }
            idempotency.claim(caller.apiKeyId(), idempotencyKey, requestHash, now, now.minus(IDEMPOTENCY_WINDOW));
        }
        // Lead rows first, the usage row last (its conditional update is the plan check), as in a batch.
        long id = leads.insert(draft);
        usage.countNewLead(draft.workspaceId(), now);
        tagIds.forEach(tagId -> leads.addTag(id, tagId));
        leads.addEvent(id, draft.workspaceId(), "created", caller.userId(), via, now);
        LeadView view = view(leads.find(draft.workspaceId(), draft.publicId()).orElseThrow(), false);
        events.publishEvent(
                new LeadEvent(LeadEvent.CREATED, draft.workspaceId(), null, view.id(), Map.of("lead", view), now));
        if (idempotencyKey != null) {
            idempotency.complete(caller.apiKeyId(), idempotencyKey, 201, json.writeValueAsString(view));
        }
        return new Created(view, false);
    }

    /**
     * Creates a lead from a captured submission, or joins it to the workspace's lead with the same
     * email (case-insensitive), else the same phone digits. The submission is put on the lead's
     * timeline as a {@code submission} entry ({@code whatsapp_message} for WhatsApp) with {@code
     * detail} plus its outcome, and {@code
     * inTransaction} runs in the same transaction (so a caller can record the outcome atomically).
     *
     * <p>Exact under concurrency: a lead that matches is locked before it is changed; when none matches,
     * the workspace's usage row is locked and the search repeated before inserting, so simultaneous
     * first submissions of one person make one lead. A new lead counts against the plan (throws {@link
     * io.leadline.workspace.PlanLimitReached}); joining an existing lead never does.
     */
    public Capture capture(
            String workspaceId, CapturedLead captured, Map<String, Object> detail, Consumer<Capture> inTransaction) {
        return capture(workspaceId, captured, null, detail, inTransaction);
    }

    /**
     * {@link #capture(String, CapturedLead, Map, Consumer)} for a channel that knows its sender's lead
     * by other means (a WhatsApp user without a number, by their user id): {@code knownLead}, the
     * lead's number, is joined while it exists; else the submission is matched as usual.
     */
    public Capture capture(
            String workspaceId,
            CapturedLead captured,
            Long knownLead,
            Map<String, Object> detail,
            Consumer<Capture> inTransaction) {
        boolean emailContested = false;
        for (int attempt = 1; ; attempt++) {
            boolean contested = emailContested;
            try {
                return tx.execute(
                        status -> captureOnce(workspaceId, captured, knownLead, detail, contested, inTransaction));
            } catch (DataIntegrityViolationException e) {
                // A private-API create took the email between our search and our insert: search again
                // (an answered email, which only fills, is then kept off the lead's email field).
                if (attempt >= 5 || !Constraints.violated(e, "leads_email_uq")) {
                    throw e;
                }
                emailContested = true;
            } catch (PessimisticLockingFailureException e) {
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    private Capture captureOnce(
            String workspaceId,
            CapturedLead submitted,
            Long knownLead,
            Map<String, Object> detail,
            boolean emailContested,
            Consumer<Capture> inTransaction) {
        OffsetDateTime now = now();
        Optional<Lead> match =
                knownLead == null ? Optional.empty() : leads.findByNumberForUpdate(workspaceId, knownLead);
        if (match.isEmpty()) {
            match = match(workspaceId, submitted);
        }
        if (match.isEmpty()) {
            workspaces.takeTurn(workspaceId);
            match = match(workspaceId, submitted);
        }
        String emailHolder = null;
        boolean emailElsewhere = false;
        String answeredEmail = submitted.answeredEmailKey();
        if (answeredEmail != null) {
            String current = match.map(Lead::emailKey).orElse(null);
            if (current != null) {
                emailElsewhere = !current.equals(answeredEmail);
            } else {
                Optional<Lead> holder =
                        leads.findConflicting(workspaceId, match.map(Lead::id).orElse(-1L), answeredEmail, null);
                // Contested: a lead took it while we looked (perhaps not yet visible to us).
                emailElsewhere = holder.isPresent() || emailContested;
                emailHolder = emailElsewhere ? holder.map(Lead::publicId).orElse("") : null;
            }
        }
        CapturedLead captured = submitted.answered(emailElsewhere);
        Lead lead;
        if (match.isPresent()) {
            lead = match.get().absorb(captured, now);
            leads.update(lead);
        } else {
            Lead draft = Lead.captured(Ids.prefixed("ld"), workspaceId, captured, now);
            lead = draft.withId(leads.insert(draft));
            usage.countNewLead(workspaceId, now);
            Map<String, Object> created = new LinkedHashMap<>();
            created.put("channel", captured.channel().json());
            created.put("projectId", captured.projectId());
            leads.addEvent(lead.id(), workspaceId, "created", null, created, now);
        }
        boolean isNew = match.isEmpty();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("outcome", isNew ? "created" : "merged");
        entry.putAll(detail);
        if (emailHolder != null) {
            entry.put("note", emailTaken(submitted.answers(), emailHolder));
        }
        leads.addEvent(lead.id(), workspaceId, captured.timelineKind(), null, entry, now);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("lead", view(lead, false));
        data.put("submission", detail);
        events.publishEvent(new LeadEvent(
                isNew ? LeadEvent.CREATED : LeadEvent.MERGED,
                workspaceId,
                lead.projectId(),
                lead.publicId(),
                data,
                now));
        Capture result = new Capture(lead.id(), lead.publicId(), isNew);
        inTransaction.accept(result);
        return result;
    }

    /** Why an answered email is not the lead's: another lead of the workspace ({@code holder}) has it. */
    private static String emailTaken(CapturedLead.Answers answers, String holder) {
        return "The email " + answers.email() + " belongs to another lead of this workspace"
                + (holder.isEmpty() ? "" : " (" + holder + ")") + ", so it is not this lead's email"
                + (answers.emailAttribute() == null ? "." : "; kept as attribute " + answers.emailAttribute() + ".");
    }

    /** One submission of a capture batch: what it says about the person, and its timeline detail. */
    public record Submitted(CapturedLead lead, Map<String, Object> detail) {}

    /**
     * Decides a batch of one workspace's submissions inside the caller's transaction, with the same
     * outcome per submission as {@link #capture} one after another in list order would give: join the
     * lead with the same email, else the oldest with the same phone digits (a lead an earlier
     * submission of the batch created or completed included), else create one while the plan allows.
     * The workspace's capture turn is taken first ({@link io.leadline.workspace.Workspaces#takeTurn}), then every
     * lead the batch may join is locked, so the decisions are exact across threads and instances; new
     * leads go in with one statement, joined leads with one JDBC batch, timeline entries with one
     * statement. The plan's allowance is read at the start and counted exactly at the end, on the
     * usage row, which is locked last. Answers one {@link Capture} per submission, or null
     * for one refused by the plan limit (nothing is stored for it here).
     *
     * @throws IllegalStateException when a concurrent change of another kind took an email this batch
     *     was about to use, or private-API creates used the allowance it counted on; the caller rolls
     *     back and decides each submission on its own
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Capture> captureAll(String workspaceId, List<Submitted> items) {
        OffsetDateTime now = now();
        workspaces.takeTurn(workspaceId);
        int allowance = usage.allowance(workspaceId, now);
        Set<String> emails = new LinkedHashSet<>();
        Set<String> phones = new LinkedHashSet<>();
        for (Submitted item : items) {
            if (item.lead().emailKey() != null) {
                emails.add(item.lead().emailKey());
            }
            if (item.lead().phoneKey() != null) {
                phones.add(item.lead().phoneKey());
            }
        }
        // The working state: each lead by public id, with an order standing in for "oldest" (existing
        // leads by id; new ones after every existing one, in creation order).
        Map<String, Lead> state = new LinkedHashMap<>();
        Map<String, Long> age = new HashMap<>();
        Map<String, String> byEmail = new HashMap<>();
        Map<String, String> byPhone = new HashMap<>();
        for (Lead lead : leads.findForCapture(workspaceId, emails, phones)) {
            state.put(lead.publicId(), lead);
            age.put(lead.publicId(), lead.id());
            index(lead, age, byEmail, byPhone);
        }
        Set<String> created = new LinkedHashSet<>();
        Set<String> joined = new LinkedHashSet<>();
        List<Lead> after = new ArrayList<>(items.size()); // each submission's lead as it left it
        for (Submitted item : items) {
            CapturedLead c = item.lead();
            String match = c.emailKey() == null ? null : byEmail.get(c.emailKey());
            if (match == null && c.phoneKey() != null) {
                match = byPhone.get(c.phoneKey());
            }
            Lead lead;
            if (match != null) {
                lead = state.get(match).absorb(c, now);
                if (!created.contains(match)) {
                    joined.add(match);
                }
            } else if (created.size() < allowance) {
                lead = Lead.captured(Ids.prefixed("ld"), workspaceId, c, now);
                created.add(lead.publicId());
                age.put(lead.publicId(), Long.MAX_VALUE / 2 + created.size());
            } else {
                after.add(null);
                continue;
            }
            state.put(lead.publicId(), lead);
            index(lead, age, byEmail, byPhone);
            after.add(lead);
        }

        List<Lead> newLeads = created.stream().map(state::get).toList();
        Map<String, Long> ids = leads.insertAll(workspaceId, newLeads);
        if (ids.size() != newLeads.size()) {
            throw new IllegalStateException("a lead with one of the batch's emails appeared meanwhile");
        }
        if (!usage.countNewLeadsIfStillAllowed(workspaceId, now, newLeads.size())) {
            // Private-API creates used some of the allowance since it was read: decided one by one.
            throw new IllegalStateException("the plan's allowance shrank while the batch ran");
        }
        leads.updateAll(joined.stream().map(state::get).toList());

        Map<Long, List<LeadView.TagRef>> tagsByLead =
                leads.tags(joined.stream().map(id -> state.get(id).id()).toList());
        // Joined leads may have been made through the private API, or assigned: their events name the
        // creator and the assignee, as every other event of the lead does.
        Map<String, LeadView.Person> creators = leads.people(
                workspaceId,
                joined.stream()
                        .map(state::get)
                        .flatMap(l -> java.util.stream.Stream.of(l.createdBy(), l.assignedTo()))
                        .filter(java.util.Objects::nonNull)
                        .distinct()
                        .toList());
        List<LeadRepository.NewEvent> timeline = new ArrayList<>();
        List<Capture> out = new ArrayList<>(items.size());
        Set<String> announced = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Lead lead = after.get(i);
            if (lead == null) {
                out.add(null);
                continue;
            }
            Lead stored = lead.id() == 0 ? lead.withId(ids.get(lead.publicId())) : lead;
            Submitted item = items.get(i);
            boolean isNew = created.contains(stored.publicId()) && announced.add(stored.publicId());
            if (isNew) {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("channel", item.lead().channel().json());
                detail.put("projectId", item.lead().projectId());
                timeline.add(new LeadRepository.NewEvent(stored.id(), "created", null, detail));
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("outcome", isNew ? "created" : "merged");
            entry.putAll(item.detail());
            timeline.add(new LeadRepository.NewEvent(stored.id(), item.lead().timelineKind(), null, entry));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put(
                    "lead",
                    LeadView.of(
                            stored,
                            stored.createdBy() == null ? null : creators.get(stored.createdBy()),
                            stored.assignedTo() == null ? null : creators.get(stored.assignedTo()),
                            tagsByLead.getOrDefault(stored.id(), List.of()),
                            null));
            data.put("submission", item.detail());
            events.publishEvent(new LeadEvent(
                    isNew ? LeadEvent.CREATED : LeadEvent.MERGED,
                    workspaceId,
                    stored.projectId(),
                    stored.publicId(),
                    data,
                    now));
            out.add(new Capture(stored.id(), stored.publicId(), isNew));
        }
        leads.addEvents(workspaceId, timeline, now);
        return out;
    }

    /** Makes {@code lead} findable by its email and (if it is the oldest with them) its phone digits. */
    private static void index(
            Lead lead, Map<String, Long> age, Map<String, String> byEmail, Map<String, String> byPhone) {
        if (lead.emailKey() != null) {
            byEmail.putIfAbsent(lead.emailKey(), lead.publicId());
        }
        if (lead.phoneKey() != null) {
            byPhone.merge(
                    lead.phoneKey(),
                    lead.publicId(),
                    (held, candidate) -> age.get(held) <= age.get(candidate) ? held : candidate);
        }
    }

    /** The lead a submission joins, locked: same email first, else same phone digits (the oldest). */
    private Optional<Lead> match(String workspaceId, CapturedLead captured) {
        Optional<Lead> byEmail = captured.emailKey() == null
                ? Optional.empty()
                : leads.findByEmailKeyForUpdate(workspaceId, captured.emailKey());
        if (byEmail.isPresent() || captured.phoneKey() == null) {
            return byEmail;
        }
        return leads.findByPhoneKeyForUpdate(workspaceId, captured.phoneKey());
    }

    /** The lead already holding the email or full name of {@code lead}, for naming it in a 409. */
    private Optional<String> conflicting(Lead lead) {
        return leads.findConflicting(lead.workspaceId(), lead.id(), lead.emailKey(), lead.nameKey())
                .map(Lead::publicId);
    }

    private static ApiException duplicate(String existingLeadId) {
        return new ApiException(
                HttpStatus.CONFLICT,
                "DUPLICATE_LEAD",
                "A lead with the same email or name already exists in this workspace.",
                null,
                Map.of(),
                existingLeadId);
    }

    /** One lead of the workspace with its timeline; 404 for any other workspace's lead. */
    public LeadView get(String workspaceId, String publicId) {
        return view(find(workspaceId, publicId), true);
    }

    /**
     * One lead of the workspace without its timeline, for event payloads that must stay small however
     * long the lead's history is; 404 for any other workspace's lead.
     */
    public LeadView getWithoutTimeline(String workspaceId, String publicId) {
        return view(find(workspaceId, publicId), false);
    }

    /** A page of leads and the cursor of the next page (null on the last page). */
    public record Page(List<LeadView> data, String nextCursor) {}

    Page list(LeadFilter filter, int limit) {
        return list(filter, limit, false);
    }

    /**
     * A page of the workspace's leads matching {@code search}, after {@code cursor} (a previous
     * page's {@code nextCursor}, or null for the first page).
     */
    public Page search(String workspaceId, LeadSearch search, String cursor, int limit) {
        LeadFilter.Cursor after = cursor == null || cursor.isBlank() ? null : LeadFilter.Cursor.decode(cursor);
        return list(search.filter(workspaceId, after), limit, search.oldestFirst());
    }

    /** Every lead matching {@code search}, page by page, so memory stays flat however many match. */
    public void forEachMatching(String workspaceId, LeadSearch search, Consumer<LeadView> sink) {
        String cursor = null;
        do {
            Page page = search(workspaceId, search, cursor, 500);
            page.data().forEach(sink);
            cursor = page.nextCursor();
        } while (cursor != null);
    }

    private Page list(LeadFilter filter, int limit, boolean oldestFirst) {
        List<Lead> rows = leads.list(filter, limit + 1, oldestFirst);
        boolean more = rows.size() > limit;
        List<Lead> page = more ? rows.subList(0, limit) : rows;
        String next = more
                ? new LeadFilter.Cursor(
                                page.getLast().createdAt(), page.getLast().id())
                        .encode()
                : null;
        return new Page(views(filter.workspaceId(), page), next);
    }

    LeadView update(Caller caller, String publicId, LeadRequests.Update u) {
        return update(caller.workspaceId(), caller.userId(), publicId, u.changes());
    }

    /**
     * Changes a lead of the workspace on behalf of {@code actorUserId}, who is named on the timeline
     * entries this writes. 400 on invalid fields, 404 for another workspace's lead, 409 DUPLICATE_LEAD.
     */
    public LeadView update(String workspaceId, String actorUserId, String publicId, LeadChanges u) {
        return update(workspaceId, actorUserId, publicId, u, null);
    }

    /**
     * Like {@link #update(String, String, String, LeadChanges)}, refusing with 409 LEAD_CHANGED when the
     * lead is no longer at {@code expectedUpdatedAt}: a form that shows every field must not write back
     * values that changed after it was opened (a capture joining the lead, a colleague's edit).
     */
    public LeadView update(
            String workspaceId, String actorUserId, String publicId, LeadChanges u, OffsetDateTime expectedUpdatedAt) {
        LeadStatus newStatus = null;
        if (u.status() != null) {
            newStatus = LeadStatus.parse(u.status());
            if (newStatus == null) {
                throw ApiException.validation("status", "must be one of " + LeadStatus.ALLOWED);
            }
        }
        List<String> tagIds = u.tagIds() == null ? null : new ArrayList<>(new LinkedHashSet<>(u.tagIds()));
        if (tagIds == null
                && u.addTagId() != null
                && tags.find(workspaceId, u.addTagId()).isEmpty()) {
            throw ApiException.validation("tagId", "'" + u.addTagId() + "' is not a tag of this workspace");
        }
        if (tagIds != null) {
            List<ApiError.FieldError> unknown = tagIds.stream()
                    .filter(t -> t == null || tags.find(workspaceId, t).isEmpty())
                    .map(t -> new ApiError.FieldError("tagIds", "'" + t + "' is not a tag of this workspace"))
                    .toList();
            if (!unknown.isEmpty()) {
                throw ApiException.validation(unknown);
            }
        }
        String assignee = u.assignedTo() == null ? null : LeadRequests.trim(u.assignedTo());
        LeadStatus status = newStatus;
        try {
            return tx.execute(s -> {
                // Someone of this workspace, by id (another workspace's person is refused as unknown),
                // held until the commit: a removal of that person at the same moment either comes
                // first (400 here) or waits and then unassigns this lead with their others.
                if (assignee != null && !leads.lockMember(workspaceId, assignee)) {
                    throw ApiException.validation("assignedTo", "'" + assignee + "' is not a person of this workspace");
                }
                // Locked, so a capture joining this lead at the same moment is not overwritten.
                Lead current =
                        leads.findForUpdate(workspaceId, publicId).orElseThrow(() -> ApiException.notFound("Lead"));
                if (expectedUpdatedAt != null && !current.updatedAt().isEqual(expectedUpdatedAt)) {
                    throw new ApiException(
                            HttpStatus.CONFLICT,
                            "LEAD_CHANGED",
                            "The lead changed since it was read; read it again and reapply the change.");
                }
                // A new email must be valid; the lead's own email, sent back unchanged (a form sends every
                // field), is accepted as stored, so a lead kept under an older rule stays editable.
                if (u.email() != null
                        && !u.email().isBlank()
                        && !(current.email() != null && u.email().strip().equalsIgnoreCase(current.email()))
                        && !Lead.isEmail(u.email().strip())) {
                    throw ApiException.validation("email", "must be a valid email address");
                }
                OffsetDateTime now = now();
                Lead changed = apply(current, u, status, now);
                if (!changed.hasRequiredNames()) {
                    throw ApiException.validation(List.of(
                            new ApiError.FieldError("firstName", "is required for leads created through the API"),
                            new ApiError.FieldError("lastName", "is required for leads created through the API")));
                }
                Map<String, Object> detail = changes(current, changed);
                List<String> before = leads.tags(List.of(current.id())).getOrDefault(current.id(), List.of()).stream()
                        .map(LeadView.TagRef::id)
                        .toList();
                List<String> after = tagIds;
                if (after == null && u.addTagId() != null) {
                    after = new ArrayList<>(before);
                    after.add(u.addTagId());
                }
                List<String> newTags = after == null ? null : List.copyOf(new LinkedHashSet<>(after));
                boolean retag = newTags != null && !new HashSet<>(newTags).equals(new HashSet<>(before));
                boolean reassign = u.assignedTo() != null && !java.util.Objects.equals(assignee, current.assignedTo());
                if (detail.isEmpty() && !retag && !reassign) {
                    // Saving what is already there changes nothing: no write, no timeline entry, no
                    // webhook, and the lead keeps its version, so a colleague's open form stays valid.
                    return view(current, false);
                }
                leads.update(changed);
                if (status != null && status != current.status()) {
                    leads.addEvent(
                            current.id(),
                            current.workspaceId(),
                            "status_changed",
                            actorUserId,
                            Map.of("from", current.status().json(), "to", status.json()),
                            now);
                    detail.remove("status");
                }
                if (reassign) {
                    // A statement of its own: the row's other writers (edits, captures joining the lead)
                    // never write the assignee, so none of them can undo an assignment.
                    leads.assign(workspaceId, current.id(), assignee);
                    Map<String, Object> assignment = new LinkedHashMap<>();
                    assignment.put("from", current.assignedTo());
                    assignment.put("to", assignee);
                    detail.put("assignedTo", assignment);
                }
                if (retag) {
                    leads.clearTags(current.id());
                    newTags.forEach(t -> leads.addTag(current.id(), t));
                    Map<String, Object> tagChange = new LinkedHashMap<>();
                    tagChange.put("from", before);
                    tagChange.put("to", newTags);
                    detail.put("tagIds", tagChange);
                }
                if (!detail.isEmpty()) {
                    leads.addEvent(current.id(), current.workspaceId(), "updated", actorUserId, detail, now);
                }
                LeadView view = view(leads.find(workspaceId, publicId).orElseThrow(), false);
                if (status != null && status != current.status()) {
                    events.publishEvent(new LeadEvent(
                            LeadEvent.STATUS_CHANGED,
                            current.workspaceId(),
                            current.projectId(),
                            publicId,
                            Map.of("lead", view, "from", current.status().json(), "to", status.json()),
                            now));
                }
                if (!detail.isEmpty()) {
                    events.publishEvent(new LeadEvent(
                            LeadEvent.UPDATED,
                            current.workspaceId(),
                            current.projectId(),
                            publicId,
                            Map.of("lead", view, "changes", detail),
                            now));
                }
                return view;
            });
        } catch (DataIntegrityViolationException e) {
            if (Constraints.violated(e, "leads_email_uq") || Constraints.violated(e, "leads_name_uq")) {
                Lead current = find(workspaceId, publicId);
                Lead wanted = apply(current, u, status, now());
                throw duplicate(conflicting(wanted).orElse(null));
            }
            if (Constraints.violated(e, "leads_assigned_to_fk")) {
                // Removed from the workspace after the check above, before the assignment.
                throw ApiException.validation("assignedTo", "'" + assignee + "' is not a person of this workspace");
            }
            throw e;
        }
    }

    /**
     * Runs {@code changes} (calls of this class for several leads) in one transaction: a bulk change
     * applies to every lead it names or, when one of them fails — another workspace's or a deleted
     * lead is a 404 —, to none.
     */
    public void allOrNothing(Runnable changes) {
        tx.executeWithoutResult(s -> changes.run());
    }

    /**
     * A lead a person adds on the dashboard: the private API's create with the person as its creator
     * — the same rules (first and last name, the API's limits, dedup by email and full name, the
     * plan limit) and the same refusals, as {@link ApiException}s naming the fields. Of {@code
     * fields} the lead's own fields and {@code addTagId} are read.
     */
    public LeadView createByHand(
            String workspaceId, String userId, String userName, String userEmail, LeadChanges fields) {
        LeadRequests.Create request = new LeadRequests.Create(
                fields.firstName(),
                fields.lastName(),
                fields.email(),
                fields.phone(),
                fields.company(),
                fields.website(),
                fields.source(),
                fields.address(),
                fields.city(),
                fields.state(),
                fields.zipcode(),
                fields.addTagId());
        List<ApiError.FieldError> errors = validator.validate(request).stream()
                .map(v -> new ApiError.FieldError(v.getPropertyPath().toString(), v.getMessage()))
                .sorted(java.util.Comparator.comparing(ApiError.FieldError::field))
                .toList();
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return create(new Caller(null, workspaceId, userId, userName, userEmail, 0), request, null)
                .lead();
    }

    /** The detail of an imported lead's "created" timeline entry. */
    private static final Map<String, Object> IMPORT_CHANNEL = Map.of("channel", "import");

    /** What became of one row of an import. */
    public record ImportOutcome(Kind kind, String leadId, List<ApiError.FieldError> errors, String message) {

        public enum Kind {
            /** Stored; {@code leadId} is the new lead. */
            CREATED,
            /** Refused: {@code leadId} (of this workspace) holds the email or full name already. */
            DUPLICATE,
            /** Refused: {@code errors} name the fields and why. */
            INVALID,
            /** Refused: the month's plan limit was reached before this row. */
            OVER_PLAN,
            /** Not stored: the database failed (nothing of the row was written). */
            FAILED
        }
    }

    /**
     * Leads a person imports (a file of rows, in file order), each under the rules of {@link
     * #createByHand}: validation, dedup by email and full name (against the workspace's leads and the
     * earlier rows), the plan limit — each row its own decision, answered as if the rows had been
     * entered one after the other. A row also has a status ({@code fields.status()}, else new) and tags
     * ({@code fields.tagIds()}, tags of this workspace). The rows are written {@value #BATCH_MAX} to a
     * transaction, so a row is stored whole or not at all, and a created row is committed. After a
     * database failure the remaining rows are not tried (FAILED).
     */
    public List<ImportOutcome> importRows(
            String workspaceId, String userId, String userName, String userEmail, List<LeadChanges> rows) {
        Caller caller = new Caller(null, workspaceId, userId, userName, userEmail, 0);
        Map<String, Tag> workspaceTags = new HashMap<>();
        tags.list(workspaceId).forEach(t -> workspaceTags.put(t.id(), t));
        ImportOutcome[] out = new ImportOutcome[rows.size()];
        List<Integer> pendingRows = new ArrayList<>();
        List<PendingCreate> pending = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            LeadChanges f = rows.get(i);
            LeadRequests.Create request = new LeadRequests.Create(
                    f.firstName(),
                    f.lastName(),
                    f.email(),
                    f.phone(),
                    f.company(),
                    f.website(),
                    f.source(),
                    f.address(),
                    f.city(),
                    f.state(),
                    f.zipcode(),
                    null);
            List<ApiError.FieldError> errors = new ArrayList<>(validator.validate(request).stream()
                    .map(v -> new ApiError.FieldError(v.getPropertyPath().toString(), v.getMessage()))
                    .toList());
            for (String[] text : new String[][] {
                {"firstName", request.firstName()}, {"lastName", request.lastName()}, {"email", request.email()},
                {"phone", request.phone()}, {"company", request.company()}, {"website", request.website()},
                {"source", request.source()}, {"address", request.address()}, {"city", request.city()},
                {"state", request.state()}, {"zipcode", request.zipcode()}
            }) {
                String problem = text[1] == null ? null : io.leadline.platform.Text.problem(text[1]);
                if (problem != null) {
                    errors.add(new ApiError.FieldError(text[0], problem));
                }
            }
            LeadStatus status =
                    f.status() == null || f.status().isBlank() ? LeadStatus.NEW : LeadStatus.parse(f.status());
            if (status == null) {
                errors.add(new ApiError.FieldError("status", "must be one of " + LeadStatus.ALLOWED));
            }
            List<Tag> rowTags = new ArrayList<>();
            for (String tagId : f.tagIds() == null ? List.<String>of() : f.tagIds()) {
                Tag tag = workspaceTags.get(tagId);
                if (tag == null) {
                    errors.add(new ApiError.FieldError("tags", "'" + tagId + "' is not a tag of this workspace"));
                } else if (!rowTags.contains(tag)) {
                    rowTags.add(tag);
                }
            }
            if (!errors.isEmpty()) {
                errors.sort(java.util.Comparator.comparing(ApiError.FieldError::field));
                out[i] = new ImportOutcome(ImportOutcome.Kind.INVALID, null, List.copyOf(errors), null);
                continue;
            }
            OffsetDateTime now = now();
            Lead draft = new Lead(
                    0,
                    Ids.prefixed("ld"),
                    workspaceId,
                    null,
                    Channel.API,
                    status,
                    request.firstName(),
                    request.lastName(),
                    null,
                    request.email(),
                    request.phone(),
                    request.company(),
                    request.website(),
                    request.source(),
                    request.address(),
                    request.city(),
                    request.state(),
                    request.zipcode(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    userId,
                    null,
                    now,
                    now);
            pendingRows.add(i);
            pending.add(new PendingCreate(caller, draft, List.copyOf(rowTags), IMPORT_CHANNEL));
        }
        // Rows that repeat a lead of the workspace, or a row created earlier in this import, are found
        // by key, a chunk at a time, and not sent to the insert at all: a file of 20,000 duplicates costs
        // 2 look-ups per chunk, not one query per row. The insert's unique constraints still decide
        // every race with leads created meanwhile (createAll names those holders one by one).
        Map<String, Long> idByEmail = new HashMap<>();
        Map<String, Long> idByName = new HashMap<>();
        Map<Long, String> publicIds = new HashMap<>();
        boolean failed = false;
        int next = 0;
        while (next < pending.size()) {
            if (failed) {
                out[pendingRows.get(next++)] = new ImportOutcome(
                        ImportOutcome.Kind.FAILED, null, List.of(), "not tried after an earlier database failure");
                continue;
            }
            // A chunk: up to BATCH_MAX rows, ended early before a row repeating a key of the chunk (that
            // row is decided against the chunk's outcome, in the next one).
            List<Integer> chunk = new ArrayList<>();
            Set<String> emails = new HashSet<>();
            Set<String> names = new HashSet<>();
            while (next < pending.size() && chunk.size() < BATCH_MAX) {
                Lead draft = pending.get(next).draft();
                if ((draft.emailKey() != null && emails.contains(draft.emailKey()))
                        || (draft.nameKey() != null && names.contains(draft.nameKey()))) {
                    break;
                }
                if (draft.emailKey() != null) {
                    emails.add(draft.emailKey());
                }
                if (draft.nameKey() != null) {
                    names.add(draft.nameKey());
                }
                chunk.add(next++);
            }
            for (LeadRepository.Holder holder : leads.holdersOf(workspaceId, emails, names)) {
                publicIds.put(holder.id(), holder.publicId());
                if (holder.emailKey() != null) {
                    idByEmail.merge(holder.emailKey(), holder.id(), Math::min);
                }
                if (holder.nameKey() != null) {
                    idByName.merge(holder.nameKey(), holder.id(), Math::min);
                }
            }
            List<Integer> toCreate = new ArrayList<>();
            for (int k : chunk) {
                Lead draft = pending.get(k).draft();
                Long byEmail = draft.emailKey() == null ? null : idByEmail.get(draft.emailKey());
                Long byName = draft.nameKey() == null ? null : idByName.get(draft.nameKey());
                if (byEmail == null && byName == null) {
                    toCreate.add(k);
                } else {
                    long holder = byEmail == null ? byName : byName == null ? byEmail : Math.min(byEmail, byName);
                    out[pendingRows.get(k)] = new ImportOutcome(
                            ImportOutcome.Kind.DUPLICATE,
                            publicIds.get(holder),
                            List.of(),
                            "A lead with the same email or name already exists in this workspace.");
                }
            }
            if (toCreate.isEmpty()) {
                continue;
            }
            List<Batcher.Result<LeadView>> results =
                    createAll(toCreate.stream().map(pending::get).toList());
            for (int j = 0; j < toCreate.size(); j++) {
                int row = pendingRows.get(toCreate.get(j));
                Batcher.Result<LeadView> result = results.get(j);
                out[row] = outcome(result);
                if (out[row].kind() == ImportOutcome.Kind.CREATED) {
                    Lead draft = pending.get(toCreate.get(j)).draft();
                    long id = result.value().number();
                    publicIds.put(id, result.value().id());
                    if (draft.emailKey() != null) {
                        idByEmail.putIfAbsent(draft.emailKey(), id);
                    }
                    if (draft.nameKey() != null) {
                        idByName.putIfAbsent(draft.nameKey(), id);
                    }
                } else if (out[row].kind() == ImportOutcome.Kind.FAILED) {
                    log.warn("An imported row failed", result.error());
                    failed = true;
                }
            }
        }
        return List.of(out);
    }

    private static ImportOutcome outcome(Batcher.Result<LeadView> result) {
        if (result.error() == null) {
            return new ImportOutcome(ImportOutcome.Kind.CREATED, result.value().id(), List.of(), null);
        }
        if (result.error() instanceof ApiException e) {
            if ("DUPLICATE_LEAD".equals(e.code())) {
                return new ImportOutcome(ImportOutcome.Kind.DUPLICATE, e.existingLeadId(), List.of(), e.getMessage());
            }
            if (e instanceof io.leadline.workspace.PlanLimitReached) {
                return new ImportOutcome(ImportOutcome.Kind.OVER_PLAN, null, List.of(), e.getMessage());
            }
            if (e.errors() != null && !e.errors().isEmpty()) {
                return new ImportOutcome(ImportOutcome.Kind.INVALID, null, e.errors(), e.getMessage());
            }
        }
        return new ImportOutcome(
                ImportOutcome.Kind.FAILED, null, List.of(), "the database did not store it; import the row again");
    }

    /** The longest note: a call's summary or a meeting's minutes, not a document. */
    public static final int MAX_NOTE = 5_000;

    /**
     * Puts a person's note on a lead's timeline (a call, a meeting, what the team should know), as
     * a {@code note} entry by {@code actorUserId}. The lead's fields and version stay as they are, so
     * a colleague editing the lead at the same moment is not interrupted. 400 for a blank, over-long
     * or unstorable text; 404 for another workspace's lead.
     */
    public LeadView addNote(String workspaceId, String actorUserId, String publicId, String text) {
        String note = text == null ? "" : text.strip();
        if (note.isEmpty()) {
            throw ApiException.validation("text", "must not be blank");
        }
        if (note.length() > MAX_NOTE) {
            throw ApiException.validation("text", "must be at most " + MAX_NOTE + " characters");
        }
        String problem = io.leadline.platform.Text.problem(note);
        if (problem != null) {
            throw ApiException.validation("text", problem);
        }
        return tx.execute(status -> {
            // Locked, so a deletion at the same moment either comes first (404) or waits.
            Lead lead = leads.findForUpdate(workspaceId, publicId).orElseThrow(() -> ApiException.notFound("Lead"));
            leads.addEvent(lead.id(), workspaceId, "note", actorUserId, Map.of("text", note), now());
            return view(lead, true);
        });
    }

    /** Deletes a lead of the workspace with its timeline; 404 for any other workspace's lead. */
    public void delete(String workspaceId, String publicId) {
        tx.executeWithoutResult(s -> {
            // Locked: of simultaneous deletes one deletes (204, one lead.deleted event) and the others,
            // waiting for it, find nothing (404); a change at the same moment is in the event's lead.
            Lead lead = leads.findForUpdate(workspaceId, publicId).orElseThrow(() -> ApiException.notFound("Lead"));
            LeadView view = view(lead, false);
            if (!leads.delete(workspaceId, lead.id())) {
                throw ApiException.notFound("Lead");
            }
            events.publishEvent(new LeadEvent(
                    LeadEvent.DELETED, workspaceId, lead.projectId(), publicId, Map.of("lead", view), now()));
        });
    }

    /**
     * Adds or removes one tag on a lead of the workspace, leaving its other tags as they are (the
     * lead is locked, so simultaneous tag changes do not undo each other). No change, no timeline entry.
     */
    public boolean changeTag(String workspaceId, String actorUserId, String publicId, String tagId, boolean add) {
        Tag tag = tags.find(workspaceId, tagId)
                .orElseThrow(() -> ApiException.validation("tagId", "is not a tag of this workspace"));
        return Boolean.TRUE.equals(tx.execute(s -> {
            Lead current = leads.findForUpdate(workspaceId, publicId).orElseThrow(() -> ApiException.notFound("Lead"));
            List<String> before = leads.tags(List.of(current.id())).getOrDefault(current.id(), List.of()).stream()
                    .map(LeadView.TagRef::id)
                    .toList();
            boolean changed =
                    add ? leads.addTagIfAbsent(current.id(), tag.id()) : leads.removeTag(current.id(), tag.id());
            if (!changed) {
                return false;
            }
            OffsetDateTime now = now();
            // A new version, so a form opened before this change cannot save the old tags back.
            leads.touch(workspaceId, current.id(), now);
            leads.addEvent(
                    current.id(),
                    workspaceId,
                    "updated",
                    actorUserId,
                    Map.of(add ? "tagAdded" : "tagRemoved", tag.name()),
                    now);
            // The event names the lead as it is now (its new version) and the change the way every
            // other tag change is named: tagIds from and to.
            LeadView view = view(leads.find(workspaceId, publicId).orElseThrow(), false);
            Map<String, Object> tagChange = new LinkedHashMap<>();
            tagChange.put("from", before);
            tagChange.put("to", view.tags().stream().map(LeadView.TagRef::id).toList());
            events.publishEvent(new LeadEvent(
                    LeadEvent.UPDATED,
                    workspaceId,
                    current.projectId(),
                    publicId,
                    Map.of("lead", view, "changes", Map.of("tagIds", tagChange)),
                    now));
            return true;
        }));
    }

    /** Leads let go per statement when a person leaves: each a short transaction of its own. */
    static final int UNASSIGN_BATCH = 2_000;

    /**
     * The leads assigned to a person who is leaving the workspace go to nobody, a batch at a time, so
     * that a person with a million leads is removed in seconds of short statements rather than one
     * that rewrites every lead (and its indexes) under the removal's locks and outlasts the
     * statement timeout. No timeline entry or webhook per lead: the person, not the lead, changed.
     */
    @EventListener
    void on(io.leadline.workspace.MemberLeaving leaving) {
        int changed;
        do {
            changed = leads.unassignSome(leaving.workspaceId(), leaving.userId(), UNASSIGN_BATCH);
        } while (changed == UNASSIGN_BATCH);
    }

    @Scheduled(fixedDelay = 1, timeUnit = java.util.concurrent.TimeUnit.HOURS, initialDelay = 1)
    void purgeExpiredIdempotencyKeys() {
        idempotency.purgeBefore(now().minus(IDEMPOTENCY_WINDOW));
    }

    private Lead find(String workspaceId, String publicId) {
        return leads.find(workspaceId, publicId).orElseThrow(() -> ApiException.notFound("Lead"));
    }

    /** Applies a partial update: null keeps a field, "" clears an optional one. */
    private static Lead apply(Lead l, LeadChanges u, LeadStatus status, OffsetDateTime now) {
        return new Lead(
                l.id(),
                l.publicId(),
                l.workspaceId(),
                l.projectId(),
                l.channel(),
                status != null ? status : l.status(),
                pick(u.firstName(), l.firstName()),
                pick(u.lastName(), l.lastName()),
                pick(u.name(), l.name()),
                pick(u.email(), l.email()),
                pick(u.phone(), l.phone()),
                pick(u.company(), l.company()),
                pick(u.website(), l.website()),
                pick(u.source(), l.source()),
                pick(u.address(), l.address()),
                pick(u.city(), l.city()),
                pick(u.state(), l.state()),
                pick(u.zipcode(), l.zipcode()),
                l.attributes(),
                l.utm(),
                l.pageTrail(),
                l.sourceUrl(),
                l.referrer(),
                l.createdBy(),
                l.assignedTo(),
                l.createdAt(),
                now);
    }

    private static String pick(String requested, String current) {
        return requested == null ? current : LeadRequests.trim(requested);
    }

    private static Map<String, Object> changes(Lead before, Lead after) {
        Map<String, Object> out = new LinkedHashMap<>();
        diff(out, "firstName", before.firstName(), after.firstName());
        diff(out, "lastName", before.lastName(), after.lastName());
        diff(out, "name", before.name(), after.name());
        diff(out, "email", before.email(), after.email());
        diff(out, "phone", before.phone(), after.phone());
        diff(out, "company", before.company(), after.company());
        diff(out, "website", before.website(), after.website());
        diff(out, "source", before.source(), after.source());
        diff(out, "address", before.address(), after.address());
        diff(out, "city", before.city(), after.city());
        diff(out, "state", before.state(), after.state());
        diff(out, "zipcode", before.zipcode(), after.zipcode());
        diff(out, "status", before.status().json(), after.status().json());
        return out;
    }

    private static void diff(Map<String, Object> out, String field, String before, String after) {
        if (before == null ? after != null : !before.equals(after)) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("from", before);
            change.put("to", after);
            out.put(field, change);
        }
    }

    private LeadView view(Lead lead, boolean withTimeline) {
        Map<String, LeadView.Person> people = leads.people(
                lead.workspaceId(),
                java.util.stream.Stream.of(lead.createdBy(), lead.assignedTo())
                        .filter(java.util.Objects::nonNull)
                        .distinct()
                        .toList());
        return LeadView.of(
                lead,
                lead.createdBy() == null ? null : people.get(lead.createdBy()),
                lead.assignedTo() == null ? null : people.get(lead.assignedTo()),
                leads.tags(List.of(lead.id())).getOrDefault(lead.id(), List.of()),
                withTimeline ? leads.timeline(lead.id()) : null);
    }

    private List<LeadView> views(String workspaceId, List<Lead> page) {
        Map<String, LeadView.Person> people = leads.people(
                workspaceId,
                page.stream()
                        .flatMap(l -> java.util.stream.Stream.of(l.createdBy(), l.assignedTo()))
                        .filter(java.util.Objects::nonNull)
                        .distinct()
                        .toList());
        Map<Long, List<LeadView.TagRef>> tagsByLead =
                leads.tags(page.stream().map(Lead::id).toList());
        return page.stream()
                .map(l -> LeadView.of(
                        l,
                        l.createdBy() == null ? null : people.get(l.createdBy()),
                        l.assignedTo() == null ? null : people.get(l.assignedTo()),
                        tagsByLead.getOrDefault(l.id(), List.of()),
                        null))
                .toList();
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private static String hash(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
