package dev.leadrouter.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.leadrouter.domain.Assignment;
import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.domain.Source;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeadStatsTest {
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void percentilesUseTheNearestRank() {
        List<Long> values = new ArrayList<>();
        for (long v = 100; v >= 1; v--) {
            values.add(v * 10);
        }
        LeadStats.Percentiles percentiles = LeadStats.Percentiles.of(values);
        assertEquals(new LeadStats.Percentiles(100, 500L, 900L, 990L, 1000L), percentiles);

        assertEquals(new LeadStats.Percentiles(1, 7L, 7L, 7L, 7L), LeadStats.Percentiles.of(List.of(7L)));
        assertEquals(new LeadStats.Percentiles(3, 20L, 30L, 30L, 30L), LeadStats.Percentiles.of(List.of(30L, 10L, 20L)));
        assertEquals(new LeadStats.Percentiles(0, null, null, null, null), LeadStats.Percentiles.of(List.of()));
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

        LeadStats.Figures figures = LeadStats.compute(leads, null);

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
        assertEquals(new LeadStats.Percentiles(5, 3_000L, 10_000L, 10_000L, 10_000L), figures.speedToLeadMs());
        assertEquals(2, figures.parked());
        assertEquals(new LeadStats.SlaMisses(2, 5, 0.4), figures.slaMisses());
    }

    @Test
    void sinceKeepsLeadsReceivedFromThenOn() {
        List<Lead> leads = List.of(
                assigned(lead(Source.WEB_FORM, Grade.HOT, 0), 1_000, "r-anna", "emea", "ROUND_ROBIN", LeadStatus.ASSIGNED),
                assigned(lead(Source.CHAT, Grade.HOT, 60), 4_000, "r-ben", "emea", "ROUND_ROBIN", LeadStatus.ASSIGNED),
                parked(lead(Source.CHAT, Grade.WARM, 120)));

        LeadStats.Figures figures = LeadStats.compute(leads, T0.plusSeconds(60));

        assertEquals("2026-03-02T09:01:00Z", figures.since());
        assertEquals(2, figures.leads());
        assertEquals(0, figures.bySource().get("WEB_FORM"));
        assertEquals(new LeadStats.Percentiles(1, 4_000L, 4_000L, 4_000L, 4_000L), figures.speedToLeadMs());
        assertEquals(1, figures.parked());
        assertEquals(new LeadStats.SlaMisses(0, 1, 0.0), figures.slaMisses());
    }

    @Test
    void noLeadsGiveZeroesAndNoRate() {
        LeadStats.Figures figures = LeadStats.compute(List.of(), null);
        assertEquals(0, figures.leads());
        assertEquals(0, figures.speedToLeadMs().count());
        assertNull(figures.slaMisses().rate());
        assertEquals(0, figures.parked());
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
