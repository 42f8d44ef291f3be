package dev.leadrouter.handoff;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.json.Json;
import dev.leadrouter.lambda.PermanentFailure;
import java.util.Set;

/**
 * One message on the notifications queue. {@code ASSIGNED} and {@code REASSIGNED} tell the new assignee
 * (every channel of theirs, and the CRM owner write-back); {@code ACCEPTED}, {@code DECLINED},
 * {@code SLA_MISSED} and {@code CLOSED} go to the generic webhook only. {@code assignedAt} names the
 * assignment the event belongs to; {@code channel} is set on a retry of one channel that failed, with
 * {@code attempt} counting the tries so far. {@code crm} is, on an assignment, the CRM holding the lead's record
 * ({@link #crmOf}), so that the hand-off knows without reading the lead whether an owner write-back may be due;
 * it is absent from messages queued before it was carried, whose lead is read to tell.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HandOffMessage(String event, String leadId, String repId, String assignedAt, String at,
                             String previousRepId, String reason, String crm, String channel, int attempt) {
    public static final String ASSIGNED = "ASSIGNED";
    public static final String REASSIGNED = "REASSIGNED";
    public static final String ACCEPTED = "ACCEPTED";
    public static final String DECLINED = "DECLINED";
    public static final String SLA_MISSED = "SLA_MISSED";
    public static final String CLOSED = "CLOSED";
    public static final Set<String> EVENTS = Set.of(ASSIGNED, REASSIGNED, ACCEPTED, DECLINED, SLA_MISSED, CLOSED);

    public boolean isAssignment() {
        return ASSIGNED.equals(event) || REASSIGNED.equals(event);
    }

    public HandOffMessage retry(String retriedChannel) {
        return new HandOffMessage(event, leadId, repId, assignedAt, at, previousRepId, reason, crm, retriedChannel,
                attempt + 1);
    }

    /** The CRM holding {@code lead}'s record (the CRM it was imported from, with its id there), else "". */
    public static String crmOf(Lead lead) {
        return lead.crm == null || lead.externalId == null ? "" : lead.crm;
    }

    /** Parses a queued message; one that can never be delivered is a permanent failure. */
    public static HandOffMessage parse(String body) {
        HandOffMessage message;
        try {
            message = Json.read(body == null ? "" : body, HandOffMessage.class);
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("body", "message body is not a hand-off message");
        }
        if (message.event == null || !EVENTS.contains(message.event)) {
            throw new PermanentFailure("event", "unknown event " + message.event);
        }
        if (message.leadId == null || message.repId == null || message.assignedAt == null) {
            throw new PermanentFailure("leadId", "message needs leadId, repId and assignedAt");
        }
        return message;
    }
}
