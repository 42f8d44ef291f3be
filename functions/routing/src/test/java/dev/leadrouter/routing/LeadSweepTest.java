package dev.leadrouter.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.config.Config;
import dev.leadrouter.domain.Assignment;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.testing.InMemoryTables;
import dev.leadrouter.testing.RecordingPublisher;
import dev.leadrouter.testing.TestClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sweep on the in-memory ports: every due lead goes back to its stage once, and is not due again at once. */
class LeadSweepTest {
    private final TestClock clock = TestClock.at(Instant.parse("2026-12-01T10:00:00Z"));
    private final InMemoryTables tables = new InMemoryTables(clock);
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final Config config = Config.local("http://localhost:9324/000000000000");
    private final LeadSweep sweep = new LeadSweep(tables, publisher, config, clock);

    @Test
    void eachDueLeadIsReDrivenThroughItsStage() {
        lead("received", LeadStatus.RECEIVED, -1);
        lead("qualified", LeadStatus.QUALIFIED, -1);
        lead("parked", LeadStatus.UNASSIGNED, -1);
        lead("assigned", LeadStatus.ASSIGNED, -1);
        lead("not-yet", LeadStatus.QUALIFIED, 60_000);
        lead("closed", LeadStatus.CLOSED, -1);

        Map<LeadStatus, Integer> counts = sweep.sweep();

        assertEquals(Map.of(LeadStatus.RECEIVED, 1, LeadStatus.QUALIFIED, 1, LeadStatus.UNASSIGNED, 1,
                LeadStatus.ASSIGNED, 1), counts);
        assertEquals(List.of("received"), ids(Config.Queue.QUALIFICATION));
        assertEquals(List.of("qualified", "parked", "assigned"), ids(Config.Queue.ROUTING));
        assertEquals("SLA_CHECK", publisher.on(Config.Queue.ROUTING).get(2).body().get("type").textValue());
        assertEquals(clock.instant().plus(config.stuckAfter()).toEpochMilli(),
                tables.get("qualified").orElseThrow().dueAt);
    }

    @Test
    void aSecondSweepRightAfterFindsNothingDue() {
        lead("received", LeadStatus.RECEIVED, -1);
        sweep.sweep();
        publisher.clear();

        assertTrue(sweep.sweep().isEmpty());
        assertEquals(List.of(), publisher.sent());
    }

    private void lead(String leadId, LeadStatus status, long dueInMillis) {
        Lead lead = new Lead();
        lead.leadId = leadId;
        lead.status = status;
        lead.dueAt = status == LeadStatus.CLOSED ? null : clock.millis() + dueInMillis;
        if (status.holdsCapacity()) {
            lead.assignment = new Assignment("anna", "anna@reps.example", "t", "r", "ROUND_ROBIN",
                    clock.instant().toString(), false, null, null);
        }
        assertTrue(tables.saveIfVersion(lead));
    }

    private List<String> ids(Config.Queue queue) {
        return publisher.on(queue).stream().map(m -> m.body().get("leadId").textValue()).toList();
    }
}
