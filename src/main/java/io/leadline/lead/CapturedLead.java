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

    String emailKey() {
        return Lead.emailKey(email);
    }

    String phoneKey() {
        return Lead.phoneKey(phone);
    }
}
