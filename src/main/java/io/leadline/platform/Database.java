package io.leadline.platform;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one DataSource, built from {@code DATABASE_URL}; pool settings come from spring.datasource.hikari. */
@Configuration(proxyBeanMethods = false)
class Database {

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(PlatformSettings settings) {
        DatabaseUrl url = DatabaseUrl.parse(settings.databaseUrl(), settings.dataDir());
        if (url.jdbcUrl().startsWith("jdbc:h2:file:")) {
            createOwnerOnly(Path.of(settings.dataDir()));
        }
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url.jdbcUrl());
        if (url.username() != null) {
            dataSource.setUsername(url.username());
        }
        if (url.password() != null) {
            dataSource.setPassword(url.password());
        }
        if (url.postgres()) {
            // A stuck database must not pile up threads: bound every statement and lock wait on the
            // server, and every connect and read on the client (a read outlives the longest statement).
            // A stuck instance must not stall the others: its transaction is ended once it has left
            // it idle for 5 s (a long pause, a frozen VM, a network partition), well before another
            // instance's lock wait gives up. Without it, an instance frozen inside a capture batch
            // held the workspace's usage row, and every instance's writes of that workspace waited for
            // as long as the freeze. Leadline never waits on anything else inside a transaction.
            dataSource.addDataSourceProperty(
                    "options",
                    "-c statement_timeout=15000 -c lock_timeout=10000 -c idle_in_transaction_session_timeout=5000");
            dataSource.addDataSourceProperty("connectTimeout", "2");
            dataSource.addDataSourceProperty("socketTimeout", "20");
            dataSource.addDataSourceProperty("tcpKeepAlive", "true");
            dataSource.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        dataSource.setPoolName("leadline");
        return dataSource;
    }

    /**
     * Creates the data directory, when missing, readable by this user only: the H2 file holds
     * project keys, webhook and WhatsApp secrets, password hashes and every lead, and the process's
     * umask (commonly 022) would leave it world-readable. An existing directory is left as it is.
     */
    static void createOwnerOnly(Path dir) {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            createPlain(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + dir, e);
        }
    }

    private static void createPlain(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + dir, e);
        }
    }
}
