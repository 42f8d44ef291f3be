package dev.leadrouter.lifecycle;

import dev.leadrouter.domain.Assignment;
import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import java.time.Instant;
import java.util.List;

/**
 * The one place a lead's status and history change. Each method checks the lead may take the step, applies it to
 * the lead (status, due time, assignment, the history entry of its {@link LeadEvent}) and says what it did; the
 * caller then writes the lead (optimistically, or as part of a placement). Inside, times are {@link Instant}s;
 * on the lead they keep their wire forms (ISO text, {@code dueAt} in epoch millis).
 */
public final class LeadTransitions {
    private LeadTransitions() {
    }

    /** What a transition did. */
    public sealed interface Outcome {
    }

    /** The lead changed; write it. */
    public record Changed(Lead lead, LeadEvent event) implements Outcome {
    }

    /** The lead is already where the step would take it: nothing to write. */
    public record Unchanged(Lead lead) implements Outcome {
    }

    /** The step is not possible from the lead's state; the API answers 409 with {@code reason}. */
    public record Rejected(Lead lead, String reason) implements Outcome {
    }

    /** A new lead, due for qualification by {@code dueAt}. */
    public static Changed receive(Lead lead, Instant at, Instant dueAt) {
        lead.status = LeadStatus.RECEIVED;
        lead.receivedAt = at.toString();
        return apply(lead, new LeadEvent.Received(at, String.valueOf(lead.source)), dueAt);
    }

    /** Scored HOT or WARM: on to routing, due there by {@code dueAt}. */
    public static Outcome qualify(Lead lead, int score, Grade grade, Instant at, Instant dueAt) {
        if (lead.status != LeadStatus.RECEIVED) {
            return notReceived(lead);
        }
        scored(lead, score, grade, LeadStatus.QUALIFIED);
        return apply(lead, new LeadEvent.Qualified(at, score, grade.name()), dueAt);
    }

    /** Scored COLD: to nurture, due until its nurture message is out ({@link #nurtureSent}). */
    public static Outcome nurture(Lead lead, int score, Instant at, Instant dueAt) {
        if (lead.status != LeadStatus.RECEIVED) {
            return notReceived(lead);
        }
        scored(lead, score, Grade.COLD, LeadStatus.NURTURE);
        return apply(lead, new LeadEvent.Nurtured(at, score), dueAt);
    }

    /** A disqualifying rule matched: the lead ends here. */
    public static Outcome disqualify(Lead lead, int score, Grade grade, List<String> ruleIds, Instant at) {
        if (lead.status != LeadStatus.RECEIVED) {
            return notReceived(lead);
        }
        scored(lead, score, grade, LeadStatus.DISQUALIFIED);
        return apply(lead, new LeadEvent.Disqualified(at, List.copyOf(ruleIds)), null);
    }

    /** The nurture message is out: marked, and the sweep has nothing more to do with the lead. */
    public static void nurtureSent(Lead lead) {
        lead.outputSent = LeadStatus.NURTURE.name();
        lead.dueAt = null;
    }

    /** Qualification scores only a RECEIVED lead. */
    private static Rejected notReceived(Lead lead) {
        return new Rejected(lead, "lead is " + lead.status + ", not RECEIVED");
    }

    private static void scored(Lead lead, int score, Grade grade, LeadStatus status) {
        lead.score = score;
        lead.grade = grade;
        lead.status = status;
    }

    /** The rep holding the lead lets it go (SLA missed, declined, reassigned, offboarded); placed again at once. */
    public static Outcome takeFrom(Lead lead, String reason, String detail, String by, Instant at) {
        if (!lead.status.holdsCapacity() || lead.assignment == null) {
            return new Rejected(lead, "lead is " + lead.status + ", held by no rep");
        }
        String repId = lead.assignment.repId();
        if (!lead.missedReps.contains(repId)) {
            lead.missedReps.add(repId);
        }
        LeadEvent.TakenFrom event = new LeadEvent.TakenFrom(at, reason, repId, detail, by);
        lead.addHistory(at.toString(), event.name(), detail, by);
        return new Changed(lead, event);
    }

