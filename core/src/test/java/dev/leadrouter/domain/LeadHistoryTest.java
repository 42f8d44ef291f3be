package dev.leadrouter.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LeadHistoryTest {

    @Test
    void aLeadReroutedAgainAndAgainKeepsItsHeadASummaryAndItsRecentHistory() {
        Lead lead = new Lead();
        Instant start = Instant.parse("2026-11-23T10:00:00Z");
        lead.addHistory(start.toString(), "RECEIVED", "web form");
        lead.addHistory(start.plusSeconds(1).toString(), "QUALIFIED", "score 70 grade HOT");
        lead.addHistory(start.plusSeconds(2).toString(), "ASSIGNED", "r-anna");
        int reroutes = 500;
        for (int i = 0; i < reroutes; i++) {
            lead.addHistory(start.plusSeconds(10L + 2 * i).toString(), "SLA_MISSED", "r-" + i);
            lead.addHistory(start.plusSeconds(11L + 2 * i).toString(), "ASSIGNED", "r-" + (i + 1));
            assertTrue(lead.history.size() <= Lead.MAX_HISTORY, "history of " + lead.history.size());
        }

        assertEquals(Lead.MAX_HISTORY, lead.history.size());
        assertEquals("RECEIVED", lead.history.get(0).event());
        assertEquals("ASSIGNED", lead.history.get(2).event());
        assertEquals(start.plusSeconds(2), lead.firstAssignedAt().orElseThrow(), "speed-to-lead still reads the first");
        HistoryEntry summary = lead.history.get(3);
        assertEquals(Lead.EARLIER_HISTORY, summary.event());
        int folded = 3 + 2 * reroutes - (Lead.MAX_HISTORY - 1);
        int counted = 0;
        for (String part : summary.detail().split(", ")) {
            counted += Integer.parseInt(part.substring(part.lastIndexOf(" x") + 2));
        }
        assertEquals(folded, counted, summary.detail());
        assertEquals("r-" + reroutes, lead.history.getLast().detail());
    }
}
