package dev.leadrouter.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.json.Json;
import dev.leadrouter.lambda.PermanentFailure;

/**
 * What the qualification and routing queues carry: a lead id and, for routing, what to do
 * (ROUTE a qualified or parked lead, SLA_CHECK an assignment made at {@code assignedAt}, or re-route it
 * because its rep {@code repId} DECLINEd it).
 */
public record LeadMessage(String leadId, String type, String assignedAt, String repId) {
    public static final String ROUTE = "ROUTE";
    public static final String SLA_CHECK = "SLA_CHECK";
    public static final String DECLINE = "DECLINE";

    public static LeadMessage qualify(String leadId) {
        return new LeadMessage(leadId, null, null, null);
    }

    public static LeadMessage route(String leadId) {
        return new LeadMessage(leadId, ROUTE, null, null);
    }

    public static LeadMessage slaCheck(String leadId, String assignedAt) {
        return new LeadMessage(leadId, SLA_CHECK, assignedAt, null);
    }

    public static LeadMessage decline(String leadId, String assignedAt, String repId) {
        return new LeadMessage(leadId, DECLINE, assignedAt, repId);
    }

    /** Parses a message body; a body that can never be handled is a permanent failure. */
    public static LeadMessage parse(String body) {
        JsonNode node;
        try {
            node = Json.parse(body == null ? "" : body);
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("body", "message body is not JSON");
        }
        JsonNode leadId = node.path("leadId");
        if (!leadId.isTextual() || leadId.textValue().isBlank()) {
            throw new PermanentFailure("leadId", "message has no leadId");
        }
        String type = node.path("type").isTextual() ? node.path("type").textValue() : ROUTE;
        if (!type.equals(ROUTE) && !type.equals(SLA_CHECK) && !type.equals(DECLINE)) {
            throw new PermanentFailure("type", "unknown message type " + type);
        }
        String assignedAt = node.path("assignedAt").isTextual() ? node.path("assignedAt").textValue() : null;
        String repId = node.path("repId").isTextual() ? node.path("repId").textValue() : null;
        if (type.equals(DECLINE) && (assignedAt == null || repId == null)) {
            throw new PermanentFailure("repId", "a DECLINE names the assignment (assignedAt) and its rep (repId)");
        }
        return new LeadMessage(leadId.textValue(), type, assignedAt, repId);
    }
}
