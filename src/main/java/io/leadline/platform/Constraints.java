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
}
