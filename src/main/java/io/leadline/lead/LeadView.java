package io.leadline.lead;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** The one JSON shape of a lead, on every endpoint that answers with leads. */
@Schema(name = "Lead")
public record LeadView(
        @Schema(description = "Opaque id", example = "ld_3kT9aQ2mZx7LbC1dEf0G")
        String id,

        @Schema(description = "The numeric id the public capture API answers with as lead_id")
        long number,

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

        @Schema(allowableValues = {"new", "contacted", "qualified", "unqualified", "won", "lost"})
        String status,

        @Schema(allowableValues = {"api", "web", "whatsapp"})
        String channel,

        String projectId,
        String workspaceId,
        Person createdBy,

        @Schema(description = "The person of the workspace who works this lead; null for nobody")
        Person assignedTo,

        List<TagRef> tags,
        Map<String, Object> attributes,
        Map<String, String> utm,
        List<String> pageTrail,
        String sourceUrl,
        String referrer,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,

        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        @Schema(description = "Only on GET /api/v1/leads/{id}")
        List<TimelineEntry> timeline) {

    public record Person(String id, String name, String email) {}

    public record TagRef(String id, String name) {}

    public record TimelineEntry(String type, OffsetDateTime at, Person actor, Map<String, Object> detail) {}

    static LeadView of(
            Lead lead, Person createdBy, Person assignedTo, List<TagRef> tags, List<TimelineEntry> timeline) {
        return new LeadView(
                lead.publicId(),
                lead.id(),
                lead.firstName(),
                lead.lastName(),
                lead.displayName(),
                lead.email(),
                lead.phone(),
                lead.company(),
                lead.website(),
                lead.source(),
                lead.address(),
                lead.city(),
                lead.state(),
                lead.zipcode(),
                lead.status().json(),
                lead.channel().json(),
                lead.projectId(),
                lead.workspaceId(),
                createdBy,
                assignedTo,
                tags,
                lead.attributes(),
                lead.utm(),
                lead.pageTrail(),
                lead.sourceUrl(),
                lead.referrer(),
                lead.createdAt(),
                lead.updatedAt(),
                timeline);
    }
}
