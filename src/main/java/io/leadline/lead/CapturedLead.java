package io.leadline.lead;

import java.util.List;
import java.util.Map;

/**
 * What one submission through a capture channel (a web form; later WhatsApp) says about a person,
 * already validated and trimmed by that channel. Absent values are null or empty.
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
        String referrer) {

    public CapturedLead {
        attributes = attributes == null ? Map.of() : attributes;
        utm = utm == null ? Map.of() : utm;
        pageTrail = pageTrail == null ? List.of() : pageTrail;
    }

    String emailKey() {
        return Lead.emailKey(email);
    }

    String phoneKey() {
        return Lead.phoneKey(phone);
    }
}
