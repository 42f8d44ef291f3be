package dev.leadrouter.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.config.Config;
import dev.leadrouter.domain.Assignment;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.handoff.HandOffConfig;
import dev.leadrouter.handoff.HandOffMessage;
import dev.leadrouter.handoff.Outcome;
import dev.leadrouter.lambda.PermanentFailure;
import dev.leadrouter.port.Leads;
import dev.leadrouter.port.RepRoster;
import dev.leadrouter.port.RuleSource;
import dev.leadrouter.testing.InMemoryTables;
import dev.leadrouter.testing.RecordingPublisher;
import dev.leadrouter.testing.TestClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * What the hand-off reads per message: the rep's item always, the settings item at most once per rules cache
 * TTL, and the lead only when something is to be sent. Reads are counted on the ports, as the DynamoDB
 * adapters behind them make one request per call.
 */
class HandOffReadsTest {
    private static final Duration TTL = Duration.ofSeconds(5);
    private static final String ASSIGNED_AT = "2026-11-23T10:00:00Z";
    /** Nothing listens there: a write-back to it fails at once and is queued for a retry. */
    private static final String SALESFORCE_URL = "http://127.0.0.1:9";

    private final TestClock clock = TestClock.at(Instant.parse("2026-11-23T10:00:01Z"));
    private final InMemoryTables tables = new InMemoryTables(clock);
    private final Map<String, LongAdder> reads = new ConcurrentHashMap<>();
    private final List<String> emailedTo = new CopyOnWriteArrayList<>();
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final HandOff handOff = new HandOff(counted(Leads.class, tables), new OrgItems(
            counted(RepRoster.class, tables.reps()), counted(RuleSource.class, tables.rules()), TTL, clock),
            tables, new WebPoster(), (from, to, email, leadId, repId) -> {
                emailedTo.add(to);
                return Outcome.SENT;
            }, publisher, new HandOffConfig(null, null, "link-secret", "https://api.example.com", null,
            "leads@example.com", SALESFORCE_URL, null, null, null), clock);

    HandOffReadsTest() {
        tables.putRule("""
                {"ruleId": "settings", "stage": "SETTINGS", "slaSeconds": 600, "webhookSecret": "whsec"}""");
        tables.putRep("""
                {"repId": "r-quiet", "name": "Quiet Rep", "email": "quiet@example.com", "teams": ["inbound"],
                 "active": true, "capacity": 10, "openLeads": 1, "crmOwnerIds": {"salesforce": "005QUIET"}}""");
    }

    @Test
    void aRepWithNoChannelAndNoDefaultCostsTheRepReadAloneAndTheSettingsOncePerTtl() throws Exception {
        for (int i = 0; i < 3; i++) {
            handOff.handle(assignment(lead("lead-" + i, null), ""));
        }
        assertEquals(3, reads("RepRoster.item"));
        assertEquals(1, reads("RuleSource.item"), "the settings item, kept for the TTL");
        assertEquals(0, reads("Leads.get"), "nothing to send: the lead is not read");
        assertEquals(List.of(), publisher.sent());
    }

    @Test
    void defaultNotifyTurnedOnInTheSettingsTakesEffectAfterTheTtl() throws Exception {
        handOff.handle(assignment(lead("lead-before", null), ""));
        tables.putRule("""
                {"ruleId": "settings", "stage": "SETTINGS", "slaSeconds": 600, "webhookSecret": "whsec",
                 "notify": {"email": true}}""");

        handOff.handle(assignment(lead("lead-within-ttl", null), ""));
        assertEquals(List.of(), emailedTo, "the settings as read within the TTL");

        clock.advance(TTL);
        handOff.handle(assignment(lead("lead-after-ttl", null), ""));
        assertEquals(List.of("quiet@example.com"), emailedTo);
        assertEquals(2, reads("RuleSource.item"));
        assertEquals(1, reads("Leads.get"), "the lead of the one message that sends something");
    }

    @Test
    void aMessageQueuedWithoutTheCrmReadsTheLeadToTellWhetherTheOwnerIsWrittenBack() throws Exception {
        handOff.handle(assignment(lead("lead-imported", "salesforce"), null));
        assertEquals(1, reads("Leads.get"));
        RecordingPublisher.Message retry = publisher.on(Config.Queue.NOTIFICATIONS).getFirst();
        assertEquals("salesforce", retry.body().path("channel").asText(), "the write-back was tried");

        handOff.handle(assignment(lead("lead-typed-in", null), null));
        assertEquals(2, reads("Leads.get"));
        assertEquals(1, publisher.sent().size(), "a lead from no CRM has no write-back");
    }

    @Test
    void aMessageCarryingTheLeadsCrmStillWritesTheOwnerBack() throws Exception {
        handOff.handle(assignment(lead("lead-imported", "salesforce"), "salesforce"));
        RecordingPublisher.Message retry = publisher.on(Config.Queue.NOTIFICATIONS).getFirst();
        assertEquals("salesforce", retry.body().path("channel").asText());
    }

    @Test
    void anUnknownRepFailsForGoodUnlessTheAssignmentMovedOn() throws Exception {
        Lead lead = lead("lead-gone-rep", null);
        HandOffMessage toNobody = new HandOffMessage(HandOffMessage.ASSIGNED, lead.leadId, "r-gone", ASSIGNED_AT,
                ASSIGNED_AT, null, null, "", null, 0);
        PermanentFailure failure = assertThrows(PermanentFailure.class, () -> handOff.handle(toNobody));
        assertTrue(failure.getMessage().contains("unknown rep r-gone"), failure.getMessage());

        lead.assignment = new Assignment("r-quiet", "quiet@example.com", "inbound", "everyone", "ROUND_ROBIN",
                "2026-11-23T10:05:00Z", true, "r-gone", "DECLINED");
        tables.putLead(lead);
        handOff.handle(toNobody);
    }

    private Lead lead(String leadId, String crm) {
        Lead lead = new Lead();
        lead.leadId = leadId;
        lead.firstName = "Bo";
        lead.lastName = "Buyer";
        if (crm != null) {
            lead.crm = crm;
            lead.externalId = "00Q" + leadId;
        }
        lead.assignment = new Assignment("r-quiet", "quiet@example.com", "inbound", "everyone", "ROUND_ROBIN",
                ASSIGNED_AT, false, null, null);
        tables.putLead(lead);
        return lead;
    }

    private static HandOffMessage assignment(Lead lead, String crm) {
        return new HandOffMessage(HandOffMessage.ASSIGNED, lead.leadId, "r-quiet", ASSIGNED_AT, ASSIGNED_AT, null,
                null, crm, null, 0);
    }

    private long reads(String call) {
        LongAdder count = reads.get(call);
        return count == null ? 0 : count.sum();
    }

    /** {@code port} with each call counted as "Interface.method". */
    private <T> T counted(Class<T> type, T port) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            reads.computeIfAbsent(type.getSimpleName() + "." + method.getName(), call -> new LongAdder()).increment();
            try {
                return method.invoke(port, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}
