package dev.leadrouter.lifecycle;

import java.time.Instant;
import java.util.List;

/**
 * What happened to a lead, as {@link LeadTransitions} records it. Each event is one history entry of the lead
 * (CONTRACT.md, "Lead — table lead-router-leads": {@code at} as an ISO instant, {@code event} by the wire name
 * {@link #name()}, {@code detail}, and {@code by} when someone acted).
 */
public sealed interface LeadEvent {
    Instant at();

    /** The history entry's {@code event}, exactly as the contract names it. */
    String name();

    /** The history entry's {@code detail}. */
    String detail();

    /** Who acted (a rep, ops); null when the system did. */
    default String by() {
        return null;
    }

    record Received(Instant at, String source) implements LeadEvent {
        public String name() {
            return "RECEIVED";
        }

        public String detail() {
            return "from " + source;
        }
    }

    record Qualified(Instant at, int score, String grade) implements LeadEvent {
        public String name() {
            return "QUALIFIED";
        }

        public String detail() {
            return "score " + score + " grade " + grade;
        }
    }

    record Nurtured(Instant at, int score) implements LeadEvent {
        public String name() {
            return "NURTURE";
        }

        public String detail() {
            return "score " + score + " grade COLD";
        }
    }

    record Disqualified(Instant at, List<String> ruleIds) implements LeadEvent {
        public String name() {
            return "DISQUALIFIED";
        }

        public String detail() {
            return "by rule " + ruleIds;
        }
    }

    /** Given to a rep: first ({@code ASSIGNED}) or after it left another ({@code REASSIGNED}). */
    record Assigned(Instant at, String repId, String team, String ruleId, String strategy, boolean reassignment)
            implements LeadEvent {
        public String name() {
            return reassignment ? "REASSIGNED" : "ASSIGNED";
        }

        public String detail() {
            return "to " + repId + " (team " + team + ", " + ruleId + ", " + strategy + ")";
        }
    }

    record Parked(Instant at, String why) implements LeadEvent {
        public String name() {
            return "UNASSIGNED";
        }

        public String detail() {
            return "parked: " + why;
        }
    }

    /**
     * The lead left the rep holding it, for {@code reason} (SLA_MISSED, DECLINED, REASSIGNED, OFFBOARDED); its next
     * placement follows in the same write.
     */
    record TakenFrom(Instant at, String reason, String repId, String detail, String by) implements LeadEvent {
        public String name() {
            return "REASSIGNED".equals(reason) ? "REASSIGN" : reason;
        }
    }

    record Accepted(Instant at, String repId, String by) implements LeadEvent {
        public String detail() {
            return "by " + repId;
        }

        public String name() {
            return "ACCEPTED";
        }
    }

    record Closed(Instant at, String outcome, String detail, String by) implements LeadEvent {
        public String name() {
            return "CLOSED";
        }
    }

    /** A CRM's answer to the owner written back ({@code OWNER_WRITTEN_BACK} or {@code OWNER_WRITE_BACK_FAILED}). */
    record OwnerWriteBack(Instant at, boolean written, String detail) implements LeadEvent {
        public String name() {
            return written ? "OWNER_WRITTEN_BACK" : "OWNER_WRITE_BACK_FAILED";
        }
    }
}
