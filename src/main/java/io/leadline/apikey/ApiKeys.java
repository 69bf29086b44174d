package io.leadline.apikey;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.leadline.platform.ApiException;
import io.leadline.platform.Ids;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Issuing, listing, limiting, revoking and authenticating secret keys. */
@Service
public class ApiKeys {

    /** A key as created: the only moment the plaintext exists outside the client. */
    public record Created(ApiKey apiKey, String key) {}

    private final ApiKeyRepository repository;
    private final RateLimitSettings settings;
    /** When this instance last wrote last_used_at per key, so a busy key costs one write a minute. */
    private final Cache<String, Boolean> recentlyTouched = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(1))
            .maximumSize(100_000)
            .build();

    ApiKeys(ApiKeyRepository repository, RateLimitSettings settings) {
        this.repository = repository;
        this.settings = settings;
    }

    public Created create(String userId, String name) {
        SecretKey key = SecretKey.generate();
        String id = Ids.prefixed("key");
        if (!repository.insert(id, userId, name.trim(), key, settings.defaultPerMinute(), now())) {
            throw ApiException.notFound("User");
        }
        return new Created(repository.find(id).orElseThrow(), key.value());
    }

    public Optional<ApiKey> find(String id) {
        return repository.find(id);
    }

    public List<ApiKey> list(String workspaceId) {
        return repository.findByWorkspace(workspaceId);
    }

    public ApiKey setRateLimit(String id, int perMinute) {
        if (!repository.updateRateLimit(id, perMinute)) {
            throw ApiException.notFound("API key");
        }
        return repository.find(id).orElseThrow();
    }

    public void revoke(String id) {
        if (!repository.revoke(id, now())) {
            throw ApiException.notFound("API key");
        }
    }

    /**
     * The caller behind a presented secret key, or empty for anything else (unknown, revoked,
     * malformed, or another kind of key). Looked up by hash on every request, so revocation is
     * immediate on every instance.
     */
    public Optional<Caller> authenticate(String presented) {
        if (!SecretKey.looksLike(presented)) {
            return Optional.empty();
        }
        Optional<Caller> caller = repository.findActiveByHash(SecretKey.hash(presented));
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
