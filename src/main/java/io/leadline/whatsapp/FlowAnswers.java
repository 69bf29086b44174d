package io.leadline.whatsapp;

import io.leadline.lead.CapturedLead;
import io.leadline.lead.Lead;
import io.leadline.platform.Text;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * What a completed WhatsApp Flow ({@code interactive} {@code nfm_reply}, its answers in {@code
 * response_json}) says about the person, for their lead. Answers whose key names a lead field —
 * compared ignoring case, {@code _}, {@code -} and spaces — fill that field when their value is one
 * the capture API accepts there; every other answer that is a string, number or boolean becomes the
 * attribute {@code flow_<key>}, within the capture API's bounds. The {@code flow_token} (the
 * business's own reference), nulls, empty texts, nested objects and arrays are not put on the lead:
 * the timeline entry and the stored message keep them.
 *
 * @param fields the name, email and phone the Flow gave (each valid or null)
 * @param attributes the other answers, as {@code flow_<key>}, in the Flow's order
 */
record FlowAnswers(CapturedLead.Answers fields, Map<String, Object> attributes) {

    static final String PREFIX = "flow_";
    /** Where a Flow's email goes when it cannot be the lead's email (another lead has it). */
    static final String EMAIL_ATTRIBUTE = PREFIX + "email";

    static final FlowAnswers NONE = new FlowAnswers(CapturedLead.Answers.NONE, Map.of());

    /** The lead fields a Flow answer may fill. */
    enum Field {
        EMAIL,
        NAME,
        FIRST_NAME,
        LAST_NAME,
        PHONE
    }

    private static final Pattern IGNORED_IN_KEYS = Pattern.compile("[_\\-\\s]");
    private static final Pattern DIGIT = Pattern.compile(".*[0-9].*");

    /**
     * The lead field an answer's key names: {@code email}, {@code e_mail}, {@code email_address};
     * {@code name}, {@code full_name}, {@code fullname}; {@code first_name}, {@code last_name}; {@code
     * phone}, {@code phone_number}, {@code mobile} — ignoring case, {@code _}, {@code -} and spaces.
     * Null for any other key.
     */
    static Field field(String key) {
        if (key == null) {
            return null;
        }
        return switch (IGNORED_IN_KEYS.matcher(key.toLowerCase(Locale.ROOT)).replaceAll("")) {
            case "email", "emailaddress" -> Field.EMAIL;
            case "name", "fullname" -> Field.NAME;
            case "firstname" -> Field.FIRST_NAME;
            case "lastname" -> Field.LAST_NAME;
            case "phone", "phonenumber", "mobile" -> Field.PHONE;
            default -> null;
        };
    }

    /**
     * The Flow's answers read for the lead; {@link #NONE} when {@code answers} is not a JSON object.
     * For each field the first valid answer wins: an email the capture API accepts ({@link
     * Lead#isEmail}), a name of at most {@value CapturedLead#MAX_NAME} characters (a {@code name} or
     * {@code full_name}, else the {@code first_name} and {@code last_name} joined), a phone of at most
     * {@value CapturedLead#MAX_PHONE} characters with a digit. An answer that is not valid for its
     * field is treated like any other answer (an attribute), so what the person typed stays on the
     * lead.
     */
    static FlowAnswers of(JsonNode answers) {
        if (answers == null || !answers.isObject()) {
            return NONE;
        }
        String email = null;
        String name = null;
        String phone = null;
        String first = null;
        String last = null;
        String firstKey = null;
        String lastKey = null;
        Set<String> used = new HashSet<>();
        for (Map.Entry<String, JsonNode> answer : answers.properties()) {
            Field field = field(answer.getKey());
            String text = field == null ? null : text(answer.getValue());
            if (text == null) {
                continue;
            }
            switch (field) {
                case EMAIL -> {
                    if (email == null && text.length() <= CapturedLead.MAX_EMAIL && Lead.isEmail(text)) {
                        email = text;
                        used.add(answer.getKey());
                    }
                }
                case NAME -> {
                    if (name == null && text.length() <= CapturedLead.MAX_NAME) {
                        name = text;
                        used.add(answer.getKey());
                    }
                }
                case PHONE -> {
                    if (phone == null
                            && text.length() <= CapturedLead.MAX_PHONE
                            && DIGIT.matcher(text).matches()) {
                        phone = text;
                        used.add(answer.getKey());
                    }
                }
                case FIRST_NAME -> {
                    if (first == null) {
                        first = text;
                        firstKey = answer.getKey();
                    }
                }
                case LAST_NAME -> {
                    if (last == null) {
                        last = text;
                        lastKey = answer.getKey();
                    }
                }
            }
        }
        if (name == null && (first != null || last != null)) {
            String joined = ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
            if (joined.length() <= CapturedLead.MAX_NAME) {
                name = joined;
                used.add(firstKey);
                used.add(lastKey);
            }
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> answer : answers.properties()) {
            if (attributes.size() >= CapturedLead.MAX_ATTRIBUTES) {
                break;
            }
            String key = answer.getKey();
            if (used.contains(key) || key.equals("flow_token")) {
                continue;
            }
            String attribute = PREFIX + key;
            Object value = scalar(answer.getValue());
            if (value != null
                    && !key.isBlank()
                    && attribute.length() <= CapturedLead.MAX_ATTRIBUTE_KEY
                    && Text.problem(attribute) == null) {
                attributes.put(attribute, value);
            }
        }
        return new FlowAnswers(new CapturedLead.Answers(name, email, phone, EMAIL_ATTRIBUTE), attributes);
    }

    /** A string answer without the spaces at its ends; null when empty, not a string, or not storable. */
    private static String text(JsonNode value) {
        if (value == null || !value.isString()) {
            return null;
        }
        String text = value.stringValue().strip();
        return text.isEmpty() || Text.problem(text) != null ? null : text;
    }

    /**
     * A string (at most {@value CapturedLead#MAX_ATTRIBUTE_TEXT} characters), a number (at most
     * {@value CapturedLead#MAX_NUMBER_DIGITS} digits before or after the point) or a boolean, as the
     * capture API keeps attributes; null for anything else.
     */
    private static Object scalar(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            Number number = value.numberValue();
            return number instanceof BigDecimal decimal
                            && (decimal.scale() > CapturedLead.MAX_NUMBER_DIGITS
                                    || decimal.precision() - decimal.scale() > CapturedLead.MAX_NUMBER_DIGITS)
                    ? null
                    : number;
        }
        String text = text(value);
        return text == null || text.length() > CapturedLead.MAX_ATTRIBUTE_TEXT ? null : text;
    }
}
