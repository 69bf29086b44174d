package io.leadline.capture;

import io.leadline.apikey.Credentials;
import io.leadline.apikey.RateLimit;
import io.leadline.apikey.RateLimiter;
import io.leadline.lead.CapturedLead;
import io.leadline.lead.Channel;
import io.leadline.lead.Leads;
import io.leadline.platform.ApiException;
import io.leadline.platform.BatchThreads;
import io.leadline.platform.Batcher;
import io.leadline.platform.Constraints;
import io.leadline.platform.JsonBodies;
import io.leadline.platform.RequestIds;
import io.leadline.workspace.MonthlyQuota;
import io.leadline.workspace.MonthlyUsage;
import io.leadline.workspace.PlanLimitReached;
import io.leadline.workspace.Project;
import io.leadline.workspace.Workspaces;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.Charset;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One public submission, checked in this order: project key (401), per-IP abuse limit (429
 * RATE_LIMITED), allowlist (403), well-formed JSON object (400). From there on the raw submission is
 * stored whatever happens to it: invalid fields (400, rejected_invalid), the plan limit (429,
 * rejected_plan_limit), or a lead created or joined (created / merged). A submission that fails
 * unexpectedly stays "received".
 */
@Service
class Captures {

    static final String INVALID_KEY_MESSAGE = "Invalid or missing project API key.";
    static final String DOMAIN_MESSAGE = "Origin or Referer not in project allowlist.";
    /** Most submissions one batch takes. */
    static final int BATCH_MAX = 128;

    private static final Logger log = LoggerFactory.getLogger(Captures.class);

    /** The answer for a captured submission: the lead's numeric id and whether it is new. */
    record Result(long leadId, boolean created) {}

    private final Workspaces workspaces;
    private final Leads leads;
    private final RateLimiter rateLimiter;
    private final SubmissionRepository submissions;
    private final CaptureSettings settings;
    private final JsonMapper json;
    private final MonthlyQuota quotas;
    private final TransactionTemplate tx;
    private final Batcher<String, Pending, Decided> batches;

    private final CaptureRefusals refusals;

    Captures(
            Workspaces workspaces,
            Leads leads,
            RateLimiter rateLimiter,
            SubmissionRepository submissions,
            CaptureSettings settings,
            JsonMapper json,
            MonthlyQuota quotas,
            TransactionTemplate tx,
            BatchThreads batchThreads,
            MeterRegistry meters,
            CaptureRefusals refusals) {
        this.refusals = refusals;
        this.workspaces = workspaces;
        this.leads = leads;
        this.rateLimiter = rateLimiter;
        this.submissions = submissions;
        this.settings = settings;
        this.json = json;
        this.quotas = quotas;
        this.tx = tx;
        // One batch at a time per workspace: a capture batch takes the workspace's capture turn first, so
        // its matching by email and phone is exact; a second one would only wait for it.
        this.batches = new Batcher<>("capture", BATCH_MAX, batchThreads, meters, this::captureAll);
    }

    /**
     * Captures a submission: {@code raw} is the body as sent, read as text in {@code charset} only after
     * the key, the abuse limit and the allowlist passed (so a bad key is a 401 whatever the body).
     */
    Result capture(HttpServletRequest request, HttpServletResponse response, byte[] raw, Charset charset) {
        Project project = project(Credentials.from(request, true));
        if (project == null) {
            response.setHeader("WWW-Authenticate", "Bearer");
            throw new ApiException(HttpStatus.UNAUTHORIZED, "INVALID_API_KEY", INVALID_KEY_MESSAGE);
        }
        String clientIp = request.getRemoteAddr();
        RateLimit limit =
                rateLimiter.consume("per-ip", "capture:" + project.id() + ":" + clientIp, settings.perIpPerMinute());
        limit.writeHeaders(response);
        limit.enforce();
        RequestOrigin origin = RequestOrigin.of(request);
        if (!origin.allowedBy(project.allowedDomains())) {
            refusals.record(project.id(), origin.host(), CaptureRefusals.now());
            throw new ApiException(HttpStatus.FORBIDDEN, "DOMAIN_NOT_ALLOWED", DOMAIN_MESSAGE);
        }
        String body = raw == null ? null : JsonBodies.text(raw, charset);
        JsonNode tree = parse(body);

        SubmissionRepository.Received received = new SubmissionRepository.Received(
                project.workspaceId(),
                project.id(),
                clip(clientIp, 64),
                clip(request.getHeader("User-Agent"), 1024),
                clip(request.getHeader("Origin"), 2048),
                clip(request.getHeader("Referer"), 2048),
                clip(RequestIds.current(request), 128),
                body,
                now());
        CaptureRequest.Parsed parsed = CaptureRequest.parse(tree);
        if (!parsed.valid()) {
            submissions.insert(
                    received, SubmissionRepository.Outcome.REJECTED_INVALID, json.writeValueAsString(parsed.errors()));
            throw ApiException.validation(parsed.errors());
        }
        CaptureRequest r = parsed.request();
        CapturedLead captured = new CapturedLead(
                Channel.WEB,
                project.id(),
                r.name(),
                r.email(),
                r.phone(),
                r.attributes(),
                r.utm(),
                r.pageTrail(),
                r.sourceUrl(),
                r.referrer());
        Decided decided = batches.submit(project.workspaceId(), new Pending(received, captured, tree));
        decided.quota()
                .ifPresent(q -> RateLimit.addPolicy(
                        response, "monthly", q.limit(), q.windowSeconds(), q.remaining(), q.resetSeconds()));
        if (decided.result() == null) {
            throw MonthlyUsage.limitReached(received.receivedAt());
        }
        return decided.result();
    }

    /** A valid submission waiting for its workspace's next batch. */
    private record Pending(SubmissionRepository.Received received, CapturedLead lead, JsonNode payload) {}

