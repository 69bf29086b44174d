package io.leadline.testing;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test class does when something it needs from the machine is missing: under CI=true the run
 * fails; elsewhere the class is skipped and the skip is printed, so the README's test command still
 * passes on a machine without it.
 */
final class Prerequisite {

    private Prerequisite() {}

    static void missing(ExtensionContext context, String problem) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true and " + problem);
        }
        System.err.println("\n*** SKIPPING " + context.getDisplayName() + ": " + problem + " ***\n");
        Assumptions.abort(problem);
    }
}
