package dev.leadrouter.api;

import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.HistoryEntry;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.domain.Source;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of {@code GET /stats}, computed from leads alone (no AWS types), so that they can be
 * checked against a known set of leads: volumes by source, status and grade, where leads were
 * assigned, speed-to-lead percentiles, parked leads and how often the SLA was missed.
 */
public final class LeadStats {
    /** The lead attributes the figures need: what the table scan reads. */
    public static final List<String> ATTRIBUTES =
            List.of("leadId", "status", "source", "grade", "assignment", "history", "receivedAt");

    private LeadStats() {
    }

    /**
     * @param since           the lower bound on receivedAt the figures were restricted to; null for all leads
     * @param leads           how many leads the figures cover
     * @param assignments     leads by the team, rep and strategy of their current (or, once closed, last) assignment
     * @param reassignments   re-routings after a missed SLA, over the leads counted
     * @param speedToLeadMs   receipt to first assignment, over the leads ever assigned
     * @param parked          leads waiting UNASSIGNED now
     */
    public record Figures(String since, int leads, Map<String, Integer> bySource, Map<String, Integer> byStatus,
                          Map<String, Integer> grades, Assignments assignments, int reassignments,
                          Percentiles speedToLeadMs, int parked, SlaMisses slaMisses) {
    }

    public record Assignments(int leads, Map<String, Integer> byTeam, Map<String, Integer> byRep,
                              Map<String, Integer> byStrategy) {
    }

    /** Nearest-rank percentiles; all null when there is no value. */
    public record Percentiles(int count, Long p50, Long p90, Long p99, Long max) {
        static Percentiles of(List<Long> values) {
            List<Long> sorted = values.stream().sorted().toList();
            if (sorted.isEmpty()) {
                return new Percentiles(0, null, null, null, null);
            }
            return new Percentiles(sorted.size(), rank(sorted, 50), rank(sorted, 90), rank(sorted, 99),
                    sorted.getLast());
        }

        private static long rank(List<Long> sorted, int percentile) {
            int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
            return sorted.get(Math.max(rank, 1) - 1);
        }
    }

    /**
     * @param leads         leads whose SLA was missed at least once
     * @param assignedLeads leads ever assigned
     * @param rate          leads / assignedLeads; null when nothing was assigned
     */
    public record SlaMisses(int leads, int assignedLeads, Double rate) {
    }

    public static Figures compute(Collection<Lead> leads, Instant since) {
        Map<String, Integer> bySource = zeroes(Source.values());
        Map<String, Integer> byStatus = zeroes(LeadStatus.values());
        Map<String, Integer> grades = zeroes(Grade.values());
        Map<String, Integer> byTeam = new TreeMap<>();
        Map<String, Integer> byRep = new TreeMap<>();
        Map<String, Integer> byStrategy = new TreeMap<>();
        List<Long> speeds = new ArrayList<>();
        int counted = 0;
        int assigned = 0;
        int reassignments = 0;
        int slaMissed = 0;
        int everAssigned = 0;
        for (Lead lead : leads) {
            if (since != null && (lead.receivedAt == null || Instant.parse(lead.receivedAt).isBefore(since))) {
                continue;
            }
            counted++;
            increment(bySource, lead.source);
            increment(byStatus, lead.status);
            increment(grades, lead.grade);
            if (lead.assignment != null) {
                assigned++;
                increment(byTeam, lead.assignment.team());
                increment(byRep, lead.assignment.repId());
                increment(byStrategy, lead.assignment.strategy());
            }
            lead.speedToLead().map(Duration::toMillis).ifPresent(speeds::add);
            if (lead.firstAssignedAt().isPresent()) {
                everAssigned++;
            }
            reassignments += count(lead, "REASSIGNED");
            if (count(lead, "SLA_MISSED") > 0) {
                slaMissed++;
            }
        }
        return new Figures(since == null ? null : since.toString(), counted, bySource, byStatus, grades,
                new Assignments(assigned, byTeam, byRep, byStrategy), reassignments, Percentiles.of(speeds),
                byStatus.get(LeadStatus.UNASSIGNED.name()),
                new SlaMisses(slaMissed, everAssigned, everAssigned == 0 ? null : (double) slaMissed / everAssigned));
    }

    private static Map<String, Integer> zeroes(Enum<?>[] values) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Enum<?> value : values) {
            counts.put(value.name(), 0);
        }
        return counts;
    }

    /** Counts under the value's name; a lead without the value is not counted there. */
    private static void increment(Map<String, Integer> counts, Object value) {
        if (value != null) {
            counts.merge(value instanceof Enum<?> e ? e.name() : value.toString(), 1, Integer::sum);
        }
    }

    private static int count(Lead lead, String event) {
        int count = 0;
        for (HistoryEntry entry : lead.history) {
            if (event.equals(entry.event())) {
                count++;
            }
        }
        return count;
    }
}
