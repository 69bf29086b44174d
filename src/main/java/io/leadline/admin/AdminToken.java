package io.leadline.admin;

import io.leadline.platform.Ids;
import io.leadline.platform.PlatformSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The operator's token: {@code LEADLINE_ADMIN_TOKEN}, or else one generated at first start, printed
 * once and kept in the data directory ({@code admin-token}, readable by the owner only).
 */
@Component
class AdminToken {

    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);
    private final byte[] token;

    AdminToken(@Value("${leadline.admin-token:}") String configured, PlatformSettings settings) {
        this.token = resolve(configured, Path.of(settings.dataDir())).getBytes(StandardCharsets.UTF_8);
    }

    /** Constant-time comparison with the presented token. */
    boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    private static String resolve(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        Path file = dataDir.resolve("admin-token");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            Files.createDirectories(dataDir);
            String generated = "ll_admin_" + Ids.random(40);
            try {
                // Created owner-only from the start: no moment in which others could read it.
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, generated + "\n");
            log.warn(
                    "\n\n    No LEADLINE_ADMIN_TOKEN set: generated an admin token (shown once, kept in {}):\n\n    {}\n",
                    file.toAbsolutePath(),
                    generated);
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the admin token in " + dataDir, e);
        }
    }
}
