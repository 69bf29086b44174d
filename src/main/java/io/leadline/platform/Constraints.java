package io.leadline.platform;

import java.util.Locale;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Which unique constraint a write ran into. PostgreSQL and H2 both name the constraint in the
 * message (H2 in upper or lower case), so a case-insensitive look is the one dialect difference.
 */
public final class Constraints {

    private Constraints() {}

    public static boolean violated(DataIntegrityViolationException ex, String constraint) {
        String wanted = constraint.toLowerCase(Locale.ROOT);
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t.getMessage() != null
                    && t.getMessage().toLowerCase(Locale.ROOT).contains(wanted)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a batch that failed as a whole is worth deciding again item by item: it failed on a
     * conflict with a concurrent writer (a constraint, a deadlock, a row that appeared meanwhile) or on something one of its items brought (a value the database refused, a bug), so
     * that one bad item fails only its own request — but not when the database itself is unreachable or
     * timed out, a lock held past the lock timeout included ({@link ErrorHandling#serviceUnavailable}),
     * where retrying each item would only multiply the wait.
     */
    public static boolean conflict(RuntimeException e) {
        return e instanceof DataIntegrityViolationException
                || e instanceof org.springframework.dao.ConcurrencyFailureException
                || !ErrorHandling.serviceUnavailable(e);
    }
}
