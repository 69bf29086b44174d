package io.leadline.lead;

import java.text.Normalizer;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

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
        return text.length() > 1300 ? text.substring(0, 1300) : text;
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
                createdAt,
                now);
    }

    static String emailKey(String email) {
        return email == null || email.isBlank() ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    static String nameKey(String first, String last) {
        String key = normalise(nonNull(first) + " " + nonNull(last));
        return key.isEmpty() ? null : key;
    }

    static String phoneKey(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? null : digits;
    }

    static String normalise(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC)
                .toLowerCase(Locale.ROOT)
                .replaceAll("\\s+", " ")
                .trim();
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
