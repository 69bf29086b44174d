package io.leadline.platform;

import java.sql.Connection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which database Leadline runs on, for the few statements that differ: PostgreSQL answers
 * {@code INSERT … RETURNING} and hands out sequence values ahead; H2 (the embedded default) does
 * neither. Read once at startup.
 */
@Component
public class Dialect {

    private final boolean postgres;

    Dialect(JdbcTemplate template) {
        this.postgres = Boolean.TRUE.equals(template.execute(
                (Connection c) -> "PostgreSQL".equals(c.getMetaData().getDatabaseProductName())));
    }

    public boolean postgres() {
        return postgres;
    }
}
