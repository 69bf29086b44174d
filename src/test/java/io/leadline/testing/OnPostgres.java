package io.leadline.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole application on a random port, on a fresh PostgreSQL database with Redis-backed rate
 * limits. Every class with this annotation shares one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PostgresDatabase.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "leadline.database-url=${leadline.test.postgres-url}",
            "leadline.redis-url=redis://127.0.0.1:6379",
            "leadline.admin-token=" + TestApi.ADMIN_TOKEN,
            "leadline.data-dir=target/test-data/postgres",
            "spring.datasource.hikari.maximum-pool-size=16",
            "leadline.webhooks.allow-private=true",
            "leadline.webhooks.allow-http=true",
            "leadline.webhooks.poll-interval=100ms",
            "leadline.webhooks.initial-backoff=200ms"
        })
public @interface OnPostgres {}
