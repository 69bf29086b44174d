package io.leadline.platform;

import io.lettuce.core.api.StatefulRedisConnection;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Liveness and readiness for load balancers and orchestrators; no authentication, fast timeouts. */
@RestController
@Tag(name = "Probes")
class Probes {

    private final DataSource dataSource;
    private final ObjectProvider<StatefulRedisConnection<String, byte[]>> redis;

    Probes(DataSource dataSource, ObjectProvider<StatefulRedisConnection<String, byte[]>> redis) {
        this.dataSource = dataSource;
        this.redis = redis;
    }

    @GetMapping("/api/health")
    @Operation(summary = "Liveness: 200 {\"status\":\"ok\"} while the process runs")
    Map<String, String> health() {
        return Map.of("status", "ok");
    }

    @GetMapping("/api/ready")
    @Operation(
            summary = "Readiness: 200 {\"status\":\"ready\"} only when the database and (if configured) Redis answer")
    ResponseEntity<Map<String, Object>> ready(HttpServletRequest request) {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("database", databaseUp() ? "up" : "down");
        StatefulRedisConnection<String, byte[]> connection = redis.getIfAvailable();
        if (connection != null) {
            checks.put("redis", redisUp(connection) ? "up" : "down");
        }
        if (checks.containsValue("down")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "unavailable");
            body.put("code", "NOT_READY");
            body.put(
                    "message",
                    "Not ready: "
                            + String.join(
                                    ", ",
                                    checks.entrySet().stream()
                                            .filter(e -> e.getValue().equals("down"))
                                            .map(e -> e.getKey() + " is down")
                                            .toList())
                            + ".");
            body.put("request_id", RequestIds.current(request));
            body.put("checks", checks);
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(body);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ready");
        body.put("checks", checks);
        return ResponseEntity.ok(body);
    }

    private boolean databaseUp() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean redisUp(StatefulRedisConnection<String, byte[]> connection) {
        try {
            return "PONG".equals(connection.async().ping().get(1, TimeUnit.SECONDS));
        } catch (Exception e) {
            return false;
        }
    }
}
