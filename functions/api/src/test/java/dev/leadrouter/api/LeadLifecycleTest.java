package dev.leadrouter.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.config.Config;
import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.handoff.HandOffEvents;
import dev.leadrouter.handoff.HandOffMessage;
import dev.leadrouter.json.Json;
import dev.leadrouter.pipeline.ParkedLeads;
import dev.leadrouter.pipeline.RoutingDecisions;
import dev.leadrouter.port.Leads;
import dev.leadrouter.queue.LeadMessage;
import dev.leadrouter.routing.LeadRouter;
import dev.leadrouter.routing.RoutingPlanner;
import dev.leadrouter.rules.RulesCache;
import dev.leadrouter.testing.InMemoryTables;
import dev.leadrouter.testing.RecordingPublisher;
import dev.leadrouter.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Accept, decline, reassign and close on the in-memory ports: each capacity unit comes back exactly once. */
class LeadLifecycleTest {
    private final TestClock clock = TestClock.at(Instant.parse("2026-12-01T10:00:00Z"));
    private final InMemoryTables tables = new InMemoryTables(clock);
    private final RecordingPublisher publisher = new RecordingPublisher();
    private LeadRouter router;
    private LeadLifecycle lifecycle;

    @BeforeEach
    void org() {
        tables.putRule("{\"ruleId\": \"all\", \"stage\": \"ROUTING\", \"priority\": 1, \"team\": \"t\"}");
        tables.putRep("{\"repId\": \"anna\", \"email\": \"anna@reps.example\", \"teams\": [\"t\"], \"capacity\": 3}");
        tables.putRep("{\"repId\": \"ben\", \"email\": \"ben@reps.example\", \"teams\": [\"t\"], \"capacity\": 3}");
        RoutingDecisions decisions = new RoutingDecisions(new RulesCache(tables.rules()::all, Duration.ZERO, clock),
                tables.reps(), tables.accounts(), new RoutingPlanner(new Random(3)));
        ParkedLeads parked = new ParkedLeads(tables, publisher);
        HandOffEvents handOff = new HandOffEvents(publisher);
        router = new LeadRouter(tables, tables.reps(), tables, decisions, parked, publisher, handOff,
                Config.local("http://localhost:9324/000000000000"), clock);
        lifecycle = new LeadLifecycle(tables, tables, tables.reps(), parked, router, handOff,
                () -> decisions.rules().settings(), clock);
    }

    @Test
    void theAssigneeAcceptsOnceAndOthersAreRefused() {
        Lead lead = assigned();
        String holder = lead.assignment.repId();
        String other = holder.equals("anna") ? "ben" : "anna";

        assertInstanceOf(LeadLifecycle.Conflict.class, lifecycle.accept(lead, other));
        int readsBefore = tables.leadReads(lead.leadId);
        assertInstanceOf(LeadLifecycle.Done.class, lifecycle.accept(lead, holder));
        assertEquals(readsBefore, tables.leadReads(lead.leadId), "accepted on the lead as the caller read it");
        assertInstanceOf(LeadLifecycle.Done.class, lifecycle.accept(lead, holder));

        Lead accepted = tables.get(lead.leadId).orElseThrow();
        assertEquals(LeadStatus.ACCEPTED, accepted.status);
        assertEquals(1, accepted.history.stream().filter(entry -> entry.event().equals("ACCEPTED")).count());
        assertEquals(1, publisher.on(Config.Queue.NOTIFICATIONS).stream()
                .filter(m -> m.body().get("event").textValue().equals(HandOffMessage.ACCEPTED)).count());
    }

    @Test
    void closingFreesTheHoldersCapacityOnceAndLeavesTheDedupeKeysForIntakeToTakeOver() {
        Lead lead = assigned();
        String holder = lead.assignment.repId();
        assertEquals(lead.leadId, tables.claimHolder("EMAIL#ana@acme.example").orElseThrow());

        int readsBefore = tables.leadReads(lead.leadId);
        assertInstanceOf(LeadLifecycle.Done.class, lifecycle.close(lead, "WON", "ops"));
        assertEquals(readsBefore, tables.leadReads(lead.leadId), "closed on the lead as the caller read it");
        assertInstanceOf(LeadLifecycle.Conflict.class, lifecycle.close(tables.get(lead.leadId).orElseThrow(), "LOST", "ops"));

        assertEquals(0, tables.openLeads(holder));
        assertEquals(LeadStatus.CLOSED, tables.get(lead.leadId).orElseThrow().status);
        // No delete per close: a returning person's lead takes the key over (LeadIntakeTest).
        assertEquals(lead.leadId, tables.claimHolder("EMAIL#ana@acme.example").orElseThrow());
    }

