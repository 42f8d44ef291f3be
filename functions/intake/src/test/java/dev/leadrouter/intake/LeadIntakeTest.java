package dev.leadrouter.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.config.Config;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.domain.Source;
import dev.leadrouter.json.Json;
import dev.leadrouter.testing.InMemoryTables;
import dev.leadrouter.testing.RecordingPublisher;
import dev.leadrouter.testing.TestClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The front door on the in-memory ports: a person is stored once, whatever arrives twice. */
class LeadIntakeTest {
    private final TestClock clock = TestClock.at(Instant.parse("2026-12-01T10:00:00Z"));
    private final InMemoryTables tables = new InMemoryTables(clock);
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final LeadIntake intake = new LeadIntake(tables, publisher,
            Config.local("http://localhost:9324/000000000000"), clock);

    @Test
    void aNewLeadIsStoredReceivedAndQueuedForQualification() {
        LeadIntake.Outcome outcome = submit("{\"email\": \"Ana@Acme.example\", \"phone\": \"+49 30 12345678\"}", null);

        String leadId = assertInstanceOf(LeadIntake.Accepted.class, outcome).leadId();
        assertEquals(202, outcome.status());
        Lead lead = tables.get(leadId).orElseThrow();
        assertEquals(LeadStatus.RECEIVED, lead.status);
        assertEquals("ana@acme.example", lead.email);
        assertEquals("RECEIVED", lead.history.getLast().event());
        assertEquals(leadId, tables.claimHolder("EMAIL#ana@acme.example").orElseThrow());
        assertEquals(leadId, tables.claimHolder("PHONE#+493012345678").orElseThrow());
        assertEquals(List.of(leadId), qualified());
    }

    @Test
    void theSamePersonByEmailIsADuplicateKeptAsATouchpoint() {
        String first = accepted(submit("{\"email\": \"ana@acme.example\", \"message\": \"hi\"}", null));

        LeadIntake.Outcome again = submit("{\"email\": \"ANA@acme.example\", \"message\": \"hello again\"}", null);

        assertEquals(first, assertInstanceOf(LeadIntake.Duplicate.class, again).leadId());
        assertEquals(200, again.status());
        assertEquals(1, tables.allLeads().size());
        Lead lead = tables.get(first).orElseThrow();
        assertEquals(1, lead.touchpoints.size());
        assertEquals("hello again", lead.touchpoints.get(0).message());
    }

    @Test
    void theSamePersonByPhoneIsADuplicate() {
        String first = accepted(submit("{\"email\": \"ana@acme.example\", \"phone\": \"+49 30 12345678\"}", null));

        LeadIntake.Outcome again = submit("{\"email\": \"ana.private@mail.example\", \"phone\": \"+4930 1234 5678\"}",
                null);

        assertEquals(first, assertInstanceOf(LeadIntake.Duplicate.class, again).leadId());
        assertEquals(1, tables.allLeads().size());
    }

    @Test
    void aPersonWhoseLeadWasClosedStartsANewOne() {
        String first = accepted(submit("{\"email\": \"ana@acme.example\"}", null));
        Lead closed = tables.get(first).orElseThrow();
        closed.status = LeadStatus.CLOSED;
        assertTrue(tables.saveIfVersion(closed));

        String second = accepted(submit("{\"email\": \"ana@acme.example\"}", null));

        assertNotEquals(first, second);
        assertEquals(second, tables.claimHolder("EMAIL#ana@acme.example").orElseThrow());
    }

    @Test
    void aReturningPersonTakesOverEveryKeyOfTheClosedLeadAfterOneRefusal() {
        String body = "{\"email\": \"ana@acme.example\", \"phone\": \"+49 30 12345678\"}";
        String first = accepted(submit(body, null));
        Lead closed = tables.get(first).orElseThrow();
        closed.status = LeadStatus.CLOSED;
        assertTrue(tables.saveIfVersion(closed));
        int creationsBefore = tables.creations();
        int readsBefore = tables.leadReads(first);

        String second = accepted(submit(body, null));

        assertEquals(2, tables.creations() - creationsBefore, "one refused transaction, then the one that stores");
        assertEquals(1, tables.leadReads(first) - readsBefore, "the closed lead is read once");
        assertEquals(second, tables.claimHolder("EMAIL#ana@acme.example").orElseThrow());
        assertEquals(second, tables.claimHolder("PHONE#+493012345678").orElseThrow());
    }

