import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark's yardsticks (scripts/bench.sh --baseline, docs/performance.md): the least a Spring
 * Boot 4 service on this machine can do per lead, with none of Leadline's rules (no key, limit,
 * plan, dedup, timeline, webhook, request id or metrics). Same libraries, JVM flags, virtual threads
 * and connection pool as Leadline; the same request body (scripts/bench/private.lua) and the same
 * lead-shaped table as the raw pgbench row (bench_raw). Three endpoints:
 *
 * <ul>
 *   <li>{@code POST /bare/api/v1/leads}: parse the JSON, answer 201 without a database;
 *   <li>{@code POST /naive/api/v1/leads}: one INSERT (one transaction) per request;
 *   <li>{@code POST /batched/api/v1/leads}: group commit, as Leadline does it — concurrent requests
 *       share one multi-row INSERT and one commit, each answered after the commit.
 * </ul>
 *
 * Not part of Leadline: compiled and started by scripts/bench.sh against the jar's own libraries.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({
    TomcatServletWebServerAutoConfiguration.class,
    DispatcherServletAutoConfiguration.class,
    WebMvcAutoConfiguration.class,
    HttpMessageConvertersAutoConfiguration.class,
    JacksonAutoConfiguration.class,
    DataSourceAutoConfiguration.class,
    DataSourceTransactionManagerAutoConfiguration.class,
    JdbcTemplateAutoConfiguration.class
})
@Import(Baseline.Endpoints.class)
public class Baseline {

    public static void main(String[] args) {
        SpringApplication.run(Baseline.class, args);
    }

    /** The fields of scripts/bench/private.lua's body. */
    public record Lead(
            String firstName, String lastName, String email, String phone, String company, String source, String city) {}

    static final String COLUMNS = "(public_id, workspace_id, channel, status, first_name, last_name, email, phone,"
            + " company, source, city, email_key, name_key, phone_key, search_text, created_at, updated_at)";
    static final String ROW = "(?, 'ws_baseline', 'API', 'NEW', ?, ?, ?, ?, ?, ?, ?, lower(?), lower(? || ' ' || ?),"
            + " '15550100', lower(? || ' ' || ? || ' ' || coalesce(?, '')), now(), now())";

    static Object[] values(Lead l, String publicId) {
        return new Object[] {
            publicId, l.firstName(), l.lastName(), l.email(), l.phone(), l.company(), l.source(), l.city(),
            l.email(), l.firstName(), l.lastName(), l.firstName(), l.lastName(), l.email()
        };
    }

    @RestController
    static class Endpoints {
        private final JdbcTemplate jdbc;
        private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

        record Pending(Lead lead, String publicId, CompletableFuture<Long> done) {}

        Endpoints(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
            // Four drainers: a batch inserts while the previous one commits.
            for (int i = 0; i < 4; i++) {
                Thread.ofPlatform().daemon().name("batch-" + i).start(this::drain);
            }
        }

        @PostMapping("/bare/api/v1/leads")
        ResponseEntity<Map<String, Object>> bare(@RequestBody Lead lead) {
            return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", publicId(), "email", lead.email()));
        }

        @PostMapping("/naive/api/v1/leads")
        ResponseEntity<Map<String, Object>> naive(@RequestBody Lead lead) {
            String publicId = publicId();
            Long id = jdbc.queryForObject(
                    "insert into bench_raw " + COLUMNS + " values " + ROW + " returning id",
                    Long.class,
                    values(lead, publicId));
            return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", publicId, "number", id));
        }

        @PostMapping("/batched/api/v1/leads")
        ResponseEntity<Map<String, Object>> batched(@RequestBody Lead lead) {
            String publicId = publicId();
            CompletableFuture<Long> done = new CompletableFuture<>();
            queue.add(new Pending(lead, publicId, done));
            Long id = done.join();
            return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", publicId, "number", id));
        }

        private void drain() {
            List<Pending> batch = new ArrayList<>();
            while (true) {
                try {
                    batch.add(queue.poll(1, TimeUnit.DAYS));
                } catch (InterruptedException e) {
                    return;
                }
                queue.drainTo(batch, 127);
                try {
                    StringBuilder sql = new StringBuilder("insert into bench_raw " + COLUMNS + " values ");
                    List<Object> args = new ArrayList<>();
                    for (int i = 0; i < batch.size(); i++) {
                        sql.append(i == 0 ? "" : ", ").append(ROW);
                        args.addAll(List.of(values(batch.get(i).lead(), batch.get(i).publicId())));
                    }
                    // Autocommit: one statement is one transaction.
                    List<Long> ids = jdbc.queryForList(sql + " returning id", Long.class, args.toArray());
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).done().complete(ids.get(i));
                    }
                } catch (RuntimeException e) {
                    batch.forEach(p -> p.done().completeExceptionally(e));
                }
                batch.clear();
            }
        }

        private static String publicId() {
            // Leadline's public ids have 24 random characters after the prefix.
            return "ld_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        }
    }
}
