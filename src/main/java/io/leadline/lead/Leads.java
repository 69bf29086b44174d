package io.leadline.lead;

import io.leadline.apikey.Caller;
import io.leadline.platform.ApiError;
import io.leadline.platform.ApiException;
import io.leadline.platform.Constraints;
import io.leadline.platform.Ids;
import io.leadline.workspace.MonthlyUsage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creating, reading, changing and deleting leads for the private API, and creating or joining leads
 * for the capture channels. Every new lead counts against the workspace's monthly plan limit.
 */
@Service
public class Leads {

    static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);
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

    Leads(
            LeadRepository leads,
            IdempotencyRepository idempotency,
            Tags tags,
            TransactionTemplate tx,
            JsonMapper json,
            ApplicationEventPublisher events,
            MonthlyUsage usage) {
        this.usage = usage;
        this.leads = leads;
        this.idempotency = idempotency;
        this.tags = tags;
        this.tx = tx;
        this.json = json;
        this.events = events;
    }

    Created create(Caller caller, LeadRequests.Create request, String idempotencyKey) {
        LeadRequests.Create r = request;
        if (r.tagId() != null && tags.find(caller.workspaceId(), r.tagId()).isEmpty()) {
            throw ApiException.validation("tagId", "is not a tag of this workspace");
        }
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
                now,
                now);
        String requestHash = idempotencyKey == null ? null : hash(json.writeValueAsString(r));
        // A concurrent request with the same Idempotency-Key (or a lock timeout on H2) ends the first
        // attempt; the second attempt then sees the committed answer.
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> createOnce(caller, lead, r.tagId(), idempotencyKey, requestHash, now));
            } catch (DataIntegrityViolationException e) {
                if (Constraints.violated(e, "leads_email_uq") || Constraints.violated(e, "leads_name_uq")) {
                    throw duplicate(lead);
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
            Caller caller, Lead draft, String tagId, String idempotencyKey, String requestHash, OffsetDateTime now) {
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
        // The usage row first, lead rows after: the order every creating path keeps (see MonthlyUsage).
        usage.lock(draft.workspaceId(), now);
        long id = leads.insert(draft);
        usage.countNewLead(draft.workspaceId(), now);
        if (tagId != null) {
            leads.addTag(id, tagId);
        }
        leads.addEvent(id, draft.workspaceId(), "created", caller.userId(), Map.of("channel", "api"), now);
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
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> captureOnce(workspaceId, captured, detail, inTransaction));
            } catch (DataIntegrityViolationException e) {
                // A private-API create took the email between our search and our insert: search again.
                if (attempt >= 5 || !Constraints.violated(e, "leads_email_uq")) {
                    throw e;
                }
            } catch (PessimisticLockingFailureException e) {
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    private Capture captureOnce(
            String workspaceId, CapturedLead captured, Map<String, Object> detail, Consumer<Capture> inTransaction) {
        OffsetDateTime now = now();
        Optional<Lead> match = match(workspaceId, captured);
        if (match.isEmpty()) {
            usage.lock(workspaceId, now);
            match = match(workspaceId, captured);
        }
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

    private ApiException duplicate(Lead lead) {
        String existing = leads.findConflicting(lead.workspaceId(), lead.id(), lead.emailKey(), lead.nameKey())
                .map(Lead::publicId)
                .orElse(null);
        return new ApiException(
                HttpStatus.CONFLICT,
                "DUPLICATE_LEAD",
                "A lead with the same email or name already exists in this workspace.",
                null,
                Map.of(),
                existing);
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
        return new Page(views(page), next);
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
        if (u.email() != null && !u.email().isBlank() && !u.email().strip().matches(LeadRequests.EMAIL)) {
            throw ApiException.validation("email", "must be a valid email address");
        }
        List<String> tagIds = u.tagIds() == null ? null : new ArrayList<>(new LinkedHashSet<>(u.tagIds()));
        if (tagIds != null) {
            List<ApiError.FieldError> unknown = tagIds.stream()
                    .filter(t -> t == null || tags.find(workspaceId, t).isEmpty())
                    .map(t -> new ApiError.FieldError("tagIds", "'" + t + "' is not a tag of this workspace"))
                    .toList();
            if (!unknown.isEmpty()) {
                throw ApiException.validation(unknown);
            }
        }
        LeadStatus status = newStatus;
        try {
            return tx.execute(s -> {
                // Locked, so a capture joining this lead at the same moment is not overwritten.
                Lead current =
                        leads.findForUpdate(workspaceId, publicId).orElseThrow(() -> ApiException.notFound("Lead"));
                if (expectedUpdatedAt != null && !current.updatedAt().isEqual(expectedUpdatedAt)) {
                    throw new ApiException(
                            HttpStatus.CONFLICT,
                            "LEAD_CHANGED",
                            "The lead changed since it was read; read it again and reapply the change.");
                }
                OffsetDateTime now = now();
                Lead changed = apply(current, u, status, now);
                if (!changed.hasRequiredNames()) {
                    throw ApiException.validation(List.of(
                            new ApiError.FieldError("firstName", "is required for leads created through the API"),
                            new ApiError.FieldError("lastName", "is required for leads created through the API")));
                }
                leads.update(changed);
                Map<String, Object> detail = changes(current, changed);
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
                if (tagIds != null) {
                    leads.clearTags(current.id());
                    tagIds.forEach(t -> leads.addTag(current.id(), t));
                    detail.put("tagIds", tagIds);
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
                throw duplicate(wanted);
            }
            throw e;
        }
    }

    /** Deletes a lead of the workspace with its timeline; 404 for any other workspace's lead. */
    public void delete(String workspaceId, String publicId) {
        tx.executeWithoutResult(s -> {
            Lead lead = find(workspaceId, publicId);
            LeadView view = view(lead, false);
            leads.delete(workspaceId, lead.id());
            events.publishEvent(new LeadEvent(
                    LeadEvent.DELETED, workspaceId, lead.projectId(), publicId, Map.of("lead", view), now()));
        });
    }

    /**
     * Adds or removes one tag on a lead of the workspace, leaving its other tags as they are (the
     * lead is locked, so simultaneous tag changes do not undo each other). No change, no timeline entry.
     */
    public void changeTag(String workspaceId, String actorUserId, String publicId, String tagId, boolean add) {
        Tag tag = tags.find(workspaceId, tagId)
                .orElseThrow(() -> ApiException.validation("tagId", "is not a tag of this workspace"));
        tx.executeWithoutResult(s -> {
            Lead current = leads.findForUpdate(workspaceId, publicId).orElseThrow(() -> ApiException.notFound("Lead"));
            boolean changed =
                    add ? leads.addTagIfAbsent(current.id(), tag.id()) : leads.removeTag(current.id(), tag.id());
            if (!changed) {
                return;
            }
            OffsetDateTime now = now();
            Map<String, Object> detail = Map.of(add ? "tagAdded" : "tagRemoved", tag.name());
            leads.addEvent(current.id(), workspaceId, "updated", actorUserId, detail, now);
            LeadView view = view(current, false);
            events.publishEvent(new LeadEvent(
                    LeadEvent.UPDATED,
                    workspaceId,
                    current.projectId(),
                    publicId,
                    Map.of("lead", view, "changes", detail),
                    now));
        });
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
        Map<String, LeadView.Person> people =
                leads.people(lead.createdBy() == null ? List.of() : List.of(lead.createdBy()));
        return LeadView.of(
                lead,
                people.get(lead.createdBy()),
                leads.tags(List.of(lead.id())).getOrDefault(lead.id(), List.of()),
                withTimeline ? leads.timeline(lead.id()) : null);
    }

    private List<LeadView> views(List<Lead> page) {
        Map<String, LeadView.Person> people = leads.people(page.stream()
                .map(Lead::createdBy)
                .filter(java.util.Objects::nonNull)
                .distinct()
                .toList());
        Map<Long, List<LeadView.TagRef>> tagsByLead =
                leads.tags(page.stream().map(Lead::id).toList());
        return page.stream()
                .map(l -> LeadView.of(l, people.get(l.createdBy()), tagsByLead.getOrDefault(l.id(), List.of()), null))
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
