package io.leadline.lead;

import java.text.Normalizer;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A lead and the rules about it: how its email, name and phone are normalised for dedup and
 * search, and how a change is applied.
 */
public record Lead(
        long id,
        String publicId,
        String workspaceId,
        String projectId,
        Channel channel,
        LeadStatus status,
        String firstName,
        String lastName,
        String name,
        String email,
        String phone,
        String company,
        String website,
        String source,
        String address,
        String city,
        String state,
        String zipcode,
        Map<String, Object> attributes,
        Map<String, String> utm,
        List<String> pageTrail,
        String sourceUrl,
        String referrer,
        String createdBy,
        String assignedTo,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    /** Bounds of what merged submissions may pile up on one lead; the raw submissions keep the rest. */
    public static final int MAX_ATTRIBUTES = 100;

    public static final int MAX_UTM = 50;
    public static final int MAX_PAGE_TRAIL = 200;

    public Lead {
        attributes = attributes == null ? Map.of() : attributes;
        utm = utm == null ? Map.of() : utm;
        pageTrail = pageTrail == null ? List.of() : pageTrail;
    }

    /** Trimmed, lower-cased email: two leads of a workspace never share it. */
    public String emailKey() {
        return emailKey(email);
    }

    /**
     * Case- and space-insensitive "first last" for leads made through the private API, which the
     * document dedups by name; null for captured leads, which dedup by email or phone only.
     */
    public String nameKey() {
        return channel == Channel.API ? nameKey(firstName, lastName) : null;
    }

    /** The digits of the phone number, so "+1 555-123" and "1555123" match. */
    public String phoneKey() {
        return phoneKey(phone);
    }

    /** Lower-cased name, email and company joined, for free-text search. */
    public String searchText() {
        String text = normalise(String.join(
                " ", nonNull(firstName), nonNull(lastName), nonNull(name), nonNull(email), nonNull(company)));
        return clip(text, 1300);
    }

    /** The name to show: the full name of the document, else the captured name. */
    public String displayName() {
        if (firstName != null || lastName != null) {
            return (nonNull(firstName) + " " + nonNull(lastName)).trim();
        }
        return name;
    }

    /**
     * Leads of the private API keep a first and a last name: the document requires both and dedups
     * on them. Captured leads may have neither.
     */
    public boolean hasRequiredNames() {
        return channel != Channel.API
                || (firstName != null && !firstName.isBlank() && lastName != null && !lastName.isBlank());
    }

    public Lead withStatus(LeadStatus newStatus, OffsetDateTime now) {
        return new Lead(
                id,
                publicId,
                workspaceId,
                projectId,
                channel,
                newStatus,
                firstName,
                lastName,
                name,
                email,
                phone,
                company,
                website,
                source,
                address,
                city,
                state,
                zipcode,
                attributes,
                utm,
                pageTrail,
                sourceUrl,
                referrer,
                createdBy,
                assignedTo,
                createdAt,
                now);
    }

    /** A new lead made from its first captured submission. */
    static Lead captured(String publicId, String workspaceId, CapturedLead c, OffsetDateTime now) {
        return new Lead(
                0,
                publicId,
                workspaceId,
                c.projectId(),
                c.channel(),
                LeadStatus.NEW,
                null,
                null,
                c.name(),
                c.email(),
                c.phone(),
                c.company(),
                null,
                c.source(),
                null,
                null,
                null,
                null,
                mergeMap(Map.of(), c.attributes(), MAX_ATTRIBUTES),
                mergeMap(Map.of(), c.utm(), MAX_UTM),
                extendTrail(List.of(), c.pageTrail()),
                c.sourceUrl(),
                c.referrer(),
                null,
                null,
                now,
                now);
    }

    /**
     * Joins a later submission of the same person to this lead. What the lead already holds wins:
     * empty fields are filled, attributes and UTM gain only keys they lack (UTM thereby keeps the first
     * touch), and the page trail is extended by the pages not already at its end. Status, owner,
     * channel and project stay as they are.
     */
    public Lead absorb(CapturedLead c, OffsetDateTime now) {
        return new Lead(
                id,
                publicId,
                workspaceId,
                projectId,
                channel,
                status,
                firstName,
                lastName,
                fill(name, c.name()),
                fill(email, c.email()),
                fill(phone, c.phone()),
                fill(company, c.company()),
                website,
                source,
                address,
                city,
                state,
                zipcode,
                mergeMap(attributes, c.attributes(), MAX_ATTRIBUTES),
                mergeMap(utm, c.utm(), MAX_UTM),
                extendTrail(pageTrail, c.pageTrail()),
                fill(sourceUrl, c.sourceUrl()),
                fill(referrer, c.referrer()),
                createdBy,
                assignedTo,
                createdAt,
                now);
    }

    Lead withId(long newId) {
        return new Lead(
                newId,
                publicId,
                workspaceId,
                projectId,
                channel,
                status,
                firstName,
                lastName,
                name,
                email,
                phone,
                company,
                website,
                source,
                address,
                city,
                state,
                zipcode,
                attributes,
                utm,
                pageTrail,
                sourceUrl,
                referrer,
                createdBy,
                assignedTo,
                createdAt,
                updatedAt);
    }

    private static String fill(String current, String offered) {
        return current == null || current.isBlank() ? offered : current;
    }

    /** The current entries, then offered keys not yet present, up to {@code max} keys in all. */
    static <V> Map<String, V> mergeMap(Map<String, V> current, Map<String, V> offered, int max) {
        Map<String, V> out = new LinkedHashMap<>(current);
        for (Map.Entry<String, V> e : offered.entrySet()) {
            if (out.size() >= max) {
                break;
            }
            out.putIfAbsent(e.getKey(), e.getValue());
        }
        return out;
    }

    /**
     * The trail followed by the offered pages, minus the longest run the trail already ends with (the
     * capture script resends the whole trail it remembers); only the latest {@link #MAX_PAGE_TRAIL}
     * pages are kept.
     */
    static List<String> extendTrail(List<String> trail, List<String> offered) {
        int overlap = 0;
        for (int k = Math.min(trail.size(), offered.size()); k > 0; k--) {
            if (trail.subList(trail.size() - k, trail.size()).equals(offered.subList(0, k))) {
                overlap = k;
                break;
            }
        }
        List<String> out = new ArrayList<>(trail);
        out.addAll(offered.subList(overlap, offered.size()));
        return out.size() > MAX_PAGE_TRAIL ? List.copyOf(out.subList(out.size() - MAX_PAGE_TRAIL, out.size())) : out;
    }

    /** The source as the source filter compares it: trimmed, lower case ("Website " is "website"). */
    public String sourceKey() {
        return sourceKey(source);
    }

    static String sourceKey(String source) {
        return source == null || source.isBlank() ? null : clip(source.strip().toLowerCase(Locale.ROOT), 255);
    }

    static String emailKey(String email) {
        return email == null || email.isBlank() ? null : clip(email.trim().toLowerCase(Locale.ROOT), 255);
    }

    static String nameKey(String first, String last) {
        String key = clip(normalise(nonNull(first) + " " + nonNull(last)), 520);
        return key.isEmpty() ? null : key;
    }

    /** A tag's name as tags are told apart (case, spacing and invisible characters ignored). */
    static String tagKey(String name) {
        return clip(normalise(name), 100);
    }

    /**
     * {@code key} cut to the {@code max} characters its column holds. Normalising can lengthen text
     * ("…" is "...", "ﬃ" is "ffi", "İ" lower-cased is two characters), so a name within its limit can
     * make a longer key; two keys that agree in their first {@code max} characters count as the same.
     */
    static String clip(String key, int max) {
        if (key.length() <= max) {
            return key;
        }
        int end = Character.isHighSurrogate(key.charAt(max - 1)) ? max - 1 : max;
        return key.substring(0, end);
    }

    /**
     * The digits leads are matched and found by. Written internationally ({@code +44…} or {@code
     * 0044…}), a number's key is its international digits: the {@code 00} call prefix is dropped
     * and so is a trunk zero in parentheses after the country code ({@code +44 (0) 7700 900555}),
     * so the forms people type meet the form WhatsApp sends ({@code 447700900555}). V51 brings
     * stored keys to this rule.
     *
     * <p>Two mobile forms of the largest WhatsApp markets are keyed as the number people dial today,
     * because WhatsApp still sends the old form for many accounts (V55 brings stored keys along): a
     * Mexican mobile with the {@code 1} after {@code 52} that Mexico dropped in 2019 ({@code
     * 5215512345678} → {@code 525512345678}), and a Brazilian mobile without the ninth digit added by
     * 2016 ({@code 551187654321} → {@code 5511987654321}; eight digits from 6 up are a mobile,
     * landlines start at 2 to 5, so no landline changes).
     */
    static String phoneKey(String phone) {
        if (phone == null) {
            return null;
        }
        String p = phone.strip();
        boolean callPrefix = p.startsWith("00");
        boolean international = callPrefix || p.startsWith("+");
        if (international) {
            p = TRUNK_ZERO.matcher(p).replaceFirst("");
        }
        String digits = NON_DIGITS.matcher(p).replaceAll("");
        if (callPrefix) {
            digits = digits.substring(2);
        }
        if (international && MEXICAN_MOBILE_WITH_1.matcher(digits).matches()) {
            digits = "52" + digits.substring(3);
        } else if (international && BRAZILIAN_MOBILE_WITHOUT_9.matcher(digits).matches()) {
            digits = digits.substring(0, 4) + "9" + digits.substring(4);
        }
        return digits.isEmpty() ? null : digits;
    }

    /**
     * Text as it is compared: compatibility forms folded (NFKC), invisible format characters (zero-width
     * spaces and joiners, soft hyphens) dropped, lower case, runs of space as one.
     */
    static String normalise(String s) {
        String folded =
                FORMAT.matcher(Normalizer.normalize(s, Normalizer.Form.NFKC)).replaceAll("");
        return SPACES.matcher(folded.toLowerCase(Locale.ROOT)).replaceAll(" ").trim();
    }

    /**
     * What an email address may not contain besides {@code @}, whitespace and dots: controls (C0, C1),
     * no-break, Ogham and the other wide spaces, the soft hyphen, zero-width and direction marks, line
     * and paragraph separators, embedding and override controls, word joiners and isolates, the byte
     * order mark — invisible characters that would make a second lead for an address that looks the
     * same. Written as {@code \\u} escapes, not {@code \\p{…}} classes, so that the pattern the API
     * document publishes reads the same in JavaScript and Python as in Java.
     */
    private static final String NOT_IN_EMAIL =
            "@\\s.\\u0000-\\u001f\\u007f-\\u00a0\\u00ad\\u1680\\u180e\\u2000-\\u200f\\u2028-\\u202f\\u205f-\\u206f"
                    + "\\u3000\\ufeff";

    private static final String PART = "[^" + NOT_IN_EMAIL + "]";
    private static final String EDGE = "[^" + NOT_IN_EMAIL + "\\-]";

    /**
     * An email address as every way into a lead accepts it (private API create and PATCH, capture,
     * the dashboard): {@code local@domain.tld} with at most 64 characters before the {@code @}, no
     * whitespace or invisible character ({@link #NOT_IN_EMAIL}), no empty, leading, trailing or
     * doubled dots, and domain labels that neither start nor end with a hyphen.
     */
    // The first lookahead bounds the length before anything else is tried: the domain's repeated
    // group recurses once per label, and thousands of labels overflowed the stack (a 500).
    public static final String EMAIL = "^(?=.{3,255}$)(?=[^@]{1,64}@)" + PART + "+(?:\\." + PART + "+)*@(?:" + EDGE
            + "(?:" + PART + "*" + EDGE + ")?\\.)+" + EDGE + "(?:" + PART + "*" + EDGE + ")?$";

    private static final Pattern EMAIL_PATTERN = Pattern.compile(EMAIL);

    /** Whether {@code s} is an email address Leadline accepts on a lead ({@link #EMAIL}). */
    public static boolean isEmail(String s) {
        return s != null && EMAIL_PATTERN.matcher(s).matches();
    }

    private static final Pattern FORMAT = Pattern.compile("\\p{Cf}");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern NON_DIGITS = Pattern.compile("[^0-9]");
    private static final Pattern TRUNK_ZERO = Pattern.compile("\\(\\s*0\\s*\\)");
    private static final Pattern MEXICAN_MOBILE_WITH_1 = Pattern.compile("521[0-9]{10}");
    /** Country 55, an area code (no digit 0), eight digits from 6 up. */
    private static final Pattern BRAZILIAN_MOBILE_WITHOUT_9 = Pattern.compile("55[1-9]{2}[6-9][0-9]{7}");

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
