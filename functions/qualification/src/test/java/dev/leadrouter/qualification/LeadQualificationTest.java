package dev.leadrouter.qualification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.config.Config;
import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.json.Json;
import dev.leadrouter.lambda.PermanentFailure;
import dev.leadrouter.queue.LeadMessage;
import dev.leadrouter.rules.RulesCache;
import dev.leadrouter.testing.InMemoryTables;
import dev.leadrouter.testing.RecordingPublisher;
import dev.leadrouter.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Qualification on the in-memory ports: scores, grades and sends on, once, however often a message comes. */
class LeadQualificationTest {
    private final TestClock clock = TestClock.at(Instant.parse("2026-12-01T10:00:00Z"));
    private final InMemoryTables tables = new InMemoryTables(clock);
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final Config config = Config.local("http://localhost:9324/000000000000");
    private final LeadQualification qualification = new LeadQualification(tables,
            new RulesCache(tables.rules()::all, Duration.ZERO, clock), publisher, config, clock);

    @BeforeEach
    void rules() {
        tables.putRule("""
                {"ruleId": "big", "stage": "QUALIFICATION", "points": 70,
                 "conditions": [{"field": "employees", "op": "gte", "value": 1000}]}""");
        tables.putRule("""
                {"ruleId": "mid", "stage": "QUALIFICATION", "points": 40,
                 "conditions": [{"field": "employees", "op": "gte", "value": 100}]}""");
        tables.putRule("""
                {"ruleId": "rival", "stage": "QUALIFICATION", "disqualify": true,
                 "conditions": [{"field": "emailDomain", "op": "eq", "value": "rival.example"}]}""");
    }

    @Test
    void aHotLeadIsQualifiedAndSentToRoutingUnwrittenForThePlacementToStore() {
        String leadId = received(5000, "acme.example");
        Lead stored = tables.get(leadId).orElseThrow();

        qualification.qualify(message(leadId));

        assertEquals(List.of(leadId), routed());
        Lead lead = sentToRouting();
        assertEquals(LeadStatus.QUALIFIED, lead.status);
        assertEquals(110, lead.score);
        assertEquals(Grade.HOT, lead.grade);
        assertEquals("QUALIFIED", lead.history.getLast().event());
        assertEquals(clock.instant().plus(config.stuckAfter()).toEpochMilli(), lead.dueAt);
        assertTrue(lead.trace.has("qualification"));
        assertEquals(stored.version, lead.version, "the version the placement's write is conditioned on");
        Lead still = tables.get(leadId).orElseThrow();
        assertEquals(LeadStatus.RECEIVED, still.status);
        assertEquals(stored.version, still.version, "no write of its own");
    }

    @Test
    void aWarmLeadIsQualifiedToo() {
        String leadId = received(200, "acme.example");

        qualification.qualify(message(leadId));

        Lead lead = sentToRouting();
        assertEquals(LeadStatus.QUALIFIED, lead.status);
        assertEquals(Grade.WARM, lead.grade);
    }

    @Test
    void aLeadTooLargeToTravelInTheMessageIsWrittenQualifiedAndSentByIdAlone() {
        String leadId = received(5000, "acme.example");
        Lead large = tables.get(leadId).orElseThrow();
        large.message = "x".repeat(70 * 1024);
        assertTrue(tables.saveIfVersion(large));

        qualification.qualify(message(leadId));

        Lead lead = tables.get(leadId).orElseThrow();
        assertEquals(LeadStatus.QUALIFIED, lead.status);
        assertEquals(large.version + 1, lead.version);
        assertEquals(List.of(leadId), routed());
        assertTrue(publisher.on(Config.Queue.ROUTING).get(0).body().path("lead").isMissingNode());
    }

    @Test
    void aColdLeadGoesToNurtureOnceAndIsMarkedSent() {
        String leadId = received(3, "acme.example");

        qualification.qualify(message(leadId));
        qualification.qualify(message(leadId));

        Lead lead = tables.get(leadId).orElseThrow();
        assertEquals(LeadStatus.NURTURE, lead.status);
        assertEquals(Grade.COLD, lead.grade);
        assertEquals("NURTURE", lead.outputSent);
        assertNull(lead.dueAt);
        List<RecordingPublisher.Message> nurture = publisher.on(Config.Queue.NURTURE);
        assertEquals(1, nurture.size());
        assertEquals(leadId, nurture.get(0).body().get("leadId").textValue());
        assertEquals(List.of(), routed());
    }

