package io.leadline.apikey;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for secret keys. */
@Repository
class ApiKeyRepository {

    private final JdbcClient jdbc;

    ApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a key for the user, in the user's workspace; false when there is no such user. */
    /**
     * Inserts the key when the user exists and is an owner or admin (a member may not hold secret keys);
     * false otherwise. Run in the workspace's turn, which a role change also takes, so the role read
     * here is the one the key is born under.
     */
    boolean insert(String id, String userId, String name, SecretKey key, int rateLimit, OffsetDateTime now) {
        return jdbc.sql("""
                        insert into api_keys (id, workspace_id, user_id, name, key_hash, prefix,
                                              rate_limit_per_minute, created_at)
                        select ?, u.workspace_id, u.id, ?, ?, ?, ?, ? from users u
                         where u.id = ? and u.role <> 'MEMBER'
                        """)
                        .params(id, name, key.hash(), key.displayPrefix(), rateLimit, now, userId)
                        .update()
                > 0;
    }

    Optional<String> workspaceOf(String userId) {
        return jdbc.sql("select workspace_id from users where id = ?")
                .param(userId)
                .query(String.class)
                .optional();
    }

    /** The workspace's keys that are not revoked. */
    int countActive(String workspaceId) {
        return jdbc.sql("select count(*) from api_keys where workspace_id = ? and revoked_at is null")
                .param(workspaceId)
                .query(Integer.class)
                .single();
    }

    Optional<ApiKey> find(String id) {
        return jdbc.sql(SELECT + " where id = ?")
                .param(id)
                .query(ApiKeyRepository::apiKey)
                .optional();
    }

    List<ApiKey> findByWorkspace(String workspaceId) {
        return jdbc.sql(SELECT + " where workspace_id = ? order by created_at desc")
                .param(workspaceId)
                .query(ApiKeyRepository::apiKey)
                .list();
    }

    Optional<Caller> findActiveByHash(String hash) {
        return jdbc.sql("""
                        select k.id, k.workspace_id, k.user_id, u.name, u.email, k.rate_limit_per_minute
                          from api_keys k join users u on u.id = k.user_id
                         where k.key_hash = ? and k.revoked_at is null
                        """)
                .param(hash)
                .query((rs, row) -> new Caller(
                        rs.getString("id"),
                        rs.getString("workspace_id"),
                        rs.getString("user_id"),
                        rs.getString("name"),
                        rs.getString("email"),
                        rs.getInt("rate_limit_per_minute")))
                .optional();
    }

    boolean updateRateLimit(String id, int perMinute) {
        return jdbc.sql("update api_keys set rate_limit_per_minute = ? where id = ? and revoked_at is null")
                        .params(perMinute, id)
                        .update()
                > 0;
    }

    /** Revokes every key of the user; how many were active. */
    int revokeAllOf(String userId, OffsetDateTime now) {
        return jdbc.sql("update api_keys set revoked_at = ? where user_id = ? and revoked_at is null")
                .params(now, userId)
                .update();
    }

    boolean revoke(String id, OffsetDateTime now) {
        return jdbc.sql("update api_keys set revoked_at = coalesce(revoked_at, ?) where id = ?")
                        .params(now, id)
                        .update()
                > 0;
    }

    void touch(String id, OffsetDateTime now) {
        jdbc.sql("update api_keys set last_used_at = ? where id = ?")
                .params(now, id)
                .update();
    }

    private static final String SELECT = """
            select id, workspace_id, user_id, name, prefix, rate_limit_per_minute, created_at,
                   last_used_at, revoked_at
              from api_keys""";

    private static ApiKey apiKey(ResultSet rs, int row) throws SQLException {
        return new ApiKey(
                rs.getString("id"),
                rs.getString("workspace_id"),
                rs.getString("user_id"),
                rs.getString("name"),
                rs.getString("prefix"),
                rs.getInt("rate_limit_per_minute"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("last_used_at", OffsetDateTime.class),
                rs.getObject("revoked_at", OffsetDateTime.class));
    }
}
