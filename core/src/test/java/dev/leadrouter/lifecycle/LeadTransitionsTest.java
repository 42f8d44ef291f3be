package dev.leadrouter.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.domain.Assignment;
import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.HistoryEntry;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.domain.Source;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each step of a lead's life: allowed only from the states it leaves, recorded as the contract names it. */
class LeadTransitionsTest {
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant LATER = AT.plusSeconds(60);

    @Test
    void aReceivedLeadIsQualifiedDueForRouting() {
        Lead lead = received();

        LeadTransitions.Changed changed = assertInstanceOf(LeadTransitions.Changed.class,
                LeadTransitions.qualify(lead, 80, Grade.HOT, AT, LATER));

        assertEquals(LeadStatus.QUALIFIED, lead.status);
        assertEquals(80, lead.score);
        assertEquals(LATER.toEpochMilli(), lead.dueAt);
        assertEquals(new HistoryEntry(AT.toString(), "QUALIFIED", "score 80 grade HOT"), lead.history.getLast());
        assertEquals(AT, changed.event().at());
    }

    @Test
    void onlyAReceivedLeadIsScored() {
        Lead lead = received();
        LeadTransitions.disqualify(lead, 0, Grade.COLD, List.of("rival"), AT);

        assertInstanceOf(LeadTransitions.Rejected.class, LeadTransitions.qualify(lead, 80, Grade.HOT, AT, LATER));
        assertInstanceOf(LeadTransitions.Rejected.class, LeadTransitions.nurture(lead, 1, AT, LATER));
        assertEquals(LeadStatus.DISQUALIFIED, lead.status);
        assertNull(lead.dueAt);
        assertEquals("by rule [rival]", lead.history.getLast().detail());
    }

    @Test
    void assignAndReassignAreNamedAsTheContractNamesThem() {
        Lead lead = received();
        LeadTransitions.qualify(lead, 80, Grade.HOT, AT, LATER);

        LeadTransitions.assign(lead, assignment("anna", false), AT, LATER);
        assertEquals("ASSIGNED", lead.history.getLast().event());
        assertEquals("to anna (team dach, r1, ROUND_ROBIN)", lead.history.getLast().detail());

        LeadTransitions.takeFrom(lead, "SLA_MISSED", "rep anna did not accept within 600 s", null, LATER);
        LeadTransitions.assign(lead, assignment("ben", true), LATER, LATER.plusSeconds(600));
        assertEquals(List.of("SLA_MISSED", "REASSIGNED"), lead.history.subList(lead.history.size() - 2,
                lead.history.size()).stream().map(HistoryEntry::event).toList());
        assertEquals(List.of("anna"), lead.missedReps);
        assertEquals("ben", lead.assignment.repId());
    }

    @Test
    void opsTakingALeadIsRecordedAsReassign() {
        Lead lead = assigned();

        LeadTransitions.takeFrom(lead, "REASSIGNED", "taken from rep anna, re-routed", "ops", LATER);

        assertEquals(new HistoryEntry(LATER.toString(), "REASSIGN", "taken from rep anna, re-routed", "ops"),
                lead.history.getLast());
    }

    @Test
    void aParkedLeadParkedAgainOnlyGetsItsNextTry() {
        Lead lead = received();
        LeadTransitions.qualify(lead, 80, Grade.HOT, AT, LATER);
        LeadTransitions.park(lead, "no eligible rep", AT, LATER);
        int entries = lead.history.size();

        assertInstanceOf(LeadTransitions.Unchanged.class, LeadTransitions.park(lead, "no eligible rep", LATER,
                LATER.plusSeconds(60)));

        assertEquals(LeadStatus.UNASSIGNED, lead.status);
        assertEquals(entries, lead.history.size());
        assertEquals(LATER.plusSeconds(60).toEpochMilli(), lead.dueAt);
    }

    @Test
    void onlyTheAssigneeAcceptsAndTwiceIsOnce() {
        Lead lead = assigned();

        assertInstanceOf(LeadTransitions.Rejected.class, LeadTransitions.accept(lead, "ben", "ben", LATER));
        assertInstanceOf(LeadTransitions.Changed.class, LeadTransitions.accept(lead, "anna", "anna", LATER));
        assertInstanceOf(LeadTransitions.Unchanged.class, LeadTransitions.accept(lead, "anna", "anna", LATER));

        assertEquals(LeadStatus.ACCEPTED, lead.status);
        assertNull(lead.dueAt);
        assertEquals(new HistoryEntry(LATER.toString(), "ACCEPTED", "by anna", "anna"), lead.history.getLast());
    }

    @Test
    void aClosedLeadCannotBeClosedAgain() {
        Lead lead = assigned();

        assertInstanceOf(LeadTransitions.Changed.class, LeadTransitions.close(lead, "WON", "WON, frees anna", "anna",
                LATER));
        LeadTransitions.Rejected again = assertInstanceOf(LeadTransitions.Rejected.class,
                LeadTransitions.close(lead, "LOST", "LOST", "ops", LATER));

        assertEquals("lead is already CLOSED (WON)", again.reason());
        assertEquals("WON", lead.outcome);
        assertTrue(lead.history.stream().filter(entry -> entry.event().equals("CLOSED")).count() == 1);
    }

    @Test
    void aLeadHeldByNobodyCannotBeTaken() {
        Lead lead = received();

        assertInstanceOf(LeadTransitions.Rejected.class,
                LeadTransitions.takeFrom(lead, "DECLINED", "declined by anna", "anna", AT));
    }

    private static Lead received() {
        Lead lead = new Lead();
        lead.leadId = "lead-1";
        lead.source = Source.WEB_FORM;
        LeadTransitions.receive(lead, AT, LATER);
        assertEquals(new HistoryEntry(AT.toString(), "RECEIVED", "from WEB_FORM"), lead.history.getLast());
        return lead;
    }

    private static Lead assigned() {
        Lead lead = received();
        LeadTransitions.qualify(lead, 80, Grade.HOT, AT, LATER);
        LeadTransitions.assign(lead, assignment("anna", false), AT, LATER);
        return lead;
    }

    private static Assignment assignment(String repId, boolean reassignment) {
        return new Assignment(repId, repId + "@reps.example", "dach", "r1", "ROUND_ROBIN", AT.toString(), reassignment,
                reassignment ? "anna" : null, reassignment ? "SLA_MISSED" : null);
    }
}
