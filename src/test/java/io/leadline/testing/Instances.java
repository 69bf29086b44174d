package io.leadline.testing;

import io.leadline.LeadlineApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Whole application instances started by a test, on the test's PostgreSQL database and Redis (or
 * on proxies in front of them), each on a port of its own. Settings go as command-line arguments,
 * which win over application.yml.
 */
public final class Instances {

    private Instances() {}

    /** The test database's JDBC URL through another port (a {@link TcpProxy}), or direct for 5432. */
    public static String databaseUrl(int port) {
        return System.getProperty("leadline.test.postgres-url").replace("127.0.0.1:5432/", "127.0.0.1:" + port + "/");
    }

    public static String redisUrl(int port) {
        return "redis://127.0.0.1:" + port;
    }

    public static ConfigurableApplicationContext startOn(String databaseUrl, String redisUrl, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--leadline.database-url=" + databaseUrl,
                "--leadline.redis-url=" + redisUrl,
                "--leadline.admin-token=" + TestApi.ADMIN_TOKEN,
                "--leadline.data-dir=target/test-data/instances",
                "--spring.datasource.hikari.maximum-pool-size=8",
                "--leadline.webhooks.worker-enabled=false"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(LeadlineApplication.class).run(args.toArray(String[]::new));
    }

    public static ConfigurableApplicationContext start(String... more) {
        return startOn(databaseUrl(5432), redisUrl(6379), more);
    }

    public static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public static TestApi api(ConfigurableApplicationContext context) {
        return new TestApi(port(context));
    }
}
