package io.leadline.lead;

import java.util.List;
import java.util.Map;

/**
 * What one submission through a capture channel (a web form, a WhatsApp message) says about a
 * person, already validated and trimmed by that channel. Absent values are null or empty.
 *
 * @param source the lead's {@code source} when this submission creates it (e.g. {@code whatsapp});
 *     joining an existing lead never changes its source
 */
public record CapturedLead(
        Channel channel,
        String projectId,
        String name,
        String email,
        String phone,
        Map<String, Object> attributes,
        Map<String, String> utm,
        List<String> pageTrail,
        String sourceUrl,
        String referrer,
        String source) {

    public CapturedLead {
        attributes = attributes == null ? Map.of() : attributes;
        utm = utm == null ? Map.of() : utm;
        pageTrail = pageTrail == null ? List.of() : pageTrail;
    }

    /** A submission that sets no source (web captures). */
    public CapturedLead(
            Channel channel,
            String projectId,
            String name,
            String email,
            String phone,
            Map<String, Object> attributes,
            Map<String, String> utm,
            List<String> pageTrail,
            String sourceUrl,
            String referrer) {
        this(channel, projectId, name, email, phone, attributes, utm, pageTrail, sourceUrl, referrer, null);
    }

    /** The kind of the lead's timeline entry for this submission: a WhatsApp message reads as one. */
    String timelineKind() {
        return channel == Channel.WHATSAPP ? "whatsapp_message" : "submission";
    }

    /** Attribute names a form's company field goes by (compared ignoring case). */
    private static final List<String> COMPANY_ATTRIBUTES =
            List.of("company", "company_name", "companyname", "organization", "organisation");

    /**
     * The company a form sent as an attribute ({@code company}, {@code company_name}, {@code
     * organization} …): it becomes the lead's company when the lead has none, so it is searched,
     * listed and exported like a company typed in. The attribute stays as sent.
     */
    String company() {
        for (Map.Entry<String, Object> a : attributes.entrySet()) {
            if (COMPANY_ATTRIBUTES.contains(a.getKey().toLowerCase(java.util.Locale.ROOT))
                    && a.getValue() instanceof String s
                    && !s.isBlank()) {
                return Lead.clip(s.strip(), 255);
            }
        }
        return null;
    }

    String emailKey() {
        return Lead.emailKey(email);
    }

    String phoneKey() {
        return Lead.phoneKey(phone);
    }
}
