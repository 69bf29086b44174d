package io.leadline.lead;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The lead's schema says which fields may be {@code null} (a captured lead has no first or last
 * name, an API lead no project, …): in OpenAPI 3.1 a nullable field's type lists {@code "null"}, and
 * a client generated from the document must accept the answers as they are.
 */
@Component
class LeadDocs implements OpenApiCustomizer {

    /** The fields every lead has; all others may be null. */
    private static final Set<String> ALWAYS = Set.of(
            "id",
            "number",
            "status",
            "channel",
            "workspaceId",
            "tags",
            "attributes",
            "utm",
            "pageTrail",
            "createdAt",
            "updatedAt",
            "timeline");

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
            return;
        }
        // A create's names are required and not blank (@NotBlank, which the document generator does not
        // turn into a length): at least one character.
        Schema<?> create = openApi.getComponents().getSchemas().get("CreateLead");
        if (create != null && create.getProperties() != null) {
            for (String name : new String[] {"firstName", "lastName"}) {
                Schema<?> property = create.getProperties().get(name);
                if (property != null) {
                    property.setMinLength(1);
                }
            }
        }
        Schema<?> lead = openApi.getComponents().getSchemas().get("Lead");
        if (lead == null || lead.getProperties() == null) {
            return;
        }
        Map<String, Schema> properties = new java.util.LinkedHashMap<>();
        lead.getProperties().forEach((name, property) -> {
            if (ALWAYS.contains(name)) {
                properties.put(name, property);
            } else if (property.get$ref() != null) {
                // A person or nobody: the reference or null, which a generated client must accept.
                Schema<Object> either = new Schema<>();
                Schema<Object> none = new Schema<>();
                none.addType("null");
                either.setOneOf(List.of(new Schema<>().$ref(property.get$ref()), none));
                either.setDescription(
                        property.getDescription() != null
                                ? property.getDescription()
                                : "null when there is none (e.g. a lead captured from a form or WhatsApp)");
                properties.put(name, either);
            } else {
                if (property.getTypes() != null) {
                    property.addType("null");
                } else {
                    property.setNullable(true);
                }
                properties.put(name, property);
            }
        });
        lead.setProperties(properties);
    }
}
