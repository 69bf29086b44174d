package io.leadline.capture;

import io.leadline.apikey.Credentials;
import io.leadline.apikey.RateLimit;
import io.leadline.apikey.RateLimiter;
import io.leadline.lead.CapturedLead;
import io.leadline.lead.Channel;
import io.leadline.lead.Leads;
import io.leadline.platform.ApiException;
import io.leadline.platform.RequestIds;
import io.leadline.workspace.MonthlyQuota;
import io.leadline.workspace.PlanLimitReached;
import io.leadline.workspace.Project;
import io.leadline.workspace.Workspaces;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
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

    /** The answer for a captured submission: the lead's numeric id and whether it is new. */
    record Result(long leadId, boolean created) {}

    private final Workspaces workspaces;
    private final Leads leads;
    private final RateLimiter rateLimiter;
    private final SubmissionRepository submissions;
    private final CaptureSettings settings;
    private final JsonMapper json;
    private final MonthlyQuota quotas;

    Captures(
            Workspaces workspaces,
            Leads leads,
            RateLimiter rateLimiter,
            SubmissionRepository submissions,
            CaptureSettings settings,
            JsonMapper json,
            MonthlyQuota quotas) {
        this.workspaces = workspaces;
        this.leads = leads;
        this.rateLimiter = rateLimiter;
        this.submissions = submissions;
        this.settings = settings;
        this.json = json;
        this.quotas = quotas;
    }

    Result capture(HttpServletRequest request, HttpServletResponse response, String body) {
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
            throw new ApiException(HttpStatus.FORBIDDEN, "DOMAIN_NOT_ALLOWED", DOMAIN_MESSAGE);
        }
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
        long submissionId = submissions.insert(received, SubmissionRepository.Outcome.RECEIVED, null);
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
        try {
            Leads.Capture result = leads.capture(
                    project.workspaceId(),
                    captured,
                    timelineDetail(submissionId, received, tree),
                    c -> submissions.decide(
                            project.workspaceId(),
                            submissionId,
                            c.created() ? SubmissionRepository.Outcome.CREATED : SubmissionRepository.Outcome.MERGED,
                            c.leadNumber()));
            writeQuota(response, project.workspaceId());
            return new Result(result.leadNumber(), result.created());
        } catch (PlanLimitReached e) {
            submissions.decide(
                    project.workspaceId(), submissionId, SubmissionRepository.Outcome.REJECTED_PLAN_LIMIT, null);
            writeQuota(response, project.workspaceId());
            throw e;
        }
    }

    /**
     * The plan's monthly quota as a second policy of the RateLimit headers, when the plan has one.
     * Read after the lead was committed, so a database failure here leaves the headers out rather
     * than turning a stored lead into an error answer.
     */
    private void writeQuota(HttpServletResponse response, String workspaceId) {
        try {
            quotas.of(workspaceId, now())
                    .ifPresent(q -> RateLimit.addPolicy(
                            response, "monthly", q.limit(), q.windowSeconds(), q.remaining(), q.resetSeconds()));
        } catch (DataAccessException e) {
            // The answer goes out without the monthly policy.
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
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "INVALID_JSON",
                    "The request body is not valid JSON: " + e.getOriginalMessage());
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
