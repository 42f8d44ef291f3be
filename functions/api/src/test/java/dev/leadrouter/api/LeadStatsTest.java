package dev.leadrouter.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.domain.Assignment;
import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.domain.Source;
import dev.leadrouter.json.Json;
import dev.leadrouter.stats.SpeedHistogram;
import dev.leadrouter.stats.StatsDeltas;
import dev.leadrouter.stats.StatsKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The figures of GET /stats from the aggregates of a known set of leads, computed as the stats function does. */
class LeadStatsTest {
    private static final Instant T0 = Instant.parse("2026-12-02T09:00:00Z");
    private static final Instant NOW = T0.plus(Duration.ofDays(3));
    /** The histogram's bucket error. */
    private static final double ERROR = Math.pow(2, 1.0 / 32) - 1;

    @Test
    void percentilesUseTheNearestRankWithinTheBucketError() {
        List<Long> values = new ArrayList<>();
        for (long v = 100; v >= 1; v--) {
            values.add(v * 10);
        }
        assertPercentiles(100, 500, 900, 990, 1000, percentiles(values));
        assertPercentiles(1, 7, 7, 7, 7, percentiles(List.of(7L)));
        assertPercentiles(3, 20, 30, 30, 30, percentiles(List.of(30L, 10L, 20L)));
        assertEquals(new LeadStats.Percentiles(0, null, null, null, null), percentiles(List.of()));
    }

    @Test
    void figuresOfAKnownSetOfLeads() {
        List<Lead> leads = List.of(
                // assigned after 1 s, accepted
                assigned(lead(Source.WEB_FORM, Grade.HOT, 0), 1_000, "r-anna", "emea", "ROUND_ROBIN", LeadStatus.ACCEPTED),
                // assigned after 3 s
                assigned(lead(Source.WEB_FORM, Grade.WARM, 10), 3_000, "r-ben", "emea", "ROUND_ROBIN", LeadStatus.ASSIGNED),
                // assigned after 2 s, SLA missed, re-routed to another rep
                reassigned(assigned(lead(Source.CHAT, Grade.HOT, 20), 2_000, "r-anna", "emea", "ROUND_ROBIN",
                        LeadStatus.ASSIGNED), "r-cleo"),
                // to the account owner after 10 s, then closed
                assigned(lead(Source.CRM_IMPORT, Grade.WARM, 30), 10_000, "r-dan", "na", "ACCOUNT_OWNER", LeadStatus.CLOSED),
                // nobody free: parked
                parked(lead(Source.WEB_FORM, Grade.HOT, 40)),
                // assigned, SLA missed, nobody else free: parked again
                parked(missed(assigned(lead(Source.WEB_FORM, Grade.WARM, 50), 5_000, "r-ben", "emea", "WEIGHTED",
                        LeadStatus.ASSIGNED))),
                status(lead(Source.EVENT, Grade.COLD, 60), LeadStatus.NURTURE),
                status(lead(Source.EVENT, null, 70), LeadStatus.RECEIVED));

        LeadStats.Figures figures = figures(leads, null);

        assertNull(figures.since());
        assertEquals(8, figures.leads());
        assertEquals(4, figures.bySource().get("WEB_FORM"));
        assertEquals(1, figures.bySource().get("CHAT"));
        assertEquals(1, figures.bySource().get("CRM_IMPORT"));
        assertEquals(2, figures.bySource().get("EVENT"));
        assertEquals(0, figures.bySource().get("PARTNER"));
        assertEquals(Map.of("RECEIVED", 1, "QUALIFIED", 0, "NURTURE", 1, "DISQUALIFIED", 0, "UNASSIGNED", 2,
                "ASSIGNED", 2, "ACCEPTED", 1, "CLOSED", 1), figures.byStatus());
        assertEquals(Map.of("HOT", 3, "WARM", 3, "COLD", 1), figures.grades());

        // current assignments: r-anna (accepted), r-ben, r-cleo (re-routed), r-dan (closed)
        assertEquals(4, figures.assignments().leads());
        assertEquals(Map.of("emea", 3, "na", 1), figures.assignments().byTeam());
        assertEquals(Map.of("r-anna", 1, "r-ben", 1, "r-cleo", 1, "r-dan", 1), figures.assignments().byRep());
        assertEquals(Map.of("ROUND_ROBIN", 3, "ACCOUNT_OWNER", 1), figures.assignments().byStrategy());
        assertEquals(1, figures.reassignments());

        // first assignments after 1, 3, 2, 10 and 5 s
        assertPercentiles(5, 3_000, 10_000, 10_000, 10_000, figures.speedToLeadMs());
        assertEquals(2, figures.parked());
        assertEquals(new LeadStats.SlaMisses(2, 5, 0.4), figures.slaMisses());
    }

    @Test
    void sinceKeepsLeadsReceivedFromThenOn() {
        List<Lead> leads = List.of(
                assigned(lead(Source.WEB_FORM, Grade.HOT, 0), 1_000, "r-anna", "emea", "ROUND_ROBIN", LeadStatus.ASSIGNED),
                assigned(lead(Source.CHAT, Grade.HOT, 60), 4_000, "r-ben", "emea", "ROUND_ROBIN", LeadStatus.ASSIGNED),
                parked(lead(Source.CHAT, Grade.WARM, 120)));

        LeadStats.Figures figures = figures(leads, T0.plusSeconds(60));

        assertEquals("2026-12-02T09:01:00Z", figures.since());
        assertEquals(2, figures.leads());
        assertEquals(0, figures.bySource().get("WEB_FORM"));
        assertPercentiles(1, 4_000, 4_000, 4_000, 4_000, figures.speedToLeadMs());
        assertEquals(1, figures.parked());
        assertEquals(new LeadStats.SlaMisses(0, 1, 0.0), figures.slaMisses());
    }

