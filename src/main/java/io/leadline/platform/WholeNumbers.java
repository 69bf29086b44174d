package io.leadline.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.beans.PropertyEditorSupport;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Whole-number query and path parameters of the JSON APIs ({@code ?limit=}, a delivery id) are plain
 * decimal digits 0-9, nothing else: Spring would read {@code 0x10} and {@code #a} as hexadecimal,
 * accept a sign, surrounding spaces and other scripts' digits. Anything else is a 400
 * VALIDATION_FAILED naming the parameter (through {@link ErrorHandling}); an empty value is absent.
 * None of them takes a negative value, so no minus sign either.
 */
@ControllerAdvice
class WholeNumbers {

    static final String NOT_DIGITS = "must be a whole number written with the digits 0-9";
    static final String OUT_OF_RANGE = "is out of range";
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    @InitBinder
    void strictWholeNumbers(WebDataBinder binder, HttpServletRequest request) {
        if (!request.getRequestURI().startsWith("/api/")) {
            return;
        }
        binder.registerCustomEditor(Integer.class, new Editor(Integer::valueOf));
        binder.registerCustomEditor(int.class, new Editor(Integer::valueOf));
        binder.registerCustomEditor(Long.class, new Editor(Long::valueOf));
        binder.registerCustomEditor(long.class, new Editor(Long::valueOf));
    }

    /** Why a parameter value was refused, as the end of a field error. */
    static final class Refused extends IllegalArgumentException {
        Refused(String problem) {
            super(problem, null);
        }
    }

    private static final class Editor extends PropertyEditorSupport {
        private final Function<String, Number> parse;

        Editor(Function<String, Number> parse) {
            this.parse = parse;
        }

        @Override
        public void setAsText(String text) {
            if (text == null || text.isEmpty()) {
                setValue(null);
                return;
            }
            if (!DIGITS.matcher(text).matches()) {
                throw new Refused(NOT_DIGITS);
            }
            try {
                setValue(parse.apply(text));
            } catch (NumberFormatException e) {
                throw new Refused(OUT_OF_RANGE);
            }
        }
    }
}
