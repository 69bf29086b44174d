package io.leadline.lead;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one submission through a capture channel (a web form, a WhatsApp message) says about a
 * person, already validated and trimmed by that channel. Absent values are null or empty.
 *
 * @param source the lead's {@code source} when this submission creates it (e.g. {@code whatsapp});
 *     joining an existing lead never changes its source
 * @param answers what the person typed into a form inside the channel (a WhatsApp Flow): it fills
 *     the lead but never decides which lead the submission joins
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
        String source,
        Answers answers) {

    /** Bounds of what a capture may say, shared by every channel (the public capture API refuses more). */
    public static final int MAX_NAME = 255;

    public static final int MAX_EMAIL = 255;
    public static final int MAX_PHONE = 50;
    public static final int MAX_ATTRIBUTES = 50;
    public static final int MAX_ATTRIBUTE_KEY = 100;
    public static final int MAX_ATTRIBUTE_TEXT = 2000;
    public static final int MAX_NUMBER_DIGITS = 1000;

    /**
     * A name, email and phone a person typed into a form inside a channel (a WhatsApp Flow), each
     * valid or null. Unlike {@link CapturedLead#email()} and {@link CapturedLead#phone()} they never
     * find the lead the submission joins (the channel knows its sender by other means); they fill the
     * lead's empty fields, the name before the channel's own (a profile name). An email that is not
     * the lead's email afterwards — another lead of the workspace holds it, or the lead has another —
     * is kept as the attribute {@code emailAttribute} instead (when not null). Read by {@link
     * Leads#capture}.
     */
    public record Answers(String name, String email, String phone, String emailAttribute) {
        public static final Answers NONE = new Answers(null, null, null, null);
    }

    public CapturedLead {
        attributes = attributes == null ? Map.of() : attributes;
        utm = utm == null ? Map.of() : utm;
        pageTrail = pageTrail == null ? List.of() : pageTrail;
        answers = answers == null ? Answers.NONE : answers;
    }

    /** A submission without typed answers. */
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
            String referrer,
            String source) {
        this(channel, projectId, name, email, phone, attributes, utm, pageTrail, sourceUrl, referrer, source, null);
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

    /** The key of the answered email when it is offered to fill the lead (the channel sent none). */
    String answeredEmailKey() {
        return email == null ? Lead.emailKey(answers.email()) : null;
    }

    /**
     * This submission with its answers in the lead's fields: the answered name before the channel's,
     * the channel's own email and phone before the answered ones, and the answered email as the
     * attribute {@link Answers#emailAttribute()} instead when {@code emailElsewhere} (it is not to be
     * the lead's email).
     */
    CapturedLead answered(boolean emailElsewhere) {
        Map<String, Object> attrs = attributes;
        if (emailElsewhere && email == null && answers.email() != null && answers.emailAttribute() != null) {
            attrs = new LinkedHashMap<>(attributes);
            attrs.putIfAbsent(answers.emailAttribute(), answers.email());
        }
        return new CapturedLead(
                channel,
                projectId,
                answers.name() != null ? answers.name() : name,
                email != null ? email : emailElsewhere ? null : answers.email(),
                phone != null ? phone : answers.phone(),
                attrs,
                utm,
                pageTrail,
                sourceUrl,
                referrer,
                source,
                Answers.NONE);
    }

    String phoneKey() {
        return Lead.phoneKey(phone);
    }
}
