package io.leadline.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Debian's headless Chromium and its chromedriver, which the browser tests drive (nothing is
 * downloaded at test time). Without them the class fails under CI=true and is skipped loudly
 * elsewhere ({@link Prerequisite}), as {@link PostgresDatabase} does without PostgreSQL.
 */
public final class Chromium implements BeforeAllCallback {

    public static final Path BINARY = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @Override
    public void beforeAll(ExtensionContext context) {
        if (Files.isExecutable(BINARY) && Files.isExecutable(DRIVER)) {
            return;
        }
        Prerequisite.missing(context, BINARY + " or " + DRIVER + " missing (.ci/browser installs them)");
    }
}
