package io.leadline.lead;

import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Idempotency-Key records, per secret key. The primary key makes a concurrent second request with
 * the same key wait for the first one's transaction, then see its stored answer.
 */
@Repository
class IdempotencyRepository {

    record Stored(String requestHash, Integer status, String responseBody) {}

    private final JdbcClient jdbc;

    IdempotencyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Stored> find(String apiKeyId, String key, OffsetDateTime notBefore) {
        return jdbc.sql("select request_hash, status, response_body from idempotency_keys"
                        + " where api_key_id = ? and idem_key = ? and created_at >= ?")
                .params(apiKeyId, key, notBefore)
                .query((rs, row) -> new Stored(
                        rs.getString("request_hash"), (Integer) rs.getObject("status"), rs.getString("response_body")))
                .optional();
    }

    /** Claims the key; a DuplicateKeyException means another request holds or held it. */
    void claim(String apiKeyId, String key, String requestHash, OffsetDateTime now, OffsetDateTime expiredBefore) {
        jdbc.sql("delete from idempotency_keys where api_key_id = ? and idem_key = ? and created_at < ?")
                .params(apiKeyId, key, expiredBefore)
                .update();
        jdbc.sql("insert into idempotency_keys (api_key_id, idem_key, request_hash, created_at) values (?, ?, ?, ?)")
                .params(apiKeyId, key, requestHash, now)
                .update();
    }

    void complete(String apiKeyId, String key, int status, String body) {
        jdbc.sql("update idempotency_keys set status = ?, response_body = ? where api_key_id = ? and idem_key = ?")
                .params(status, body, apiKeyId, key)
                .update();
    }

    int purgeBefore(OffsetDateTime cutoff) {
        return jdbc.sql("delete from idempotency_keys where created_at < ?")
                .param(cutoff)
                .update();
    }
}
