package io.leadline.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole application on a random port on the zero-setup default: an H2 file database in a fresh
 * data directory, in-process rate limits. Every class with this annotation shares one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "leadline.database-url=",
            "leadline.redis-url=",
            "leadline.admin-token=" + TestApi.ADMIN_TOKEN,
            "leadline.data-dir=target/test-data/h2-${random.uuid}",
            "spring.datasource.hikari.maximum-pool-size=16"
        })
public @interface OnH2 {}
