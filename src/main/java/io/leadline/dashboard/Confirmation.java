package io.leadline.dashboard;

import java.util.Map;
import org.springframework.ui.Model;

/**
 * A question a destructive dashboard action asks before it acts. The page's script asks it in a
 * dialog (the form's {@code data-confirm}) and then sends the form with {@code confirmed=yes}; a form
 * that arrives without it (no script: blocked, off, or a plain HTML client) is answered with a page
 * that asks the same question and sends the same form again, confirmed — so nothing is revoked,
 * rotated or deleted by one stray click either way.
 *
 * @param question the page's heading
 * @param detail what acting does, as the dialog says it
 * @param action where the confirmed form goes (the same path it came to)
 * @param button the label of the button that acts
 * @param cancel where "Cancel" leads back to
 * @param fields the form's other fields, sent again unchanged
 * @param active the navigation entry the page belongs to
 */
record Confirmation(
        String question,
        String detail,
        String action,
        String button,
        String cancel,
        Map<String, String> fields,
        String active) {

    /** The value the dialog and the page send in {@code confirmed}. */
    static final String YES = "yes";

    static boolean given(String confirmed) {
        return YES.equals(confirmed);
    }

    Confirmation(String question, String detail, String action, String button, String cancel, String active) {
        this(question, detail, action, button, cancel, Map.of(), active);
    }

    /** Renders the page that asks. */
    String ask(Model model) {
        model.addAttribute("confirmation", this);
        return "app/confirm";
    }
}
