package io.leadline.apikey;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.leadline.platform.ApiException;
import io.leadline.platform.Ids;
import io.leadline.platform.Invalidations;
import io.leadline.platform.LookupCache;
import io.leadline.workspace.RoleChanged;
import io.leadline.workspace.WorkspaceLimit;
import io.leadline.workspace.Workspaces;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Issuing, listing, limiting, revoking and authenticating secret keys. */
@Service
public class ApiKeys {

    /** A key as created: the only moment the plaintext exists outside the client. */
    public record Created(ApiKey apiKey, String key) {}

    /** The {@link Invalidations} topic for changes of secret keys. */
    static final String API_KEYS = "api_keys";

    private final ApiKeyRepository repository;
    private final Workspaces workspaces;
    private final RateLimitSettings settings;
    private final Invalidations invalidations;
    /** Callers by key hash. A caller is made of its key's row and of its user's existence. */
    private final LookupCache<String, Caller> callers;
    /** When this instance last wrote last_used_at per key, so a busy key costs one write a minute. */
    private final Cache<String, Boolean> recentlyTouched = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(1))
            .maximumSize(100_000)
            .build();

    ApiKeys(
            ApiKeyRepository repository,
            RateLimitSettings settings,
            Invalidations invalidations,
            MeterRegistry meters,
            Workspaces workspaces) {
        this.workspaces = workspaces;
        this.repository = repository;
        this.settings = settings;
        this.invalidations = invalidations;
        this.callers = new LookupCache<>("secret-keys", meters);
        invalidations.on(API_KEYS, callers::invalidateAll);
        // Removing a user deletes their keys (on delete cascade).
        invalidations.on("users", callers::invalidateAll);
    }

    /**
     * A new secret key of the user; 404 for an unknown user, 409 MEMBER_HOLDS_NO_KEYS for a member (a
     * key acts with its holder's standing, and members do not manage the workspace), 409
     * LIMIT_REACHED when their workspace has {@link WorkspaceLimit#SECRET_KEYS} keys that are not
     * revoked.
     */
    public Created create(String userId, String name) {
        String workspaceId = repository.workspaceOf(userId).orElseThrow(() -> ApiException.notFound("User"));
        SecretKey key = SecretKey.generate();
        String id = Ids.prefixed("key");
        return workspaces.createWithin(
                workspaceId, WorkspaceLimit.SECRET_KEYS, () -> repository.countActive(workspaceId), () -> {
                    if (!repository.insert(id, userId, name.trim(), key, settings.defaultPerMinute(), now())) {
                        if (repository.workspaceOf(userId).isEmpty()) {
                            throw ApiException.notFound("User"); // removed meanwhile
                        }
                        throw new ApiException(
                                HttpStatus.CONFLICT,
                                "MEMBER_HOLDS_NO_KEYS",
                                "The user is a member, and members may not hold secret keys: make them an admin"
                                        + " or owner first.");
                    }
                    return new Created(repository.find(id).orElseThrow(), key.value());
                });
    }

    public Optional<ApiKey> find(String id) {
        return repository.find(id);
    }

    public List<ApiKey> list(String workspaceId) {
        return repository.findByWorkspace(workspaceId);
    }

    /** 404 for an unknown key, 409 KEY_REVOKED for a revoked one (its limit no longer means anything). */
    public ApiKey setRateLimit(String id, int perMinute) {
        if (!repository.updateRateLimit(id, perMinute)) {
            ApiKey key = repository.find(id).orElseThrow(() -> ApiException.notFound("API key"));
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "KEY_REVOKED",
                    "The key " + key.prefix() + "… was revoked; its rate limit cannot change.");
        }
        invalidations.publish(API_KEYS);
        return repository.find(id).orElseThrow();
    }

    /**
     * Keys act with their creator's standing: a member may not hold secret keys (the dashboard does
     * not let members make them), so an owner or admin demoted to member loses theirs, as one who is
     * removed does.
     */
    @EventListener
    void onRoleChanged(RoleChanged change) {
        if (change.demotedToMember() && repository.revokeAllOf(change.userId(), now()) > 0) {
            invalidations.publish(API_KEYS);
        }
    }

    public void revoke(String id) {
        if (!repository.revoke(id, now())) {
            throw ApiException.notFound("API key");
        }
        invalidations.publish(API_KEYS);
    }

    /**
     * The caller behind a presented secret key, or empty for anything else (unknown, revoked,
     * malformed, or another kind of key). Found callers are cached for up to a second; a revocation,
     * a limit change or a removed user clears the cache at once here and, through {@link
     * Invalidations}, on the other instances.
     */
    public Optional<Caller> authenticate(String presented) {
        if (!SecretKey.looksLike(presented)) {
            return Optional.empty();
        }
        Optional<Caller> caller = callers.get(SecretKey.hash(presented), repository::findActiveByHash);
        caller.ifPresent(c -> {
            if (recentlyTouched.asMap().putIfAbsent(c.apiKeyId(), Boolean.TRUE) == null) {
                repository.touch(c.apiKeyId(), now());
            }
        });
        return caller;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