    @Test
    void aReturningPersonWhosePhoneIsAnotherOpenLeadsIsThatLeadsDuplicate() {
        String first = accepted(submit("{\"email\": \"ana@acme.example\"}", null));
        String phoneHolder = accepted(submit("{\"email\": \"ben@acme.example\", \"phone\": \"+49 30 12345678\"}",
                null));
        Lead closed = tables.get(first).orElseThrow();
        closed.status = LeadStatus.CLOSED;
        assertTrue(tables.saveIfVersion(closed));

        LeadIntake.Outcome again = submit("{\"email\": \"ana@acme.example\", \"phone\": \"+49 30 12345678\"}",
                null);

        assertEquals(phoneHolder, assertInstanceOf(LeadIntake.Duplicate.class, again).leadId());
        assertEquals(first, tables.claimHolder("EMAIL#ana@acme.example").orElseThrow());
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstAnswer() {
        String body = "{\"email\": \"ana@acme.example\"}";
        String leadId = accepted(submit(body, "key-1"));

        LeadIntake.Outcome replayed = submit(body, "key-1");

        assertInstanceOf(LeadIntake.Replayed.class, replayed);
        assertEquals(202, replayed.status());
        assertEquals(leadId, ((JsonNode) replayed.body()).get("leadId").textValue());
        assertEquals(1, tables.allLeads().size());
        assertEquals(List.of(leadId), qualified());
    }

    @Test
    void anIdempotencyKeyUsedWithAnotherBodyIsRefused() {
        accepted(submit("{\"email\": \"ana@acme.example\"}", "key-1"));

        LeadIntake.Outcome reused = submit("{\"email\": \"ben@acme.example\"}", "key-1");

        assertInstanceOf(LeadIntake.KeyReused.class, reused);
        assertEquals(422, reused.status());
        assertEquals(1, tables.allLeads().size());
    }

    @Test
    void aLeadStoredButNotQueuedIsQueuedByTheRetryWithItsKey() {
        String body = "{\"email\": \"ana@acme.example\"}";
        publisher.down(true);
        LeadIntake.Outcome first = submit(body, "key-1");
        publisher.down(false);

        LeadIntake.Outcome retried = submit(body, "key-1");

        String leadId = assertInstanceOf(LeadIntake.NotQueued.class, first).leadId();
        assertEquals(503, first.status());
        assertEquals(leadId, accepted(retried));
        assertEquals(List.of(leadId), qualified());
        assertEquals(1, tables.allLeads().size());
    }

    @Test
    void theSameCrmRecordImportedTwiceIsOneLead() {
        String record = "{\"email\": \"ana@acme.example\", \"externalId\": \"sf-001\", \"source\": \"CRM_IMPORT\"}";
        String first = accepted(intake.submit(Json.parse(record), Source.CRM_IMPORT, true, null));

        LeadIntake.Outcome again = intake.submit(Json.parse(record.replace("ana@", "ana.new@")), Source.CRM_IMPORT,
                true, null);

        assertEquals(first, assertInstanceOf(LeadIntake.Duplicate.class, again).leadId());
        assertEquals(1, tables.allLeads().size());
    }

    @Test
    void anInvalidLeadStoresNothing() {
        LeadIntake.Outcome outcome = submit("{\"email\": \"not an email\"}", null);

        assertInstanceOf(LeadIntake.Invalid.class, outcome);
        assertEquals(400, outcome.status());
        assertEquals(List.of(), tables.allLeads());
        assertEquals(List.of(), publisher.sent());
    }

    private LeadIntake.Outcome submit(String body, String idempotencyKey) {
        return intake.submit(Json.parse(body), Source.WEB_FORM, false, idempotencyKey);
    }

    private static String accepted(LeadIntake.Outcome outcome) {
        return assertInstanceOf(LeadIntake.Accepted.class, outcome).leadId();
    }

    private List<String> qualified() {
        return publisher.on(Config.Queue.QUALIFICATION).stream().map(m -> m.body().get("leadId").textValue()).toList();
    }
}