    /** Given to {@code assignment}'s rep; due by {@code dueAt} (its announcement, then its SLA). */
    public static Outcome assign(Lead lead, Assignment assignment, Instant at, Instant dueAt) {
        if (lead.status != LeadStatus.QUALIFIED && lead.status != LeadStatus.UNASSIGNED && !lead.status.holdsCapacity()) {
            return new Rejected(lead, "lead is " + lead.status + "; only a qualified, parked or held lead is placed");
        }
        lead.status = LeadStatus.ASSIGNED;
        lead.assignment = assignment;
        return apply(lead, new LeadEvent.Assigned(at, assignment.repId(), assignment.team(), assignment.ruleId(),
                assignment.strategy(), assignment.reassignment()), dueAt);
    }

    /**
     * No rep can take the lead now: parked (UNASSIGNED), tried again at {@code retryAt}. A lead parked already
     * only gets its next try ({@link Unchanged}: written, but no new history entry).
     */
    public static Outcome park(Lead lead, String why, Instant at, Instant retryAt) {
        if (lead.status == LeadStatus.UNASSIGNED) {
            lead.updatedAt = at.toString();
            lead.dueAt = retryAt.toEpochMilli();
            return new Unchanged(lead);
        }
        if (lead.status != LeadStatus.QUALIFIED && !lead.status.holdsCapacity()) {
            return new Rejected(lead, "lead is " + lead.status + "; only a qualified or held lead is parked");
        }
        lead.status = LeadStatus.UNASSIGNED;
        lead.assignment = null;
        return apply(lead, new LeadEvent.Parked(at, why), retryAt);
    }

    /** {@code repId} accepts the lead assigned to them; {@code by} did it (the rep, or ops on their behalf). */
    public static Outcome accept(Lead lead, String repId, String by, Instant at) {
        boolean assignee = lead.assignment != null && repId.equals(lead.assignment.repId());
        if (lead.status == LeadStatus.ACCEPTED && assignee) {
            return new Unchanged(lead);
        }
        if (lead.status != LeadStatus.ASSIGNED || !assignee) {
            return new Rejected(lead, lead.status == LeadStatus.ASSIGNED || lead.status == LeadStatus.ACCEPTED
                    ? "rep " + repId + " is not the assignee of this lead"
                    : "lead is " + lead.status + ", not assigned to rep " + repId);
        }
        lead.status = LeadStatus.ACCEPTED;
        LeadEvent.Accepted event = new LeadEvent.Accepted(at, repId, by);
        lead.updatedAt = at.toString();
        lead.dueAt = null; // accepted: the SLA clock stops
        lead.addHistory(lead.updatedAt, event.name(), event.detail(), by);
        return new Changed(lead, event);
    }

    /** Closed with {@code outcome}; {@code detail} says whose capacity it frees. A closed lead stays closed. */
    public static Outcome close(Lead lead, String outcome, String detail, String by, Instant at) {
        if (lead.status == LeadStatus.CLOSED) {
            return new Rejected(lead, "lead is already CLOSED (" + lead.outcome + ")");
        }
        lead.status = LeadStatus.CLOSED;
        lead.outcome = outcome;
        LeadEvent.Closed event = new LeadEvent.Closed(at, outcome, detail, by);
        lead.updatedAt = at.toString();
        lead.dueAt = null;
        if (by == null) {
            lead.addHistory(lead.updatedAt, event.name(), detail);
        } else {
            lead.addHistory(lead.updatedAt, event.name(), detail, by);
        }
        return new Changed(lead, event);
    }

    /** What the CRM answered to the owner written back; the lead's state is untouched. */
    public static Changed ownerWriteBack(Lead lead, boolean written, String detail, Instant at) {
        LeadEvent.OwnerWriteBack event = new LeadEvent.OwnerWriteBack(at, written, detail);
        lead.addHistory(at.toString(), event.name(), detail);
        return new Changed(lead, event);
    }

    private static Changed apply(Lead lead, LeadEvent event, Instant dueAt) {
        lead.updatedAt = event.at().toString();
        lead.dueAt = dueAt == null ? null : dueAt.toEpochMilli();
        lead.addHistory(lead.updatedAt, event.name(), event.detail());
        return new Changed(lead, event);
    }
}
