package io.leadline.whatsapp;

import io.leadline.apikey.Credentials;
import io.leadline.apikey.RateLimit;
import io.leadline.apikey.RateLimiter;
import io.leadline.lead.LeadChanges;
import io.leadline.lead.LeadEvent;
import io.leadline.lead.Leads;
import io.leadline.platform.ApiException;
import io.leadline.platform.Constraints;
import io.leadline.platform.JsonBodies;
import io.leadline.platform.RequestIds;
import io.leadline.platform.Text;
import io.leadline.workspace.PlanLimitReached;
import io.leadline.workspace.Project;
import io.leadline.workspace.Workspaces;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Meta's calls do. A notification is checked in this order: project key (401), signature when
 * the project has an app secret (401, nothing stored), well-formed JSON object (400). Then each
 * message, in its own transaction, creates or joins the lead of its number and is stored once per
 * workspace (the unique constraint on the message id decides, so redeliveries — even simultaneous
 * ones — add nothing). A message from a new number over the plan limit is stored as held instead of
 * lost, and released later. Everything is committed before the 200 goes out.
 */
@Service
class WhatsAppInbox {

    private static final Logger log = LoggerFactory.getLogger(WhatsAppInbox.class);

    static final String INVALID_KEY_MESSAGE = "Invalid or missing project API key.";
    static final String SIGNATURE_MESSAGE =
            "X-Hub-Signature-256 is missing or is not the body's HMAC-SHA256 with the project's app secret.";
    static final String VERIFICATION_MESSAGE =
            "Verification refused: hub.mode must be subscribe and hub.verify_token the project's verify token.";

    /**
     * What one notification did, for Meta's logs and people debugging a setup.
     *
     * @param messages messages stored now (new leads or joined leads)
     * @param duplicates messages seen before (redeliveries), which added nothing
     * @param held messages from new numbers kept over the plan limit
     * @param statuses statuses recorded against stored messages
     * @param ignored statuses of unknown messages, and messages or statuses without usable ids
     */
    record Receipt(String status, int messages, int duplicates, int held, int statuses, int ignored) {
        static Receipt ignoredNotification() {
            return new Receipt("ignored", 0, 0, 0, 0, 0);
        }
    }

    /** What releasing held messages did: released onto leads, and how many are still held. */
    record Release(int released, int held) {}

    enum Outcome {
        STORED,
        DUPLICATE,
        HELD
    }

    /** Ends the transaction of a message that turned out to be stored already, undoing its lead work. */
    private static final class AlreadySeen extends RuntimeException {
        AlreadySeen() {
            super("message already stored", null, false, false);
        }
    }

    /**
     * Ends the transaction of a message from a sender without a number whose lead another message
     * made meanwhile: its own new lead is undone, and the message is decided again (and joins).
     */
    private static final class LinkedMeanwhile extends RuntimeException {
        LinkedMeanwhile() {
            super("sender linked to a lead meanwhile", null, false, false);
        }
    }

    /** How often a message is decided again after {@link LinkedMeanwhile}. */
    private static final int LINK_ATTEMPTS = 3;

    private final Workspaces workspaces;
    private final Leads leads;
    private final WhatsAppRepository repository;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final RateLimiter rateLimiter;
    private final WhatsAppSettings settings;

    WhatsAppInbox(
            Workspaces workspaces,
            Leads leads,
            WhatsAppRepository repository,
            ApplicationEventPublisher events,
            JsonMapper json,
            RateLimiter rateLimiter,
            WhatsAppSettings settings) {
        this.rateLimiter = rateLimiter;
        this.settings = settings;
        this.workspaces = workspaces;
        this.leads = leads;
        this.repository = repository;
        this.events = events;
        this.json = json;
    }