    @Test
    void theClosedEventIsQueuedOnlyForARepWithTheGenericWebhookOfTheirOwnOrByDefault() {
        Lead withoutWebhook = assigned("lead-quiet", "quiet@acme.example");
        assertInstanceOf(LeadLifecycle.Done.class, lifecycle.close(withoutWebhook, "WON", "ops"));
        assertEquals(List.of(), closedEvents());

        Lead ownWebhook = assigned("lead-own-hook", "own-hook@acme.example");
        tables.putRep("{\"repId\": \"" + ownWebhook.assignment.repId() + "\", \"teams\": [\"t\"], \"capacity\": 3,"
                + " \"openLeads\": 1, \"notify\": {\"webhookUrl\": \"https://hook.example/rep\"}}");
        assertInstanceOf(LeadLifecycle.Done.class, lifecycle.close(ownWebhook, "LOST", "ops"));
        assertEquals(List.of("lead-own-hook"), closedEvents());

        tables.putRule("{\"ruleId\": \"settings\", \"stage\": \"SETTINGS\","
                + " \"notify\": {\"webhookUrl\": \"https://hook.example/all\"}}");
        Lead defaultWebhook = assigned("lead-default-hook", "default-hook@acme.example");
        assertInstanceOf(LeadLifecycle.Done.class, lifecycle.close(defaultWebhook, "WON", "ops"));
        assertEquals(List.of("lead-own-hook", "lead-default-hook"), closedEvents());
    }

    @Test
    void aCloseOnACopyGoneStaleReadsTheLeadAgainAndClosesItAsItNowIs() {
        Lead lead = assigned();
        Lead stale = tables.get(lead.leadId).orElseThrow();
        assertInstanceOf(LeadLifecycle.Done.class, lifecycle.accept(lead, lead.assignment.repId()));

        assertInstanceOf(LeadLifecycle.Done.class, lifecycle.close(stale, "WON", "ops"));

        Lead closed = tables.get(lead.leadId).orElseThrow();
        assertEquals(LeadStatus.CLOSED, closed.status);
        assertEquals(List.of("ACCEPTED", "CLOSED"), closed.history.stream().map(e -> e.event())
                .filter(event -> event.equals("ACCEPTED") || event.equals("CLOSED")).toList());
        assertEquals(0, tables.openLeads(lead.assignment.repId()));
    }

    @Test
    void aLeadWhoseRepHasNothingToGiveBackIsClosedAnyway() {
        Lead lead = assigned();
        tables.putRep("{\"repId\": \"" + lead.assignment.repId() + "\", \"teams\": [\"t\"], \"capacity\": 3, \"openLeads\": 0}");

        assertInstanceOf(LeadLifecycle.Done.class, lifecycle.close(lead, "OTHER", "ops"));

        assertEquals(LeadStatus.CLOSED, tables.get(lead.leadId).orElseThrow().status);
        assertEquals(0, tables.openLeads(lead.assignment.repId()));
    }

    @Test
    void aDeclineMovesTheLeadAndOnlyAnAssignedLeadCanBeDeclined() {
        Lead lead = assigned();
        String holder = lead.assignment.repId();

        Lead moved = assertInstanceOf(LeadLifecycle.Done.class, lifecycle.decline(lead.leadId, holder)).lead();

        assertNotEquals(holder, moved.assignment.repId());
        assertEquals(0, tables.openLeads(holder));
        assertInstanceOf(LeadLifecycle.Conflict.class, lifecycle.decline(lead.leadId, holder));
        assertInstanceOf(LeadLifecycle.NotFound.class, lifecycle.decline("nobody", holder));
    }

    @Test
    void opsReassignAnAcceptedLead() {
        Lead lead = assigned();
        String holder = lead.assignment.repId();
        String other = holder.equals("anna") ? "ben" : "anna";
        lifecycle.accept(lead, holder);

        Lead moved = assertInstanceOf(LeadLifecycle.Done.class, lifecycle.reassign(lead.leadId, other, "ops")).lead();

        assertEquals(other, moved.assignment.repId());
        assertEquals(0, tables.openLeads(holder));
        assertEquals(1, tables.openLeads(other));
    }

    private List<String> closedEvents() {
        return publisher.on(Config.Queue.NOTIFICATIONS).stream().map(RecordingPublisher.Message::body)
                .filter(body -> body.path("event").textValue().equals(HandOffMessage.CLOSED))
                .map(body -> body.path("leadId").textValue()).toList();
    }

    private Lead assigned() {
        return assigned("lead-1", "ana@acme.example");
    }

    private Lead assigned(String leadId, String email) {
        Lead lead = new Lead();
        lead.leadId = leadId;
        lead.status = LeadStatus.QUALIFIED;
        lead.email = email;
        lead.emailDomain = "acme.example";
        lead.grade = Grade.HOT;
        assertInstanceOf(Leads.Created.class, tables.create(lead, List.of(Leads.Claim.of("EMAIL#" + email))));
        router.handle(Json.write(LeadMessage.route(lead.leadId)), false);
        Lead assigned = tables.get(lead.leadId).orElseThrow();
        assertEquals(LeadStatus.ASSIGNED, assigned.status);
        return assigned;
    }
}