    @Test
    void noLeadsGiveZeroesAndNoRate() {
        LeadStats.Figures figures = figures(List.of(), null);
        assertEquals(0, figures.leads());
        assertEquals(0, figures.speedToLeadMs().count());
        assertNull(figures.slaMisses().rate());
        assertEquals(0, figures.parked());
    }

    @Test
    void aLeadMovingOnIsCountedOnceWhereItIsNow() {
        Lead received = lead(Source.WEB_FORM, Grade.HOT, 0);
        Lead assigned = assigned(copy(received), 2_000, "r-anna", "emea", "ROUND_ROBIN", LeadStatus.ASSIGNED);
        Lead reassigned = reassigned(copy(assigned), "r-ben");
        LeadStats.Figures figures = figures(List.of(new StatsDeltas.Change("1", null, received),
                new StatsDeltas.Change("2", received, assigned), new StatsDeltas.Change("3", assigned, reassigned)),
                T0, NOW);
        assertEquals(1, figures.leads());
        assertEquals(1, figures.byStatus().get("ASSIGNED"));
        assertEquals(0, figures.byStatus().get("QUALIFIED"));
        assertEquals(Map.of("r-ben", 1), figures.assignments().byRep());
        assertEquals(1, figures.reassignments());
        assertPercentiles(1, 2_000, 2_000, 2_000, 2_000, figures.speedToLeadMs());
        assertEquals(new LeadStats.SlaMisses(1, 1, 1.0), figures.slaMisses());
    }

    /** The figures as GET /stats gives them: the leads' deltas in their aggregate items, those since then summed. */
    private static LeadStats.Figures figures(List<Lead> leads, Instant since) {
        List<StatsDeltas.Change> changes = new ArrayList<>();
        leads.forEach(lead -> changes.add(new StatsDeltas.Change(lead.leadId, null, lead)));
        return figures(changes, since, NOW);
    }

    private static LeadStats.Figures figures(List<StatsDeltas.Change> changes, Instant since, Instant now) {
        Map<String, Map<String, Long>> items = StatsDeltas.deltas(changes);
        Map<String, Long> totals = new HashMap<>();
        for (String key : StatsKey.covering(since, now)) {
            items.getOrDefault(key, Map.of()).forEach((name, amount) -> totals.merge(name, amount, Long::sum));
        }
        return LeadStats.of(totals, since);
    }

    private static LeadStats.Percentiles percentiles(List<Long> values) {
        Map<Integer, Long> counts = new HashMap<>();
        values.forEach(value -> counts.merge(SpeedHistogram.bucket(value), 1L, Long::sum));
        return LeadStats.Percentiles.of(SpeedHistogram.Counts.of(counts));
    }

    private static void assertPercentiles(int count, long p50, long p90, long p99, long max,
                                          LeadStats.Percentiles actual) {
        assertEquals(count, actual.count(), actual.toString());
        assertClose(p50, actual.p50());
        assertClose(p90, actual.p90());
        assertClose(p99, actual.p99());
        assertClose(max, actual.max());
    }

    private static void assertClose(long expected, Long actual) {
        assertTrue(Math.abs(actual - expected) <= expected * ERROR + 1, actual + " is not " + expected + " within "
                + ERROR);
    }

    private static Lead copy(Lead lead) {
        return Json.convert(Json.tree(lead), Lead.class);
    }

    private static Lead lead(Source source, Grade grade, int receivedSecondsAfterT0) {
        Lead lead = new Lead();
        lead.leadId = "lead-" + receivedSecondsAfterT0;
        lead.source = source;
        lead.grade = grade;
        lead.status = LeadStatus.QUALIFIED;
        lead.receivedAt = T0.plusSeconds(receivedSecondsAfterT0).toString();
        lead.addHistory(lead.receivedAt, "RECEIVED", "from " + source);
        return lead;
    }

    private static Lead status(Lead lead, LeadStatus status) {
        lead.status = status;
        return lead;
    }

    private static Lead assigned(Lead lead, long afterMillis, String repId, String team, String strategy, LeadStatus status) {
        String at = Instant.parse(lead.receivedAt).plusMillis(afterMillis).toString();
        lead.addHistory(at, "ASSIGNED", "to " + repId);
        lead.assignment = new Assignment(repId, repId + "@example.com", team, "rule-" + team, strategy, at, false);
        lead.status = status;
        return lead;
    }

    private static Lead missed(Lead lead) {
        String at = Instant.parse(lead.assignment.assignedAt()).plusSeconds(900).toString();
        lead.addHistory(at, "SLA_MISSED", "rep " + lead.assignment.repId() + " did not accept");
        return lead;
    }

    private static Lead reassigned(Lead lead, String repId) {
        missed(lead);
        String at = Instant.parse(lead.assignment.assignedAt()).plusSeconds(900).toString();
        lead.addHistory(at, "REASSIGNED", "to " + repId);
        lead.assignment = new Assignment(repId, repId + "@example.com", lead.assignment.team(), lead.assignment.ruleId(),
                lead.assignment.strategy(), at, true);
        return lead;
    }

    private static Lead parked(Lead lead) {
        lead.addHistory(lead.receivedAt, "UNASSIGNED", "parked");
        lead.assignment = null;
        lead.status = LeadStatus.UNASSIGNED;
        return lead;
    }
}
