package io.leadline.platform;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Turns {@code DATABASE_URL} into JDBC settings. Accepts the {@code postgresql://user:pass@host/db}
 * form that hosting platforms hand out, a plain {@code jdbc:} URL, or nothing (the embedded H2 file
 * database in PostgreSQL mode under the data directory).
 */
record DatabaseUrl(String jdbcUrl, String username, String password) {

    static DatabaseUrl parse(String databaseUrl, String dataDir) {
        if (databaseUrl == null || databaseUrl.isBlank()) {
            Path file = Path.of(dataDir).toAbsolutePath().normalize().resolve("leadline");
            // WRITE_DELAY=0: a commit is in the file before it returns, so an answer sent after it
            // survives a killed process. H2's default (500 ms) keeps commits in memory meanwhile: a
            // kill -9 under load lost the leads of the last 0.6 s that had been answered 201/200.
            return new DatabaseUrl(
                    "jdbc:h2:file:" + file
                            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000"
                            + ";WRITE_DELAY=0",
                    "sa",
                    "");
        }
        String url = databaseUrl.trim();
        if (url.startsWith("jdbc:")) {
            return new DatabaseUrl(url, null, null);
        }
        if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
            throw new IllegalArgumentException(
                    "DATABASE_URL must look like postgresql://user:pass@host:5432/db or jdbc:postgresql://…");
        }
        URI uri = URI.create(url);
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        String query = uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "";
        return new DatabaseUrl(
                "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query, user, password);
    }

    boolean postgres() {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
