package io.leadline.workspace;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;

/**
 * A password Leadline can hash: at most {@link #MAX_BYTES} bytes in UTF-8. BCrypt reads no further
 * than that and Spring Security refuses longer input outright, so a longer one is a 400 naming the
 * field rather than an error on the way to the hash (72 letters; fewer with accents or emoji, which
 * take two to four bytes each). The length in characters is the field's own {@code @Size}, from
 * {@link #MIN_CHARS}: one rule for every way a password is set (sign-up, a change, the admin API).
 */
@Documented
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = Password.Validator.class)
public @interface Password {

    int MAX_BYTES = 72;

    /** The fewest characters of a password, wherever it is set. */
    int MIN_CHARS = 10;

    String message() default "must be at most 72 bytes in UTF-8 (fewer characters with accents or emoji)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<Password, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || value.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
        }
    }
}
