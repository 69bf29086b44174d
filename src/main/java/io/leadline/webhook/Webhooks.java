package io.leadline.webhook;

import io.leadline.lead.LeadEvent;
import io.leadline.platform.ApiError;
import io.leadline.platform.ApiException;
import io.leadline.platform.Ids;
import io.leadline.workspace.ProjectDeleted;
import io.leadline.workspace.WorkspaceLimit;
import io.leadline.workspace.Workspaces;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/** Managing endpoints, and turning lead events into outbox deliveries. */
@Service
public class Webhooks {

    private final WebhookRepository repository;
    private final Workspaces workspaces;
    private final WebhookSettings settings;
    private final JsonMapper json;

    Webhooks(WebhookRepository repository, Workspaces workspaces, WebhookSettings settings, JsonMapper json) {
        this.repository = repository;
        this.workspaces = workspaces;
        this.settings = settings;
        this.json = json;
    }

    /**
     * Runs inside the transaction that changed the lead (listeners of synchronously published
     * events share the publisher's transaction): the deliveries commit or roll back with the change.
     */
    /**
     * A deleted project brings no more leads: endpoints that send only its leads are disabled, in
     * the deletion's transaction, with the reason their page shows.
     */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(ProjectDeleted deleted) {
        repository.disableForProject(
                deleted.workspaceId(),
                deleted.projectId(),
                "its project “" + deleted.name()
                        + "” was deleted. Choose another project (or all) and enable it again.",
                now());
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(LeadEvent event) {
        if (!hasEnabledEndpoints(event.workspaceId())) {
            return;
        }
        String eventId = Ids.prefixed("evt");
        repository.enqueue(
                event.workspaceId(),
                event.projectId(),
                eventId,
                event.type(),
                event.leadId(),
                payload(eventId, event.type(), event.at(), event.workspaceId(), event.data()),
                now());
    }

    /**
     * Whether the workspace has an enabled endpoint, read once per transaction: a batch of many new
     * leads in a workspace without webhooks costs one query, not one per lead.
     */
    private boolean hasEnabledEndpoints(String workspaceId) {
        @SuppressWarnings("unchecked")
        Map<String, Boolean> known = (Map<String, Boolean>) TransactionSynchronizationManager.getResource(this);
        if (known == null) {
            Map<String, Boolean> fresh = new java.util.HashMap<>();
            TransactionSynchronizationManager.bindResource(this, fresh);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(Webhooks.this);
                }
            });
            known = fresh;
        }
        return known.computeIfAbsent(workspaceId, repository::hasEnabledEndpoints);
    }

    public Endpoint create(String workspaceId, String url, List<String> events, String projectId, Boolean enabled) {
        OffsetDateTime now = now();
        Endpoint endpoint = new Endpoint(
                Ids.prefixed("whk"),
                workspaceId,
                checkUrl(url),
                checkEvents(events),
                checkProject(workspaceId, projectId),
                enabled == null || enabled,
                newSecret(),
                null,
                null,
                null,
                now,
                now);
        return workspaces.createWithin(
                workspaceId, WorkspaceLimit.WEBHOOK_ENDPOINTS, () -> repository.count(workspaceId), () -> {
                    repository.insert(endpoint);
                    return endpoint;
                });
    }

    /**
     * Changes an endpoint; absent (null) values stay. {@code rotateSecret} issues a new secret and
     * keeps the one rotated out signing beside it for {@code oldSecretValidHours} (0–168, default 24;
     * 0 ends it at once) — a rotation inside that window forgets the older one, so two secrets at
     * most sign. {@code oldSecretValidHours} without {@code rotateSecret} is refused.
     */
    public Endpoint update(
            String workspaceId,
            String id,
            String url,
            List<String> events,
            String projectId,
            Boolean enabled,
            boolean rotateSecret,
            Integer oldSecretValidHours) {
        int overlap = checkOverlap(rotateSecret, oldSecretValidHours);
        Endpoint current = find(workspaceId, id);
        OffsetDateTime now = now();
        boolean enable = enabled != null ? enabled : current.enabled();
        // An endpoint kept limited to a project is checked again when it is (re-)enabled: a deleted
        // project brings no more leads, so enabling it would only look like it works.
        String project = projectId != null
                ? checkProject(workspaceId, projectId)
                : enable && current.projectId() != null
                        ? checkProject(workspaceId, current.projectId())
                        : current.projectId();
        Endpoint changed = new Endpoint(
                current.id(),
                workspaceId,
                url != null ? checkUrl(url) : current.url(),
                events != null ? checkEvents(events) : current.events(),
                project,
                enable,
                rotateSecret ? newSecret() : current.secret(),
                !rotateSecret ? current.previousSecret() : overlap > 0 ? current.secret() : null,
                !rotateSecret ? current.previousSecretExpiresAt() : overlap > 0 ? now.plusHours(overlap) : null,
                enable ? null : current.disabledReason(),
                current.createdAt(),
                now);
        repository.update(changed);
        if (enable && !current.enabled()) {
            // Enabled again (its receiver repaired): what waited is sent now, with a whole retry window,
            // not at the backoff times of before (up to an hour away) nor disabled by its first failure.
            repository.resume(current.id(), changed.updatedAt());
        }
        return changed;
    }

    public void delete(String workspaceId, String id) {
        if (!repository.delete(workspaceId, id)) {
            throw ApiException.notFound("Webhook");
        }
    }

    public Endpoint find(String workspaceId, String id) {
        return repository.find(workspaceId, id).orElseThrow(() -> ApiException.notFound("Webhook"));
    }

    public List<Endpoint> list(String workspaceId) {
        return repository.list(workspaceId);
    }

    public List<Delivery> deliveries(String workspaceId, String id, int limit) {
        return repository.deliveries(find(workspaceId, id).id(), limit);
    }

    /** The attempt logs of several deliveries (of this workspace's endpoints) in one query. */
    public Map<Long, List<Attempt>> attempts(List<Delivery> deliveries) {
        return repository.attempts(deliveries.stream().map(Delivery::id).toList());
    }

    /** Sends an earlier delivery's event again, as a new delivery with the same event id. */
    public Delivery replay(String workspaceId, String id, long deliveryId) {
        Endpoint endpoint = enabled(find(workspaceId, id));
        Delivery original =
                repository.delivery(endpoint.id(), deliveryId).orElseThrow(() -> ApiException.notFound("Delivery"));
        long copy = repository.enqueueTo(
                endpoint, original.eventId(), original.eventType(), original.leadId(), original.payload(), now());
        return repository.delivery(endpoint.id(), copy).orElseThrow();
    }

    public Delivery sendTest(String workspaceId, String id) {
        Endpoint endpoint = enabled(find(workspaceId, id));
        String eventId = Ids.prefixed("evt");
        OffsetDateTime now = now();
        String body =
                payload(eventId, Endpoint.TEST_EVENT, now, workspaceId, Map.of("message", "Test event from Leadline"));
        long delivery = repository.enqueueTo(endpoint, eventId, Endpoint.TEST_EVENT, null, body, now);
        return repository.delivery(endpoint.id(), delivery).orElseThrow();
    }

    /** A disabled endpoint is sent nothing: a test or replay queued for it would wait for good. */
    private static Endpoint enabled(Endpoint endpoint) {
        if (!endpoint.enabled()) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "ENDPOINT_DISABLED",
                    "This endpoint is disabled; enable it first (nothing is sent to a disabled endpoint).");
        }
        return endpoint;
    }

    private String payload(String eventId, String type, OffsetDateTime at, String workspaceId, Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", eventId);
        body.put("type", type);
        body.put("created_at", at);
        body.put("workspace_id", workspaceId);
        body.put("data", data);
        return json.writeValueAsString(body);
    }

    private String checkUrl(String url) {
        String problem = url == null || url.isBlank()
                ? "is required"
                : url.length() > 2048
                        ? "must be at most 2048 characters"
                        : OutboundUrls.problem(url.trim(), settings.allowHttp(), settings.allowPrivate());
        if (problem != null) {
            throw ApiException.validation("url", problem);
        }
        return url.trim();
    }

    private static Set<String> checkEvents(List<String> events) {
        if (events == null || events.isEmpty()) {
            throw ApiException.validation("events", "must list at least one of " + Endpoint.EVENT_TYPES);
        }
        List<ApiError.FieldError> errors = new ArrayList<>();
        for (String e : events) {
            if (!Endpoint.EVENT_TYPES.contains(e)) {
                errors.add(new ApiError.FieldError("events", "'" + e + "' is not one of " + Endpoint.EVENT_TYPES));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return new LinkedHashSet<>(events);
    }

    /** "" clears the project filter; any other value must be a project of the workspace. */
    private String checkProject(String workspaceId, String projectId) {
        if (projectId == null || projectId.isBlank()) {
            return null;
        }
        var project = workspaces.findProjectOfLead(workspaceId, projectId);
        if (project.isEmpty()) {
            throw ApiException.validation("projectId", "is not a project of this workspace");
        }
        if (project.get().deleted()) {
            throw ApiException.validation("projectId", "is a deleted project: choose another, or all projects");
        }
        return projectId;
    }

    /** The hours a rotated-out secret keeps signing, as asked: 0–168, 24 when not said, only with a rotation. */
    private static int checkOverlap(boolean rotateSecret, Integer hours) {
        if (hours == null) {
            return Endpoint.DEFAULT_OLD_SECRET_HOURS;
        }
        if (hours < 0 || hours > Endpoint.MAX_OLD_SECRET_HOURS) {
            throw ApiException.validation(
                    "oldSecretValidHours",
                    "must be a whole number of hours from 0 to " + Endpoint.MAX_OLD_SECRET_HOURS);
        }
        if (!rotateSecret) {
            throw ApiException.validation("oldSecretValidHours", "applies only with rotateSecret: true");
        }
        return hours;
    }

    private static String newSecret() {
        return "whsec_" + Ids.random(40);
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