    @Test
    void aNurtureMessageThatFailedIsSentByTheNextDelivery() {
        String leadId = received(3, "acme.example");
        publisher.down(true);

        assertThrows(IllegalStateException.class, () -> qualification.qualify(message(leadId)));
        publisher.down(false);
        qualification.qualify(message(leadId));

        Lead lead = tables.get(leadId).orElseThrow();
        assertEquals(LeadStatus.NURTURE, lead.status);
        assertEquals("NURTURE", lead.outputSent);
        assertEquals(1, publisher.on(Config.Queue.NURTURE).size());
        assertEquals(1, lead.history.stream().filter(entry -> entry.event().equals("NURTURE")).count());
    }

    @Test
    void theNurtureMarkWaitsUntilTheMessageIsOutAndIsNotWrittenWhenItWasNotAccepted() {
        String leadId = received(3, "acme.example");
        publisher.holdAfterSent(true); // as inside an SQS batch: sends go out when the batch is done

        qualification.qualify(message(leadId));
        assertNull(tables.get(leadId).orElseThrow().outputSent, "not marked before the message is out");
        publisher.dropAfterSent(); // the batch's send failed: the record comes back
        qualification.qualify(message(leadId));
        publisher.runAfterSent();

        Lead lead = tables.get(leadId).orElseThrow();
        assertEquals("NURTURE", lead.outputSent);
        assertEquals(2, publisher.on(Config.Queue.NURTURE).size(), "the lost one and the one sent again");
        assertEquals(1, lead.history.stream().filter(entry -> entry.event().equals("NURTURE")).count());
    }

    @Test
    void aDisqualifyingRuleEndsTheLeadThere() {
        String leadId = received(5000, "rival.example");

        qualification.qualify(message(leadId));

        Lead lead = tables.get(leadId).orElseThrow();
        assertEquals(LeadStatus.DISQUALIFIED, lead.status);
        assertNull(lead.dueAt);
        assertTrue(lead.history.getLast().detail().contains("rival"));
        assertEquals(List.of(), publisher.sent());
    }

    @Test
    void aRedeliveryChangesNothingAndOnlyReSendsToRouting() {
        String leadId = received(5000, "acme.example");
        qualification.qualify(message(leadId));
        Lead first = tables.get(leadId).orElseThrow();

        qualification.qualify(message(leadId));

        Lead again = tables.get(leadId).orElseThrow();
        assertEquals(first.version, again.version);
        assertEquals(first.history, again.history);
        assertEquals(List.of(leadId, leadId), routed()); // routing places the lead once: both copies are of one version
    }

    @Test
    void aLeadStoredQualifiedIsOnlySentToRoutingAgain() {
        String leadId = received(5000, "acme.example");
        Lead lead = tables.get(leadId).orElseThrow();
        lead.message = "x".repeat(70 * 1024); // written QUALIFIED, as a lead too large for the message is
        assertTrue(tables.saveIfVersion(lead));
        qualification.qualify(message(leadId));
        Lead first = tables.get(leadId).orElseThrow();

        qualification.qualify(message(leadId));

        assertEquals(first.version, tables.get(leadId).orElseThrow().version);
        assertEquals(List.of(leadId, leadId), routed()); // routing ignores a lead it placed already
    }

    @Test
    void aLeadPastQualificationIsLeftAsItIs() {
        String leadId = received(5000, "acme.example");
        Lead lead = tables.get(leadId).orElseThrow();
        lead.status = LeadStatus.ASSIGNED;
        assertTrue(tables.saveIfVersion(lead));

        qualification.qualify(message(leadId));

        assertEquals(LeadStatus.ASSIGNED, tables.get(leadId).orElseThrow().status);
        assertEquals(List.of(), publisher.sent());
    }

    @Test
    void anUnknownLeadCanNeverSucceed() {
        PermanentFailure failure = assertThrows(PermanentFailure.class, () -> qualification.qualify(message("nobody")));

        assertEquals("leadId", failure.errors().get(0).field());
    }

    private String received(long employees, String domain) {
        Lead lead = new Lead();
        lead.leadId = "lead-" + employees + "-" + domain;
        lead.status = LeadStatus.RECEIVED;
        lead.email = "ana@" + domain;
        lead.emailDomain = domain;
        lead.freeMail = false;
        lead.employees = employees;
        lead.receivedAt = clock.instant().toString();
        lead.addHistory(lead.receivedAt, "RECEIVED", "from WEB_FORM");
        assertTrue(tables.saveIfVersion(lead));
        return lead.leadId;
    }

    private static String message(String leadId) {
        return Json.write(LeadMessage.qualify(leadId));
    }

    /** The lead the last routing message carries. */
    private Lead sentToRouting() {
        return publisher.on(Config.Queue.ROUTING).getLast().carriedLead();
    }

    private List<String> routed() {
        return publisher.on(Config.Queue.ROUTING).stream().map(m -> m.body().get("leadId").textValue()).toList();
    }
}