    /** The challenge to echo when the verify token is the project's; 403 otherwise. */
    String verify(HttpServletRequest request, HttpServletResponse response, Verification verification) {
        Project project = project(request, response);
        if (!verification.accepts(project.whatsappVerifyToken())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "VERIFICATION_FAILED", VERIFICATION_MESSAGE);
        }
        return verification.challenge();
    }

    Receipt receive(HttpServletRequest request, HttpServletResponse response, byte[] body) {
        Project project = project(request, response);
        String requestId = RequestIds.current(request);
        byte[] raw = body == null ? new byte[0] : body;
        if (project.hasAppSecret()
                && !new HubSignature(request.getHeader(HubSignature.HEADER))
                        .matches(raw, project.whatsappAppSecret())) {
            log.warn(
                    "WhatsApp webhook for project {} refused: bad or missing {} (request {})",
                    project.id(),
                    HubSignature.HEADER,
                    requestId);
            throw new ApiException(HttpStatus.UNAUTHORIZED, "INVALID_SIGNATURE", SIGNATURE_MESSAGE);
        }
        // The publishable key is in web pages: bound what anyone holding it can make this endpoint do.
        RateLimit limit = rateLimiter.consume("per-project", "wa:" + project.id(), settings.perProjectPerMinute());
        limit.writeHeaders(response);
        limit.enforce();
        Notification notification = Notification.parse(parse(raw, project, requestId));
        if (!notification.relevant()) {
            return Receipt.ignoredNotification();
        }
        if (!notification.errors().isEmpty()) {
            // Not about one message, so nothing to store: an operator needs to hear of it.
            log.warn(
                    "WhatsApp webhook for project {}: Meta reports {} error(s) (request {}): {}",
                    project.id(),
                    notification.errors().size(),
                    requestId,
                    String.join(
                            " | ",
                            notification
                                    .errors()
                                    .subList(0, Math.min(notification.errors().size(), Notification.MAX_ERRORS))));
        }
        int items = notification.messages().size() + notification.statuses().size();
        if (items > settings.maxItemsPerNotification()) {
            log.warn(
                    "WhatsApp webhook for project {} refused: {} messages and statuses, at most {} (request {})",
                    project.id(),
                    items,
                    settings.maxItemsPerNotification(),
                    requestId);
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "TOO_MANY_ITEMS",
                    "A notification may carry at most " + settings.maxItemsPerNotification()
                            + " messages and statuses; this one has " + items + ".");
        }
        OffsetDateTime now = now();
        int stored = 0;
        int duplicates = 0;
        int held = 0;
        for (InboundMessage message : notification.messages()) {
            WhatsAppRepository.Row row = row(project.workspaceId(), project.id(), message, requestId, now);
            switch (receiveOne(row)) {
                case STORED -> stored++;
                case DUPLICATE -> duplicates++;
                case HELD -> held++;
            }
        }
        int statuses = 0;
        int ignored = notification.skipped();
        if (ignored > 0) {
            // Nothing to keep them by (no message id, no sender): say so where an operator looks.
            log.warn(
                    "WhatsApp webhook for project {}: {} message(s) or status(es) without a usable id or sender"
                            + " skipped (request {})",
                    project.id(),
                    ignored,
                    requestId);
        }
        for (StatusUpdate status : notification.statuses()) {
            Optional<Long> messageRowId = repository.findId(project.workspaceId(), status.messageId());
            if (messageRowId.isPresent()
                    && repository.insertStatus(
                            project.workspaceId(),
                            messageRowId.get(),
                            status,
                            status.errors().isEmpty() ? null : json.writeValueAsString(status.errors()),
                            now)) {
                statuses++;
            } else {
                ignored++;
            }
        }
        return new Receipt("ok", stored, duplicates, held, statuses, ignored);
    }

    /** The workspace's held messages, oldest first, and how many there are in all. */
    List<WhatsAppRepository.Held> held(String workspaceId, int limit) {
        return repository.held(workspaceId, limit);
    }

    int countHeld(String workspaceId) {
        return repository.countHeld(workspaceId);
    }

    /**
     * Puts up to {@code max} held messages, oldest first, on leads as if they arrived now: a number
     * that has a lead by now joins it, a new number creates one while the plan allows. Messages that
     * still do not fit stay held.
     */
    Release release(String workspaceId, String requestId, int max) {
        int released = 0;
        OffsetDateTime now = now();
        for (WhatsAppRepository.Held h : repository.held(workspaceId, max)) {
            InboundMessage message = new InboundMessage(
                    h.messageId(),
                    h.from(),
                    h.fromUserId(),
                    h.profileName(),
                    h.type(),
                    h.sentAt(),
                    h.phoneNumberId(),
                    json.readTree(h.payload()));
            try {
                if (join(row(workspaceId, h.projectId(), message, requestId, now)) == Outcome.STORED) {
                    released++;
                }
            } catch (PlanLimitReached e) {
                // Stays held; later messages may still join leads that exist.
            }
        }
        return new Release(released, repository.countHeld(workspaceId));
    }

    private Outcome receiveOne(WhatsAppRepository.Row row) {
        try {
            return join(row);
        } catch (PlanLimitReached e) {
            return hold(row);
        }
    }

    /**
     * Creates or joins the lead of the message's number and stores the message (or marks its held
     * copy processed) in the same transaction; a message stored already rolls the lead work back.
     * Throws {@link PlanLimitReached} for a new number over the plan limit.
     */
    private Outcome join(WhatsAppRepository.Row row) {
        for (int attempt = 1; ; attempt++) {
            try {
                return joinOnce(row);
            } catch (LinkedMeanwhile e) {
                if (attempt >= LINK_ATTEMPTS) {
                    throw new IllegalStateException(
                            "WhatsApp sender " + row.message().userId() + " kept being linked meanwhile; message "
                                    + row.message().id() + " not stored");
                }
            }
        }
    }

    /**
     * One decision for a message. A sender with a BSUID joins the lead their BSUID is linked to (its
     * earlier messages' lead), else the lead of their number, else a new lead; the BSUID is then
     * linked to that lead in the same transaction, so a sender whose number is withheld later still
     * finds it. Two first messages of a sender without a number at once: the second to link finds the
     * first's link, undoes its own lead and decides again ({@link LinkedMeanwhile}).
     */
    private Outcome joinOnce(WhatsAppRepository.Row row) {
        InboundMessage m = row.message();
        String workspaceId = row.workspaceId();
        Map<String, Object> detail = m.timelineDetail(row.projectId(), row.requestId());
        Long known = m.userId() == null
                ? null
                : repository.leadOfUser(workspaceId, m.userId()).orElse(null);
        try {
            leads.capture(workspaceId, m.captured(row.projectId()), known, detail, capture -> {
                boolean stored = repository.insert(row, WhatsAppRepository.PROCESSED, capture.leadNumber())
                        || repository.release(workspaceId, m.id(), capture.leadNumber());
                if (!stored) {
                    throw new AlreadySeen();
                }
                // Linked already (the lead this message joined is the user's): nothing to record.
                boolean alreadyLinked = known != null && known == capture.leadNumber();
                if (m.userId() != null
                        && !alreadyLinked
                        && !repository.linkUser(workspaceId, m.userId(), capture.leadNumber(), now())
                        && !repository
                                .leadOfUser(workspaceId, m.userId())
                                .map(linked -> linked == capture.leadNumber())
                                .orElse(false)) {
                    // Another message of this user linked another lead meanwhile (with or without a
                    // number): this one is undone and decided again, and then joins that lead.
                    throw new LinkedMeanwhile();
                }
                String newNumber = m.changedNumber();
                if (newNumber != null) {
                    // The person's next messages come from the new number: the lead follows it (the
                    // timeline keeps the old one), so they join this lead instead of making another.
                    leads.update(workspaceId, null, capture.leadId(), LeadChanges.phone("+" + newNumber));
                }
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("lead", leads.getWithoutTimeline(workspaceId, capture.leadId()));
                data.put("message", detail);
                events.publishEvent(new LeadEvent(
                        LeadEvent.WHATSAPP_MESSAGE, workspaceId, row.projectId(), capture.leadId(), data, now()));
            });
            return Outcome.STORED;
        } catch (AlreadySeen e) {
            return Outcome.DUPLICATE;
        } catch (DataIntegrityViolationException e) {
            if (Constraints.violated(e, "whatsapp_messages_uq")) {
                return Outcome.DUPLICATE;
            }
            if (Constraints.violated(e, "whatsapp_contacts_pk")) {
                // A database that reports the simultaneous link as a conflict instead of waiting for it.
                throw new LinkedMeanwhile();
            }
            throw e;
        }
    }

    /** Keeps a message from a new number that the plan limit keeps from becoming a lead. */
    private Outcome hold(WhatsAppRepository.Row row) {
        try {
            if (repository.insert(row, WhatsAppRepository.HELD, null)) {
                log.info(
                        "WhatsApp message {} from a new number held: workspace {} reached its plan limit",
                        row.message().id(),
                        row.workspaceId());
                return Outcome.HELD;
            }
            return Outcome.DUPLICATE;
        } catch (DataIntegrityViolationException e) {
            if (Constraints.violated(e, "whatsapp_messages_uq")) {
                return Outcome.DUPLICATE;
            }
            throw e;
        }
    }

    private WhatsAppRepository.Row row(
            String workspaceId, String projectId, InboundMessage m, String requestId, OffsetDateTime now) {
        return new WhatsAppRepository.Row(
                workspaceId,
                projectId,
                m,
                m.describe(),
                Text.storable(json.writeValueAsString(m.content())),
                requestId,
                now);
    }

    /** The project behind a publishable key; 401 for anything else, secret keys included. */
    private Project project(HttpServletRequest request, HttpServletResponse response) {
        String key = Credentials.from(request, true);
        Optional<Project> project = key == null || !key.startsWith(Project.KEY_PREFIX) || key.length() > 64
                ? Optional.empty()
                : workspaces.findProjectByKey(key);
        if (project.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer");
            throw new ApiException(HttpStatus.UNAUTHORIZED, "INVALID_API_KEY", INVALID_KEY_MESSAGE);
        }
        return project.get();
    }

    /** The body as a JSON object; 400 INVALID_JSON / INVALID_BODY otherwise, logged with the request id. */
    private JsonNode parse(byte[] raw, Project project, String requestId) {
        try {
            JsonBodies.check(raw, null);
        } catch (ApiException e) {
            log.warn("WhatsApp webhook for project {}: {} (request {})", project.id(), e.getMessage(), requestId);
            throw e;
        }
        JsonNode root;
        try {
            root = raw.length == 0 ? null : json.readTree(raw);
        } catch (JacksonException e) {
            log.warn(
                    "WhatsApp webhook for project {}: malformed JSON (request {}): {}",
                    project.id(),
                    requestId,
                    JsonBodies.message(e));
            throw JsonBodies.invalid(e);
        }
        if (root == null || !root.isObject()) {
            log.warn(
                    "WhatsApp webhook for project {}: body is not a JSON object (request {})", project.id(), requestId);
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_BODY", "The request body must be a JSON object.");
        }
        return root;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
