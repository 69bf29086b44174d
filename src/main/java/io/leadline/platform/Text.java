package io.leadline.platform;

/**
 * Text Leadline refuses to store: a NUL character (PostgreSQL's text and jsonb cannot hold it; H2
 * can, so the two databases would disagree) or half of a UTF-16 surrogate pair (not Unicode: it
 * cannot be encoded as UTF-8, so PostgreSQL would keep a "?" while the answer echoed the original,
 * and strict JSON readers refuse a page that carries it).
 */
public final class Text {

    private Text() {}

    /**
     * {@code text} made storable, for text Leadline records rather than accepts (what a webhook
     * receiver answered, an error message): NUL characters dropped, unpaired surrogates replaced by
     * U+FFFD. Null stays null.
     */
    public static String storable(String text) {
        if (text == null || problem(text) == null) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    /** What is wrong with {@code text}, as the end of a field error ("must …"); null when nothing. */
    public static String problem(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "must not contain NUL characters";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must not contain unpaired surrogate characters";
            }
        }
        return null;
    }
}
