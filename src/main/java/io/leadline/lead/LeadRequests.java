package io.leadline.lead;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The JSON bodies the private lead API accepts. Unknown and server-owned fields are ignored. */
final class LeadRequests {

    private LeadRequests() {}

    /** The private API's words for a text over its limit, as on the capture API. */
    static final String TOO_LONG = "must be at most {max} characters";

    static final String HAS_DIGIT = "^.*[0-9].*$";
    /** A phone as on create, or blank: an update clears the phone with an empty string. */
    static final String HAS_DIGIT_OR_EMPTY = "^\\s*$|^.*[0-9].*$";

    static final String NOT_BLANK = "^(?s).*\\S.*$";

    @Schema(name = "CreateLead", example = """
                    {"firstName":"Jane","lastName":"Smith","email":"jane@acme.com","phone":"+1 555-123-4567",
                     "company":"Acme Inc","website":"https://acme.com","source":"website","address":"123 Main St",
                     "city":"New York","state":"NY","zipcode":"10001"}""")
    record Create(
            @NotBlank @Size(max = 255, message = TOO_LONG) String firstName,
            @NotBlank @Size(max = 255, message = TOO_LONG) String lastName,

            @Pattern(regexp = Lead.EMAIL, message = "must be a valid email address")
            @Size(max = 255, message = TOO_LONG)
            String email,

            @Size(max = 50, message = TOO_LONG) @Pattern(regexp = HAS_DIGIT, message = "must contain digits")
            String phone,

            @Size(max = 255, message = TOO_LONG) String company,
            @Size(max = 2048, message = TOO_LONG) String website,
            @Size(max = 255, message = TOO_LONG) String source,
            @Size(max = 255, message = TOO_LONG) String address,
            @Size(max = 255, message = TOO_LONG) String city,
            @Size(max = 255, message = TOO_LONG) String state,
            @Size(max = 32, message = TOO_LONG) String zipcode,
            @Size(max = 64, message = TOO_LONG) String tagId) {

        /** Text is trimmed and empty optional text dropped before validation sees it. */
        Create {
            firstName = trim(firstName);
            lastName = trim(lastName);
            email = trim(email);
            phone = trim(phone);
            company = trim(company);
            website = trim(website);
            source = trim(source);
            address = trim(address);
            city = trim(city);
            state = trim(state);
            zipcode = trim(zipcode);
            tagId = trim(tagId);
        }
    }

    /**
     * A partial update: an absent or null field stays as it is; an empty string clears an
     * optional field. {@code tagIds}, when present, replaces the lead's tags; {@code tagId}, the
     * create body's field, adds that tag to the lead's (a client reusing the create field must not
     * see it silently ignored). {@code assignedTo} assigns the lead to a person of the workspace (a
     * user id); an empty string assigns it to nobody.
     */
    @Schema(name = "UpdateLead", example = "{\"status\":\"contacted\",\"company\":\"Acme Corp\"}")
    record Update(
            @Size(max = 255, message = TOO_LONG) @Pattern(regexp = NOT_BLANK, message = "must not be blank")
            String firstName,

            @Size(max = 255, message = TOO_LONG) @Pattern(regexp = NOT_BLANK, message = "must not be blank")
            String lastName,

            @Size(max = 255, message = TOO_LONG) String email,

            @Size(max = 50, message = TOO_LONG) @Pattern(regexp = HAS_DIGIT_OR_EMPTY, message = "must contain digits")
            String phone,

            @Size(max = 255, message = TOO_LONG) String company,
            @Size(max = 2048, message = TOO_LONG) String website,
            @Size(max = 255, message = TOO_LONG) String source,
            @Size(max = 255, message = TOO_LONG) String address,
            @Size(max = 255, message = TOO_LONG) String city,
            @Size(max = 255, message = TOO_LONG) String state,
            @Size(max = 32, message = TOO_LONG) String zipcode,
            @Size(max = 32, message = TOO_LONG) String status,

            @Size(max = 100, message = "must list at most {max} tags")
            List<@Size(max = 64, message = TOO_LONG) String> tagIds,

            @Size(max = 64, message = TOO_LONG) String tagId,

            @Schema(description = "Id of a person of the workspace to assign the lead to; \"\" for nobody")
            @Size(max = 64, message = TOO_LONG)
            String assignedTo) {

        /** Text is stripped before validation sees it, as on create; an empty string still clears. */
        Update {
            firstName = strip(firstName);
            lastName = strip(lastName);
            email = strip(email);
            phone = strip(phone);
            company = strip(company);
            website = strip(website);
            source = strip(source);
            address = strip(address);
            city = strip(city);
            state = strip(state);
            zipcode = strip(zipcode);
            status = strip(status);
            assignedTo = strip(assignedTo);
        }

        LeadChanges changes() {
            return new LeadChanges(
                    firstName,
                    lastName,
                    null,
                    email,
                    phone,
                    company,
                    website,
                    source,
                    address,
                    city,
                    state,
                    zipcode,
                    status,
                    tagIds,
                    trim(tagId),
                    assignedTo);
        }
    }

    @Schema(name = "CreateTag", example = "{\"name\":\"Hot\"}")
    record CreateTag(
            @NotBlank @Size(max = 100, message = TOO_LONG) String name,

            @Size(max = 16, message = TOO_LONG)
            @Pattern(regexp = "^#[0-9a-fA-F]{6}$", message = "must be a colour like #1a2b3c")
            String color) {}

    @Schema(name = "AddNote", example = "{\"text\":\"Called, left a voicemail; sending the quote on Monday\"}")
    record Note(@NotNull(message = "is required") String text) {}

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }

    static String trim(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }
}
