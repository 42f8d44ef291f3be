package dev.leadrouter.intake.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.domain.Source;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A HubSpot contact record ({@code {id, properties: {...}}}, CRM import format {@code hubspot}) as a CRM import
 * lead with {@code id} as its external id. HubSpot sends every property as a string: numbers are read
 * from their text, other properties go to attributes.
 */
public final class HubSpotContact {
    public static final String FORMAT = "hubspot";
    /** Properties that repeat the record's id. */
    private static final Set<String> SKIPPED = Set.of("hs_object_id");

    private HubSpotContact() {
    }

    public static MappedLead toLead(JsonNode record) {
        PayloadReader in = new PayloadReader();
        JsonNode contact = in.object(record, "body", true);
        in.throwIfMalformed();
        String id = in.id(contact.get("id"), "id", true, 200);
        JsonNode properties = in.object(contact.get("properties"), "properties", true);
        Map<String, String> answers = new LinkedHashMap<>();
        if (properties != null) {
            for (Map.Entry<String, JsonNode> property : properties.properties()) {
                String value = in.scalar(property.getValue(), "properties." + property.getKey());
                if (value != null && !SKIPPED.contains(property.getKey())) {
                    answers.put(property.getKey(), value);
                }
            }
        }
        in.throwIfMalformed();
        return MappedLead.canonical(new CanonicalBody(Source.CRM_IMPORT)
                .externalId(id)
                .answers(answers, HubSpotProperties.NAMES)
                .toJson());
    }
}
