package dev.leadrouter.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class StatsDeltasTest {
    private static final Instant T0 = Instant.parse("2026-12-02T09:15:30Z");

    @Test
    void aNewLeadCountsInItsMinuteHourAndDay() {
        Lead lead = lead("l-1", T0);
        Map<String, Map<String, Long>> deltas = StatsDeltas.deltas(List.of(new StatsDeltas.Change("1", null, lead)));
        assertEquals(List.of("STATS#2026-12-02T09:15", "STATS#2026-12-02T09", "STATS#2026-12-02"),
                List.copyOf(deltas.keySet()));
        assertEquals(Map.of("leads", 1L, "source#WEB_FORM", 1L, "status#QUALIFIED", 1L, "grade#WARM", 1L),
                deltas.get("STATS#2026-12-02T09:15"));
    }

    @Test
    void aStatusChangeMovesOneCountAndTheFirstAssignmentAddsItsSpeed() {
        Lead before = lead("l-1", T0);
        Lead after = lead("l-1", T0);
        after.status = LeadStatus.ASSIGNED;
        String at = T0.plusMillis(250).toString();
        after.addHistory(at, "ASSIGNED", "to r-anna");
        after.assignment = new Assignment("r-anna", "anna@example.com", "emea", "rule", "ROUND_ROBIN", at, false);

        Map<String, Long> delta = StatsDeltas.deltas(List.of(new StatsDeltas.Change("2", before, after)))
                .get("STATS#2026-12-02T09:15");
        assertEquals(Map.of("status#QUALIFIED", -1L, "status#ASSIGNED", 1L, "assigned", 1L, "everAssigned", 1L,
                "team#emea", 1L, "rep#r-anna", 1L, "strategy#ROUND_ROBIN", 1L,
                "speed#" + SpeedHistogram.bucket(250), 1L), delta);
    }

    @Test
    void anUnchangedFigureWritesNothing() {
        Lead before = lead("l-1", T0);
        Lead after = lead("l-1", T0);
        after.phone = "+4930123456";
        assertTrue(StatsDeltas.deltas(List.of(new StatsDeltas.Change("3", before, after))).isEmpty());
    }

    @Test
    void foldedHistoryKeepsItsReassignments() {
        Lead lead = lead("l-1", T0);
        lead.addHistory(T0.toString(), Lead.EARLIER_HISTORY, "REASSIGNED x12, SLA_MISSED x13");
        lead.addHistory(T0.toString(), "REASSIGNED", "to r-ben");
        assertEquals(13L, LeadCounters.of(lead).get(LeadCounters.REASSIGNMENTS));
        assertEquals(1L, LeadCounters.of(lead).get(LeadCounters.SLA_MISSED));
    }

    @Test
    void chunksFitOneTransactionAndTheSameChangesGiveTheSameToken() {
        List<StatsDeltas.Change> changes = new ArrayList<>();
        for (int i = 0; i < 80; i++) { // 80 minutes of two hours of one day: 80 + 2 + 1 items
            changes.add(new StatsDeltas.Change("seq-" + i, null, lead("l-" + i, T0.plusSeconds(60L * i))));
        }
        List<StatsDeltas.Chunk> chunks = StatsDeltas.chunks(changes, 40);
        assertTrue(chunks.size() > 1);
        int records = 0;
        for (StatsDeltas.Chunk chunk : chunks) {
            assertTrue(chunk.deltas().size() <= 40, chunk.deltas().size() + " items");
            assertTrue(chunk.token().length() <= 36);
            records += chunk.changes().size();
        }
        assertEquals(80, records);
        assertEquals(chunks.getFirst().token(), StatsDeltas.chunks(changes, 40).getFirst().token());
        assertNotEquals(chunks.get(0).token(), chunks.get(1).token());
        assertEquals(1, StatsDeltas.chunks(changes).size());
    }

    @Test
    void coveringUsesMinutesThenHoursThenDays() {
        List<String> keys = StatsKey.covering(Instant.parse("2026-12-02T22:58:10Z"), Instant.parse("2026-12-04T01:30:00Z"));
        assertEquals(List.of("STATS#2026-12-02T22:58", "STATS#2026-12-02T22:59", "STATS#2026-12-02T23",
                "STATS#2026-12-03", "STATS#2026-12-04"), keys);
        assertEquals(List.of("STATS#2026-12-01", "STATS#2026-12-02"),
                StatsKey.covering(null, Instant.parse("2026-12-02T10:00:00Z")));
        assertFalse(StatsKey.covering(T0, T0).isEmpty());
    }

    @Test
    void histogramBucketsAreWithinTheirError() {
        double error = Math.pow(2, 1.0 / 32) - 1;
        for (long ms : new long[] {1, 2, 3, 17, 250, 999, 1_000, 59_999, 3_600_000, 86_400_000}) {
            long value = SpeedHistogram.value(SpeedHistogram.bucket(ms));
            assertTrue(Math.abs(value - ms) <= ms * error + 0.5, ms + " reported as " + value);
        }
        assertEquals(0, SpeedHistogram.value(SpeedHistogram.bucket(0)));
    }

    private static Lead lead(String leadId, Instant receivedAt) {
        Lead lead = new Lead();
        lead.leadId = leadId;
        lead.source = Source.WEB_FORM;
        lead.grade = Grade.WARM;
        lead.status = LeadStatus.QUALIFIED;
        lead.receivedAt = receivedAt.toString();
        lead.addHistory(lead.receivedAt, "RECEIVED", "from WEB_FORM");
        return lead;
    }
}
