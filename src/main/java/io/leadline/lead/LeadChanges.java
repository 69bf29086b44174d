package io.leadline.lead;

import java.util.List;

/**
 * A change to a lead made by a person: a null field stays as it is, an empty string clears an
 * optional field, {@code tagIds} (when not null) replaces the lead's tags, {@code addTagId} (when not
 * null, and {@code tagIds} is) adds one tag to those the lead has, {@code status} is one of
 * {@link LeadStatus} by name, {@code assignedTo} (when not null) is the id of a person of the
 * workspace to assign the lead to, or an empty string for nobody. Leads created through the private
 * API keep a first and a last name.
 */
public record LeadChanges(
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
        String status,
        List<String> tagIds,
        String addTagId,
        String assignedTo) {

    public static LeadChanges status(LeadStatus status) {
        return new LeadChanges(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                status.json(),
                null,
                null,
                null);
    }

    public static LeadChanges phone(String phone) {
        return new LeadChanges(
                null, null, null, null, phone, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Assigns the lead to a person of the workspace by id; an empty string assigns it to nobody. */
    public static LeadChanges assignedTo(String userId) {
        return new LeadChanges(
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, userId);
    }

    public static LeadChanges tags(List<String> tagIds) {
        return new LeadChanges(
                null, null, null, null, null, null, null, null, null, null, null, null, null, tagIds, null, null);
    }
}
