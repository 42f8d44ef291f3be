package dev.leadrouter.api;

import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.domain.Source;
import dev.leadrouter.stats.LeadCounters;
import dev.leadrouter.stats.SpeedHistogram;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of {@code GET /stats} from the aggregates the stats function keeps (no AWS types): volumes by
 * source, status and grade, where leads were assigned, speed-to-lead percentiles (from a histogram, within
 * 2.2%), parked leads and how often the SLA was missed.
 */
public final class LeadStats {
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

    /** Nearest-rank percentiles of the speed histogram's bucket values; all null when there is no value. */
    public record Percentiles(int count, Long p50, Long p90, Long p99, Long max) {
        static Percentiles of(SpeedHistogram.Counts counts) {
            long count = counts.count();
            return new Percentiles((int) count, counts.percentile(50), counts.percentile(90), counts.percentile(99),
                    counts.max());
        }
    }

    /**
     * @param leads         leads whose SLA was missed at least once
     * @param assignedLeads leads ever assigned
     * @param rate          leads / assignedLeads; null when nothing was assigned
     */
    public record SlaMisses(int leads, int assignedLeads, Double rate) {
    }

    /**
     * The figures of the summed counters of the aggregate items ({@link LeadCounters} names) of the leads
     * received since {@code since} (null: all).
     */
    public static Figures of(Map<String, Long> counters, Instant since) {
        Map<String, Integer> bySource = zeroes(Source.values());
        Map<String, Integer> byStatus = zeroes(LeadStatus.values());
        Map<String, Integer> grades = zeroes(Grade.values());
        Map<String, Integer> byTeam = new TreeMap<>();
        Map<String, Integer> byRep = new TreeMap<>();
        Map<String, Integer> byStrategy = new TreeMap<>();
        Map<Integer, Long> speeds = new TreeMap<>();
        counters.forEach((name, amount) -> {
            if (amount == 0) {
                return; // an item seen by a lead that has moved on
            }
            int hash = name.indexOf('#');
            if (hash < 0) {
                return;
            }
            String prefix = name.substring(0, hash + 1);
            String value = name.substring(hash + 1);
            switch (prefix) {
                case LeadCounters.SOURCE -> bySource.merge(value, amount.intValue(), Integer::sum);
                case LeadCounters.STATUS -> byStatus.merge(value, amount.intValue(), Integer::sum);
                case LeadCounters.GRADE -> grades.merge(value, amount.intValue(), Integer::sum);
                case LeadCounters.TEAM -> byTeam.merge(value, amount.intValue(), Integer::sum);
                case LeadCounters.REP -> byRep.merge(value, amount.intValue(), Integer::sum);
                case LeadCounters.STRATEGY -> byStrategy.merge(value, amount.intValue(), Integer::sum);
                case LeadCounters.SPEED -> speeds.merge(Integer.parseInt(value), amount, Long::sum);
                default -> { }
            }
        });
        int everAssigned = count(counters, LeadCounters.EVER_ASSIGNED);
        int slaMissed = count(counters, LeadCounters.SLA_MISSED);
        return new Figures(since == null ? null : since.toString(), count(counters, LeadCounters.LEADS), bySource,
                byStatus, grades, new Assignments(count(counters, LeadCounters.ASSIGNED), byTeam, byRep, byStrategy),
                count(counters, LeadCounters.REASSIGNMENTS), Percentiles.of(SpeedHistogram.Counts.of(speeds)),
                byStatus.get(LeadStatus.UNASSIGNED.name()),
                new SlaMisses(slaMissed, everAssigned, everAssigned == 0 ? null : (double) slaMissed / everAssigned));
    }

    private static int count(Map<String, Long> counters, String name) {
        return counters.getOrDefault(name, 0L).intValue();
    }

    private static Map<String, Integer> zeroes(Enum<?>[] values) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Enum<?> value : values) {
            counts.put(value.name(), 0);
        }
        return counts;
    }
}
