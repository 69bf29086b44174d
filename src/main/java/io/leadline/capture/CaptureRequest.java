package io.leadline.capture;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.leadline.lead.CapturedLead;
import io.leadline.lead.Lead;
import io.leadline.platform.ApiError;
import io.leadline.platform.Text;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/public/lead}, as the public document names it. All fields optional;
 * texts are trimmed and empty ones dropped; unknown fields are ignored. Bounds beyond the document:
 * {@code attributes} up to {@value #MAX_ATTRIBUTES} keys of up to {@value #MAX_KEY} characters whose
 * values are strings (≤ {@value #MAX_ATTRIBUTE_TEXT}), numbers (kept exactly, up to
 * {@value #MAX_NUMBER_DIGITS} digits before or after the point), booleans, null, arrays of up to
 * {@value #MAX_ATTRIBUTE_ARRAY} values, or objects of up to {@value #MAX_ATTRIBUTES} keys, nested at
 * most {@value #MAX_ATTRIBUTE_DEPTH} levels deep (the document sets no shape: "custom key-value
 * data", and refusing a lead for the shape of its extras would lose it); {@code utm} up to {@value #MAX_UTM}
 * keys with string values of up to {@value #MAX_UTM_TEXT} characters; {@code page_trail} up to
 * {@value #MAX_TRAIL} strings of up to {@value #MAX_URL} characters. No text may contain NUL.
 */
@Schema(name = "CaptureLead", example = CaptureRequest.EXAMPLE)
record CaptureRequest(
        @Schema(maxLength = MAX_NAME) String name,
        @Schema(maxLength = MAX_EMAIL, format = "email") String email,
        @Schema(maxLength = MAX_PHONE) String phone,

        @Schema(
                description = "Custom key-value data: up to 50 keys of 1-100 characters; values are strings"
                        + " (up to 2000 characters), numbers, booleans, null, arrays of up to 50 values or"
                        + " objects of up to 50 keys, nested at most 3 levels",
                maxProperties = MAX_ATTRIBUTES)
        Map<String, Object> attributes,

        @JsonProperty("source_url") @Schema(maxLength = MAX_URL)
        String sourceUrl,

        @Schema(maxLength = MAX_URL) String referrer,

        @Schema(
                description =
                        "UTM parameters, e.g. utm_source, utm_medium: up to 20 keys, values up to 500" + " characters",
                maxProperties = MAX_UTM)
        Map<String, String> utm,

        @JsonProperty("page_trail")
        @Schema(description = "Page view history, oldest first: up to 100 URLs of up to 2048 characters")
        List<String> pageTrail) {

    static final int MAX_NAME = CapturedLead.MAX_NAME;
    static final int MAX_EMAIL = CapturedLead.MAX_EMAIL;
    static final int MAX_PHONE = CapturedLead.MAX_PHONE;
    static final int MAX_URL = 2048;
    static final int MAX_ATTRIBUTES = CapturedLead.MAX_ATTRIBUTES;
    static final int MAX_KEY = CapturedLead.MAX_ATTRIBUTE_KEY;
    static final int MAX_ATTRIBUTE_TEXT = CapturedLead.MAX_ATTRIBUTE_TEXT;
    static final int MAX_ATTRIBUTE_ARRAY = 50;
    static final int MAX_ATTRIBUTE_DEPTH = 3;
    static final int MAX_NUMBER_DIGITS = CapturedLead.MAX_NUMBER_DIGITS;
    /**
     * What a form's text loses at its ends: spaces, and the no-break spaces and invisible characters
     * (zero-width spaces and joiners, direction marks, word joiners, byte order marks) a copy from a
     * web page or a messenger brings — an email ending in a zero-width space is the person's email.
     */
    private static final Pattern EDGE_SPACE =
            Pattern.compile("^[\\s\\u00A0\\u2007\\u202F\\uFEFF\\u200B-\\u200F\\u2060\\u00AD]+"
                    + "|[\\s\\u00A0\\u2007\\u202F\\uFEFF\\u200B-\\u200F\\u2060\\u00AD]+$");

    static final int MAX_UTM = 20;
    static final int MAX_UTM_TEXT = 500;
    static final int MAX_TRAIL = 100;

    static final String EXAMPLE = """
            {"name":"Jane Smith","email":"jane@acme.com","phone":"+1 555-123-4567",
             "attributes":{"company":"Acme Inc","plan":"pro"},
             "source_url":"https://acme.com/pricing","referrer":"https://www.google.com/",
             "utm":{"utm_source":"google","utm_medium":"cpc","utm_campaign":"spring"},
             "page_trail":["https://acme.com/","https://acme.com/pricing"]}""";

    private static final Pattern DIGIT = Pattern.compile(".*[0-9].*");
    private static final Set<String> KNOWN =
            Set.of("name", "email", "phone", "attributes", "source_url", "referrer", "utm", "page_trail");

    /** A valid request, or the problems with each field of a well-formed JSON object. */
    record Parsed(CaptureRequest request, List<ApiError.FieldError> errors) {
        boolean valid() {
            return errors.isEmpty();
        }
    }

    static Parsed parse(JsonNode body) {
        Fields f = new Fields(body);
        String name = f.text("name", MAX_NAME);
        String email = f.text("email", MAX_EMAIL);
        if (email != null && !Lead.isEmail(email)) {
            f.error("email", "must be a valid email address");
        }
        String phone = f.text("phone", MAX_PHONE);
        if (phone != null && !DIGIT.matcher(phone).matches()) {
            f.error("phone", "must contain digits");
        }
        Map<String, Object> attributes = f.attributes();
        String sourceUrl = f.text("source_url", MAX_URL);
        String referrer = f.text("referrer", MAX_URL);
        Map<String, String> utm = f.utm();
        List<String> pageTrail = f.pageTrail();
        f.unknownFields();
        return new Parsed(
                new CaptureRequest(name, email, phone, attributes, sourceUrl, referrer, utm, pageTrail),
                List.copyOf(f.errors));
    }

    /** Reads fields off the JSON object, collecting every problem instead of stopping at the first. */
    private static final class Fields {
        private final JsonNode body;
        private final List<ApiError.FieldError> errors = new ArrayList<>();

        Fields(JsonNode body) {
            this.body = body;
        }

        void error(String field, String message) {
            errors.add(new ApiError.FieldError(field, message));
        }

        private Optional<JsonNode> present(String field) {
            JsonNode node = body.get(field);
            return node == null || node.isNull() ? Optional.empty() : Optional.of(node);
        }

        String text(String field, int max) {
            return present(field).map(node -> string(field, node, max)).orElse(null);
        }

        /** A trimmed string (null when empty), or null after recording why the node is not one. */
        private String string(String field, JsonNode node, int max) {
            if (!node.isString()) {
                error(field, "must be a string");
                return null;
            }
            // Also the no-break spaces a copy from a web page brings (Java's strip() keeps them).
            String value = EDGE_SPACE.matcher(node.stringValue()).replaceAll("");
            String problem = Text.problem(value);
            if (problem != null) {
                error(field, problem);
                return null;
            }
            if (value.length() > max) {
                error(field, "must be at most " + max + " characters");
                return null;
            }
            return value.isEmpty() ? null : value;
        }

        private boolean key(String field, String key) {
            if (key.isBlank() || key.length() > MAX_KEY || Text.problem(key) != null) {
                error(field, "keys must be 1 to " + MAX_KEY + " characters");
                return false;
            }
            return true;
        }

        Map<String, Object> attributes() {
            Optional<JsonNode> node = present("attributes");
            if (node.isEmpty()) {
                return Map.of();
            }
            if (!node.get().isObject()) {
                error("attributes", "must be an object");
                return Map.of();
            }
            if (node.get().size() > MAX_ATTRIBUTES) {
                error("attributes", "must have at most " + MAX_ATTRIBUTES + " keys");
                return Map.of();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.get().properties()) {
                String field = "attributes." + e.getKey();
                if (!key("attributes", e.getKey())) {
                    continue;
                }
                Object value = attribute(field, e.getValue(), 1);
                if (value instanceof String text) {
                    value = EDGE_SPACE.matcher(text).replaceAll("");
                }
                // As for every field: null and empty text count as absent (a form's unfilled fields).
                if (value != null && !"".equals(value)) {
                    out.put(e.getKey(), value);
                }
            }
            return out;
        }

        /** An attribute's value at {@code depth} (1 = a top-level attribute), as plain Java values. */
        private Object attribute(String field, JsonNode value, int depth) {
            if (value.isArray() || value.isObject()) {
                if (depth >= MAX_ATTRIBUTE_DEPTH) {
                    error(field, "must not nest arrays or objects more than " + MAX_ATTRIBUTE_DEPTH + " levels deep");
                    return null;
                }
                int max = value.isArray() ? MAX_ATTRIBUTE_ARRAY : MAX_ATTRIBUTES;
                if (value.size() > max) {
                    error(field, "must have at most " + max + (value.isArray() ? " items" : " keys"));
                    return null;
                }
            }
            if (value.isArray()) {
                List<Object> items = new ArrayList<>();
                int i = 0;
                for (JsonNode item : value) {
                    items.add(attribute(field + "[" + i++ + "]", item, depth + 1));
                }
                return items;
            }
            if (value.isObject()) {
                Map<String, Object> members = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> member : value.properties()) {
                    if (key(field, member.getKey())) {
                        members.put(
                                member.getKey(),
                                attribute(field + "." + member.getKey(), member.getValue(), depth + 1));
                    }
                }
                return members;
            }
            return scalar(field, value);
        }

        private Object scalar(String field, JsonNode value) {
            if (value.isNull()) {
                return null;
            }
            if (value.isBoolean()) {
                return value.booleanValue();
            }
            if (value.isNumber()) {
                Number number = value.numberValue();
                // Kept exactly (BigDecimal), within what a person can mean: 1e400 is kept, 1e100000 is
                // not a quantity anyone captures, and written out it would be 100 000 digits.
                if (number instanceof BigDecimal decimal
                        && (decimal.scale() > MAX_NUMBER_DIGITS
                                || decimal.precision() - decimal.scale() > MAX_NUMBER_DIGITS)) {
                    error(
                            field,
                            "must be a number of at most " + MAX_NUMBER_DIGITS + " digits before or after the point");
                    return null;
                }
                return number;
            }
            if (value.isString()) {
                String text = value.stringValue();
                String problem = Text.problem(text);
                if (problem != null) {
                    error(field, problem);
                } else if (text.length() > MAX_ATTRIBUTE_TEXT) {
                    error(field, "must be at most " + MAX_ATTRIBUTE_TEXT + " characters");
                }
                return text;
            }
            error(field, "must be a string, number, boolean, null or an array of those");
            return null;
        }

        Map<String, String> utm() {
            Optional<JsonNode> node = present("utm");
            if (node.isEmpty()) {
                return Map.of();
            }
            if (!node.get().isObject()) {
                error("utm", "must be an object of strings");
                return Map.of();
            }
            if (node.get().size() > MAX_UTM) {
                error("utm", "must have at most " + MAX_UTM + " keys");
                return Map.of();
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.get().properties()) {
                if (!key("utm", e.getKey())) {
                    continue;
                }
                String field = "utm." + e.getKey();
                if (e.getValue().isNull()) {
                    continue;
                }
                String value = string(field, e.getValue(), MAX_UTM_TEXT);
                if (value != null) {
                    out.put(e.getKey(), value);
                }
            }
            return out;
        }

        /**
         * Fields this API does not read are ignored, but they are kept with the submission and shown
         * on the lead's timeline, so they must be storable text too: every name and string in them is
         * checked (the first problem of each top-level field is reported).
         */
        void unknownFields() {
            for (Map.Entry<String, JsonNode> e : body.properties()) {
                if (!KNOWN.contains(e.getKey())) {
                    String problem = storable(e.getKey(), e.getValue());
                    if (problem != null) {
                        error(Text.problem(e.getKey()) == null ? e.getKey() : "(field name)", problem);
                    }
                }
            }
        }

        private static String storable(String name, JsonNode value) {
            String problem = Text.problem(name);
            if (problem != null) {
                return problem;
            }
            if (value.isString()) {
                return Text.problem(value.stringValue());
            }
            if (value.isObject()) {
                for (Map.Entry<String, JsonNode> e : value.properties()) {
                    problem = storable(e.getKey(), e.getValue());
                    if (problem != null) {
                        return problem;
                    }
                }
            } else if (value.isArray()) {
                for (JsonNode item : value) {
                    problem = storable("", item);
                    if (problem != null) {
                        return problem;
                    }
                }
            }
            return null;
        }

        List<String> pageTrail() {
            Optional<JsonNode> node = present("page_trail");
            if (node.isEmpty()) {
                return List.of();
            }
            if (!node.get().isArray()) {
                error("page_trail", "must be an array of strings");
                return List.of();
            }
            if (node.get().size() > MAX_TRAIL) {
                error("page_trail", "must have at most " + MAX_TRAIL + " entries");
                return List.of();
            }
            List<String> out = new ArrayList<>();
            int i = 0;
            for (JsonNode item : node.get()) {
                String value = string("page_trail[" + i++ + "]", item, MAX_URL);
                if (value != null) {
                    out.add(value);
                }
            }
            return out;
        }
    }
}