    /**
     * What became of a submission: its lead (null when the plan limit refused it) and the plan's quota
     * after it, when the plan has one and it could be read.
     */
    private record Decided(Result result, Optional<MonthlyQuota.Quota> quota) {}

    /**
     * Stores and decides a batch of one workspace's submissions in one transaction: the leads through
     * {@link Leads#captureAll}, the raw submissions with their outcomes in one statement under ids
     * reserved beforehand (PostgreSQL; on H2 stored first, decided after); the quota is read once for
     * the batch after the commit. When the batch fails as a
     * whole, each submission is stored and decided again on its own.
     */
    private List<Batcher.Result<Decided>> captureAll(List<Pending> items) {
        String workspaceId = items.getFirst().received().workspaceId();
        List<Result> results;
        try {
            results = tx.execute(status -> {
                List<SubmissionRepository.Received> received =
                        items.stream().map(Pending::received).toList();
                boolean ahead = submissions.reservesIds();
                List<Long> ids = ahead ? submissions.reserveIds(items.size()) : submissions.insertAll(received);
                List<Leads.Submitted> submitted = new ArrayList<>(items.size());
                for (int i = 0; i < items.size(); i++) {
                    Pending p = items.get(i);
                    submitted.add(new Leads.Submitted(p.lead(), timelineDetail(ids.get(i), p.received(), p.payload())));
                }
                List<Leads.Capture> captures = leads.captureAll(workspaceId, submitted);
                List<SubmissionRepository.Decision> decisions = new ArrayList<>(items.size());
                List<Result> out = new ArrayList<>(items.size());
                for (int i = 0; i < items.size(); i++) {
                    Leads.Capture c = captures.get(i);
                    decisions.add(new SubmissionRepository.Decision(
                            ids.get(i),
                            c == null
                                    ? SubmissionRepository.Outcome.REJECTED_PLAN_LIMIT
                                    : c.created()
                                            ? SubmissionRepository.Outcome.CREATED
                                            : SubmissionRepository.Outcome.MERGED,
                            c == null ? null : c.leadNumber()));
                    out.add(c == null ? null : new Result(c.leadNumber(), c.created()));
                }
                if (ahead) {
                    submissions.insertDecided(received, decisions);
                } else {
                    submissions.decideAll(workspaceId, decisions);
                }
                return out;
            });
        } catch (RuntimeException e) {
            if (!Constraints.conflict(e)) {
                return items.stream()
                        .<Batcher.Result<Decided>>map(i -> Batcher.Result.failed(e))
                        .toList();
            }
            log.debug("A batch of {} submissions failed ({}); deciding each on its own", items.size(), e.toString());
            return items.stream().map(this::captureAlone).toList();
        }
        Optional<MonthlyQuota.Quota> quota = quota(workspaceId);
        return results.stream()
                .map(result -> Batcher.Result.ok(new Decided(result, quota)))
                .toList();
    }

    /** One submission in transactions of its own: stored as received first, then decided. */
    private Batcher.Result<Decided> captureAlone(Pending p) {
        try {
            SubmissionRepository.Received received = p.received();
            long submissionId = submissions.insert(received, SubmissionRepository.Outcome.RECEIVED, null);
            try {
                Leads.Capture result = leads.capture(
                        received.workspaceId(),
                        p.lead(),
                        timelineDetail(submissionId, received, p.payload()),
                        c -> submissions.decide(
                                received.workspaceId(),
                                submissionId,
                                c.created()
                                        ? SubmissionRepository.Outcome.CREATED
                                        : SubmissionRepository.Outcome.MERGED,
                                c.leadNumber()));
                return Batcher.Result.ok(
                        new Decided(new Result(result.leadNumber(), result.created()), quota(received.workspaceId())));
            } catch (PlanLimitReached e) {
                submissions.decide(
                        received.workspaceId(), submissionId, SubmissionRepository.Outcome.REJECTED_PLAN_LIMIT, null);
                return Batcher.Result.ok(new Decided(null, quota(received.workspaceId())));
            }
        } catch (RuntimeException e) {
            return Batcher.Result.failed(e);
        }
    }

    /**
     * The plan's monthly quota, as a second policy of the RateLimit headers, when the plan has one.
     * Read after the leads were committed, so a database failure here leaves the headers out rather
     * than turning a stored lead into an error answer.
     */
    private Optional<MonthlyQuota.Quota> quota(String workspaceId) {
        try {
            return quotas.of(workspaceId, now());
        } catch (DataAccessException e) {
            return Optional.empty();
        }
    }

    /** The project behind a publishable key; null for anything else, secret keys included. */
    private Project project(String key) {
        if (key == null || !key.startsWith(Project.KEY_PREFIX) || key.length() > 64) {
            return null;
        }
        return workspaces.findProjectByKey(key).orElse(null);
    }

    /** The body as a JSON object; 400 INVALID_JSON or INVALID_BODY otherwise (nothing is stored). */
    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_JSON", "The request body is missing.");
        }
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (JacksonException e) {
            throw JsonBodies.invalid(e);
        }
        if (tree == null || !tree.isObject()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_BODY", "The request body must be a JSON object.");
        }
        return tree;
    }

    /** What the lead's timeline shows about the submission: where it came from and what it said. */
    private Map<String, Object> timelineDetail(long submissionId, SubmissionRepository.Received r, JsonNode tree) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("submissionId", submissionId);
        detail.put("projectId", r.projectId());
        detail.put("clientIp", r.clientIp());
        detail.put("userAgent", r.userAgent());
        detail.put("origin", r.origin());
        detail.put("referer", r.referer());
        detail.put("requestId", r.requestId());
        detail.put("payload", json.treeToValue(tree, Map.class));
        return detail;
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
