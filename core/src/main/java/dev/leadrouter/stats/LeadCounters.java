package dev.leadrouter.stats;

import dev.leadrouter.domain.HistoryEntry;
import dev.leadrouter.domain.Lead;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one lead contributes to the {@code GET /stats} counters, as counter name to amount. Every figure is a
 * function of the lead's current item (history only grows, folded entries keep their counts), so a change of
 * the item changes the counters by {@code of(new) - of(old)}: see {@link StatsDeltas}.
 */
public final class LeadCounters {
    public static final String LEADS = "leads";
    public static final String ASSIGNED = "assigned";
    public static final String EVER_ASSIGNED = "everAssigned";
    public static final String SLA_MISSED = "slaMissed";
    public static final String REASSIGNMENTS = "reassignments";
    public static final String SOURCE = "source#";
    public static final String STATUS = "status#";
    public static final String GRADE = "grade#";
    public static final String TEAM = "team#";
    public static final String REP = "rep#";
    public static final String STRATEGY = "strategy#";
    public static final String SPEED = "speed#";

    private LeadCounters() {
    }

    public static Map<String, Long> of(Lead lead) {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put(LEADS, 1L);
        put(counters, SOURCE, lead.source);
        put(counters, STATUS, lead.status);
        put(counters, GRADE, lead.grade);
        if (lead.assignment != null) {
            counters.put(ASSIGNED, 1L);
            put(counters, TEAM, lead.assignment.team());
            put(counters, REP, lead.assignment.repId());
            put(counters, STRATEGY, lead.assignment.strategy());
        }
        if (lead.firstAssignedAt().isPresent()) {
            counters.put(EVER_ASSIGNED, 1L);
        }
        lead.speedToLead().map(Duration::toMillis)
                .ifPresent(ms -> counters.put(SPEED + SpeedHistogram.bucket(ms), 1L));
        long reassignments = events(lead, "REASSIGNED");
        if (reassignments > 0) {
            counters.put(REASSIGNMENTS, reassignments);
        }
        if (events(lead, "SLA_MISSED") > 0) {
            counters.put(SLA_MISSED, 1L);
        }
        return counters;
    }

    private static void put(Map<String, Long> counters, String prefix, Object value) {
        if (value != null) {
            counters.put(prefix + (value instanceof Enum<?> e ? e.name() : value.toString()), 1L);
        }
    }

    /** Entries of {@code event}, those folded into the EARLIER_HISTORY summary ("SLA_MISSED x12, ...") included. */
    static long events(Lead lead, String event) {
        long count = 0;
        for (HistoryEntry entry : lead.history) {
            if (event.equals(entry.event())) {
                count++;
            } else if (Lead.EARLIER_HISTORY.equals(entry.event()) && entry.detail() != null) {
                for (String part : entry.detail().split(", ")) {
                    if (part.startsWith(event + " x")) {
                        count += Long.parseLong(part.substring(event.length() + 2));
                    }
                }
            }
        }
        return count;
    }
}
