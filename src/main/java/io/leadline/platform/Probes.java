package io.leadline.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lettuce.core.api.StatefulRedisConnection;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Liveness and readiness for load balancers and orchestrators; no authentication, fast timeouts.
 *
 * <p>Readiness asks the database over a connection of its own: an instance whose request pool is busy
 * to the last connection is loaded, not broken, and must not be taken out of rotation for it (which
 * would only push its load onto the others).
 */
@RestController
@Tag(name = "Probes")
class Probes implements DisposableBean {

    private final HikariDataSource probeConnection;
    private final ObjectProvider<RedisLink> redis;

    Probes(HikariDataSource dataSource, ObjectProvider<RedisLink> redis) {
        this.probeConnection = probePool(dataSource);
        this.redis = redis;
    }

    /** The request pool's database and settings, one connection, and waits bounded by a second. */
    private static HikariDataSource probePool(HikariDataSource requestPool) {
        HikariConfig config = new HikariConfig();
        requestPool.copyStateTo(config);
        config.setPoolName(requestPool.getPoolName() + "-probe");
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(1);
        config.setIdleTimeout(0); // a fixed pool of one: no idle timeout (Hikari warns when one is copied over)
        config.setConnectionTimeout(1000);
        config.setValidationTimeout(1000);
        // Start even while the database is unreachable: readiness then says so.
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    @Override
    public void destroy() {
        probeConnection.close();
    }

    @GetMapping("/api/health")
    @Operation(summary = "Liveness: 200 {\"status\":\"ok\"} while the process runs")
    @ApiResponse(
            responseCode = "200",
            description = "Alive",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            examples = @ExampleObject("{\"status\":\"ok\"}")))
    Map<String, String> health() {
        return Map.of("status", "ok");
    }

    @GetMapping("/api/ready")
    @Operation(
            summary = "Readiness: 200 {\"status\":\"ready\"} only when the database and (if configured) Redis answer")
    @ApiResponse(
            responseCode = "200",
            description = "Ready",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            examples =
                                    @ExampleObject(
                                            "{\"status\":\"ready\",\"checks\":{\"database\":\"up\",\"redis\":\"up\"}}")))
    @ApiResponse(
            responseCode = "503",
            description = "NOT_READY: the checks say which dependency is down",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            examples =
                                    @ExampleObject(
                                            "{\"status\":\"unavailable\",\"code\":\"NOT_READY\",\"message\":\"Not ready:"
                                                    + " redis is down.\",\"request_id\":\"req_…\",\"checks\":"
                                                    + "{\"database\":\"up\",\"redis\":\"down\"}}")))
    ResponseEntity<Map<String, Object>> ready(HttpServletRequest request) {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("database", databaseUp() ? "up" : "down");
        RedisLink link = redis.getIfAvailable();
        if (link != null) {
            checks.put("redis", link.commands().map(Probes::redisUp).orElse(false) ? "up" : "down");
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
        try (Connection connection = probeConnection.getConnection()) {
            return connection.isValid(1);
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
