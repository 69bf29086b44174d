package io.leadline.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Debian's headless Chromium and its chromedriver, which the browser tests drive (nothing is
 * downloaded at test time). Without them: under CI=true the run fails; elsewhere the class is
 * skipped and the skip is printed, as {@link PostgresDatabase} does without PostgreSQL, so the
 * README's test command still passes on a machine that has not run {@code .ci/browser}.
 */
public final class Chromium implements BeforeAllCallback {

    public static final Path BINARY = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @Override
    public void beforeAll(ExtensionContext context) {
        if (Files.isExecutable(BINARY) && Files.isExecutable(DRIVER)) {
            return;
        }
        String problem = BINARY + " or " + DRIVER + " missing (.ci/browser installs them)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true and " + problem);
        }
        System.err.println("\n*** SKIPPING " + context.getDisplayName() + ": " + problem + " ***\n");
        Assumptions.abort(problem);
    }
}
