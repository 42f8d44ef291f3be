package dev.leadrouter.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.json.Json;
import dev.leadrouter.lambda.PermanentFailure;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What the qualification and routing queues carry: a lead id and, for routing, what to do
 * (ROUTE a qualified or parked lead, SLA_CHECK an assignment made at {@code assignedAt}, or re-route it
 * because its rep {@code repId} DECLINEd it).
 *
 * <p>A stage that has just written the lead may send it along ({@code lead}: the lead as stored, its version
 * included) when the message stays well under SQS's 256 KB; the next stage then starts from that copy instead
 * of reading the lead. The copy may be stale (a redelivery, a write in between): the stage's write is
 * conditioned on the version, so it then fails and the stage reads the lead. A message without it (older
 * messages, the sweep's, a large lead) is handled by reading the lead, as ever.
 */
public record LeadMessage(String leadId, String type, String assignedAt, String repId, JsonNode lead) {
    public static final String ROUTE = "ROUTE";
    public static final String SLA_CHECK = "SLA_CHECK";
    public static final String DECLINE = "DECLINE";
    /** The most a message with the lead in it may take; beyond, only the id goes. */
    static final int MAX_BYTES_WITH_LEAD = 64 * 1024;

    public static LeadMessage qualify(String leadId) {
        return new LeadMessage(leadId, null, null, null, null);
    }

    /** To qualification, with {@code lead} (as just stored) in it if it fits. */
    public static LeadMessage qualify(Lead lead) {
        return carrying(qualify(lead.leadId), lead);
    }

    public static LeadMessage route(String leadId) {
        return new LeadMessage(leadId, ROUTE, null, null, null);
    }

    /** To routing, with {@code lead} (as just stored or read) in it if it fits. */
    public static LeadMessage route(Lead lead) {
        return carrying(route(lead.leadId), lead);
    }

    public static LeadMessage slaCheck(String leadId, String assignedAt) {
        return new LeadMessage(leadId, SLA_CHECK, assignedAt, null, null);
    }

    public static LeadMessage decline(String leadId, String assignedAt, String repId) {
        return new LeadMessage(leadId, DECLINE, assignedAt, repId, null);
    }

    private static LeadMessage carrying(LeadMessage idOnly, Lead lead) {
        ObjectNode copy = Json.tree(lead);
        LeadMessage with = new LeadMessage(idOnly.leadId, idOnly.type, null, null, copy);
        return fits(with) ? with : idOnly;
    }

    /** Small enough, and only characters SQS takes in a body (a lead may hold any a person typed). */
    static boolean fits(LeadMessage message) {
        String body = Json.write(message);
        return body.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES_WITH_LEAD
                && body.codePoints().allMatch(LeadMessage::sqsAccepts);
    }

    /** SQS's message body characters: #x9, #xA, #xD, #x20 to #xD7FF, #xE000 to #xFFFD, #x10000 to #x10FFFF. */
    private static boolean sqsAccepts(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }

    /** The lead the message carries, if any and if it is the lead named; a copy that cannot be read is ignored. */
    public Optional<Lead> carried() {
        if (lead == null || !lead.isObject() || !leadId.equals(lead.path("leadId").asText(null))) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.convert(lead, Lead.class));
        } catch (RuntimeException unreadable) {
            return Optional.empty(); // the stage reads the lead instead
        }
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
        JsonNode lead = node.path("lead").isObject() ? node.get("lead") : null;
        return new LeadMessage(leadId.textValue(), type, assignedAt, repId, lead);
    }
}
