package dev.leadrouter.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.config.Config;
import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.handoff.HandOffEvents;
import dev.leadrouter.handoff.HandOffMessage;
import dev.leadrouter.json.Json;
import dev.leadrouter.lambda.PermanentFailure;
import dev.leadrouter.lifecycle.LeadTransitions;
import dev.leadrouter.pipeline.ParkedLeads;
import dev.leadrouter.pipeline.RoutingDecisions;
import dev.leadrouter.port.Placement;
import dev.leadrouter.port.Placements;
import dev.leadrouter.queue.LeadMessage;
import dev.leadrouter.rules.RulesCache;
import dev.leadrouter.testing.InMemoryTables;
import dev.leadrouter.testing.RecordingPublisher;
import dev.leadrouter.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Routing on the in-memory ports: who gets a lead, when it is parked, and that capacity holds under races. */
class LeadRouterTest {
    private static final int SLA_SECONDS = 600;

    private final TestClock clock = TestClock.at(Instant.parse("2026-12-01T10:00:00Z"));
    private final InMemoryTables tables = new InMemoryTables(clock);
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final Config config = Config.local("http://localhost:9324/000000000000");
    private int leads;

    @BeforeEach
    void org() {
        settings("\"notify\": {\"email\": true},");
        tables.putRule("""
                {"ruleId": "dach", "stage": "ROUTING", "priority": 10, "team": "dach", "strategy": "ROUND_ROBIN",
                 "conditions": [{"field": "country", "op": "in", "value": ["DE", "AT", "CH"]}]}""");
        tables.putRule("""
                {"ruleId": "us", "stage": "ROUTING", "priority": 20, "team": "us", "strategy": "LEAST_LOADED",
                 "conditions": [{"field": "country", "op": "eq", "value": "US"}]}""");
        rep("anna", "dach", 5);
        rep("ben", "dach", 5);
        rep("cleo", "pool", 5);
    }

    /** The settings item, with {@code extra} attributes (each followed by a comma). */
    private void settings(String extra) {
        tables.putRule("""
                {"ruleId": "settings", "stage": "SETTINGS", %s "slaSeconds": %d, "parkRetrySeconds": 120,
                 "fallbackTeam": "pool"}""".formatted(extra, SLA_SECONDS));
    }

    private LeadRouter router(Placements placements) {
        return router(placements, new RoutingDecisions(new RulesCache(tables.rules()::all, Duration.ZERO, clock),
                tables.reps(), tables.accounts(), new RoutingPlanner(new Random(7))));
    }

    /** A router of one container: reps and accounts kept for 30 s. */
    private LeadRouter cachedRouter(Placements placements) {
        return router(placements, RoutingDecisions.cached(new RulesCache(tables.rules()::all, Duration.ZERO, clock),
                tables.reps(), tables.accounts(), new RoutingPlanner(new Random(7)), Duration.ofSeconds(30), clock));
    }

    private LeadRouter router(Placements placements, RoutingDecisions decisions) {
        return new LeadRouter(tables, tables.reps(), placements, decisions, new ParkedLeads(tables, publisher),
                publisher, new HandOffEvents(publisher), config, clock);
    }

    private LeadRouter router() {
        return router(tables);
    }

    @Test
    void aQualifiedLeadIsAssignedInOneCommitAndAnnounced() {
        String leadId = qualified("DE");

        router().handle(route(leadId), false);

        Lead lead = tables.get(leadId).orElseThrow();
        assertEquals(LeadStatus.ASSIGNED, lead.status);
        assertEquals("dach", lead.assignment.team());
        assertEquals("ROUND_ROBIN", lead.assignment.strategy());
        assertEquals(1, tables.openLeads(lead.assignment.repId()));
        assertEquals(lead.assignment.assignedAt(), lead.outputSent);
        assertEquals("ASSIGNED", lead.history.getLast().event());
        assertEquals(1, tables.reps().item(lead.assignment.repId()).orElseThrow().path("turns").path("dach").asInt());

        List<RecordingPublisher.Message> assignments = publisher.on(Config.Queue.ASSIGNMENTS);
        assertEquals(1, assignments.size());
        assertEquals(lead.assignment.repId(), assignments.get(0).body().get("repId").textValue());
        RecordingPublisher.Message slaCheck = publisher.on(Config.Queue.ROUTING).getLast();
        assertEquals(LeadMessage.SLA_CHECK, slaCheck.body().get("type").textValue());
        assertEquals(SLA_SECONDS + 1, slaCheck.delaySeconds());
        assertEquals(HandOffMessage.ASSIGNED, publisher.on(Config.Queue.NOTIFICATIONS).get(0).body().get("event").textValue());
    }

    @Test
    void aLeadQualificationSentOnUnwrittenIsStoredQualifiedAndAssignedByThePlacementAlone() {
        Lead received = received("DE");
        long storedVersion = received.version;
        Lead scored = scored(received);
        publisher.holdAfterSent(true); // the sent mark is a write of its own: left out of the count

        router().handle(Json.write(LeadMessage.route(scored)), false);

        Lead lead = tables.get(received.leadId).orElseThrow();
        assertEquals(LeadStatus.ASSIGNED, lead.status);
        assertEquals(storedVersion + 1, lead.version, "one write: the placement");
        assertEquals(List.of("RECEIVED", "QUALIFIED", "ASSIGNED"), lead.history.stream().map(e -> e.event()).toList());
        assertEquals(80, lead.score);
        assertEquals(Grade.HOT, lead.grade);
        assertEquals(1, tables.openLeads(lead.assignment.repId()));
    }

    @Test
    void aLeadThatChangedAfterQualificationScoredItGoesBackToQualificationUnplaced() {
        Lead received = received("DE");
        Lead scored = scored(received);
        received.company = "Acme after a duplicate's touchpoint";
        assertTrue(tables.saveIfVersion(received));

        router().handle(Json.write(LeadMessage.route(scored)), false);

        Lead lead = tables.get(received.leadId).orElseThrow();
        assertEquals(LeadStatus.RECEIVED, lead.status);
        assertEquals(List.of(), publisher.on(Config.Queue.ASSIGNMENTS));
        List<RecordingPublisher.Message> again = publisher.on(Config.Queue.QUALIFICATION);
        assertEquals(1, again.size());
        assertEquals(lead.version, again.get(0).carriedLead().version, "the lead as it now is");
        assertEquals(0, tables.openLeads("ben") + tables.openLeads("anna"));
    }

    @Test
    void roundRobinTakesTurns() {
        LeadRouter router = router();
        List<String> reps = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String leadId = qualified("AT");
            router.handle(route(leadId), false);
            reps.add(tables.get(leadId).orElseThrow().assignment.repId());
        }

        assertEquals(2, reps.stream().filter("anna"::equals).count());
        assertEquals(2, reps.stream().filter("ben"::equals).count());
        assertNotEquals(reps.get(0), reps.get(1));
    }

    @Test
    void theAccountOwnerGetsTheLeadsOfTheirAccount() {
        tables.putAccount("{\"domain\": \"acme.example\", \"ownerRepId\": \"cleo\"}");
        String leadId = qualified("DE");

        router().handle(route(leadId), false);

        Lead lead = tables.get(leadId).orElseThrow();
        assertEquals("cleo", lead.assignment.repId());
        assertEquals("ACCOUNT_OWNER", lead.assignment.strategy());
    }

    @Test
    void theAccountsOfABatchOfCarriedLeadsAreReadInOneRequest() {
        tables.putAccount("{\"domain\": \"acme.example\", \"ownerRepId\": \"cleo\"}");
        RoutingDecisions cached = RoutingDecisions.cached(new RulesCache(tables.rules()::all, Duration.ZERO, clock),
                tables.reps(), tables.accounts(), new RoutingPlanner(new Random(7)), Duration.ofSeconds(60), clock);
        LeadRouter router = new LeadRouter(tables, tables.reps(), tables, cached, new ParkedLeads(tables, publisher),
                publisher, new HandOffEvents(publisher), config, clock);
        List<String> leadIds = List.of(qualified("DE"), qualified("DE", "other.example"), qualified("AT", "third.example"));
        List<String> batch = leadIds.stream()
                .map(leadId -> Json.write(LeadMessage.route(tables.get(leadId).orElseThrow()))).toList();

        router.prepare(batch);
        batch.forEach(body -> router.handle(body, false));

        assertEquals(1, tables.accountReads(), "one read for the three domains, none per lead");
        assertEquals("ACCOUNT_OWNER", tables.get(leadIds.get(0)).orElseThrow().assignment.strategy());
        assertEquals("dach", tables.get(leadIds.get(1)).orElseThrow().assignment.team());
        assertEquals("dach", tables.get(leadIds.get(2)).orElseThrow().assignment.team());
    }

    @Test
    void aBatchMessageThatCannotBeReadIsLeftToItsOwnHandling() {
        LeadRouter router = router();
        String leadId = qualified("DE");

        router.prepare(List.of("not json", route(leadId)));

        assertThrows(PermanentFailure.class, () -> router.handle("not json", false));
        router.handle(route(leadId), false);
        assertEquals(LeadStatus.ASSIGNED, tables.get(leadId).orElseThrow().status);
    }

    @Test
    void aLeadNoRuleMatchesGoesToTheFallbackTeam() {
        String leadId = qualified("BR");

        router().handle(route(leadId), false);

        Lead lead = tables.get(leadId).orElseThrow();
        assertEquals(LeadStatus.ASSIGNED, lead.status);
        assertEquals("pool", lead.assignment.team());
        assertEquals("cleo", lead.assignment.repId());
    }

    @Test
    void aLeadNobodyCanTakeIsParkedAndTriedAgainLater() {
        String leadId = qualified("US"); // team "us" has no reps, and the fallback team's rep is full
        tables.putRep("""
                {"repId": "cleo", "email": "cleo@reps.example", "teams": ["pool"], "capacity": 1, "openLeads": 1}""");

        router().handle(route(leadId), false);

        Lead lead = tables.get(leadId).orElseThrow();
        assertEquals(LeadStatus.UNASSIGNED, lead.status);
        assertNull(lead.assignment);
        assertEquals(clock.instant().plusSeconds(120).toEpochMilli(), lead.dueAt);
        assertEquals("UNASSIGNED", lead.history.getLast().event());
        assertEquals(List.of(), publisher.on(Config.Queue.ASSIGNMENTS));
        assertEquals(1, tables.openLeads("cleo"));
    }

    @Test
    void aMissedSlaReRoutesToAnotherRepAndGivesTheCapacityBack() {
        String leadId = qualified("DE");
        LeadRouter router = router();
        router.handle(route(leadId), false);
        Lead assigned = tables.get(leadId).orElseThrow();
        String first = assigned.assignment.repId();

        router.handle(slaCheck(assigned), false); // not yet due: only another check is queued
        assertEquals(first, tables.get(leadId).orElseThrow().assignment.repId());
        clock.advance(Duration.ofSeconds(SLA_SECONDS + 1));
        router.handle(slaCheck(assigned), false);

        Lead moved = tables.get(leadId).orElseThrow();
        assertEquals(LeadStatus.ASSIGNED, moved.status);
        assertNotEquals(first, moved.assignment.repId());
        assertEquals(first, moved.assignment.previousRepId());
        assertEquals("SLA_MISSED", moved.assignment.reason());
        assertTrue(moved.missedReps.contains(first));
        assertEquals(0, tables.openLeads(first));
        assertEquals(1, tables.openLeads(moved.assignment.repId()));
        assertTrue(publisher.on(Config.Queue.NOTIFICATIONS).stream()
                .anyMatch(m -> m.body().get("event").textValue().equals(HandOffMessage.SLA_MISSED)));
    }

    @Test
    void anAssignmentToARepToldOnNoChannelQueuesNoHandOffWhileTheMissedSlaEventStillGoesOut() {
        settings(""); // no default channel, and the reps' items ask for none
        String leadId = qualified("DE");
        LeadRouter router = router();
        router.handle(route(leadId), false);
        Lead assigned = tables.get(leadId).orElseThrow();
        assertEquals(assigned.assignment.assignedAt(), assigned.outputSent, "announced all the same");
        assertEquals(1, publisher.on(Config.Queue.ASSIGNMENTS).size());
        assertEquals(List.of(), publisher.on(Config.Queue.NOTIFICATIONS));

        clock.advance(Duration.ofSeconds(SLA_SECONDS + 1));
        router.handle(slaCheck(assigned), false);

        assertTrue(tables.get(leadId).orElseThrow().assignment.reassignment());
        assertEquals(2, publisher.on(Config.Queue.ASSIGNMENTS).size());
        assertEquals(List.of(HandOffMessage.SLA_MISSED), publisher.on(Config.Queue.NOTIFICATIONS).stream()
                .map(m -> m.body().get("event").textValue()).toList(), "the lifecycle event, no REASSIGNED message");
    }

    @Test
    void aRepWhoseOwnItemAsksForAChannelIsHandedOffTheLeadWithoutADefault() {
        settings("");
        tables.putRep("""
                {"repId": "anna", "email": "anna@reps.example", "teams": ["dach"], "capacity": 5, "openLeads": 0,
                 "notify": {"slackWebhookUrl": "https://slack.example/anna"}}""");
        List<String> told = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String leadId = qualified("DE");
            router().handle(route(leadId), false);
            if ("anna".equals(tables.get(leadId).orElseThrow().assignment.repId())) {
                told.add(leadId);
            }
        }

        assertEquals(1, told.size(), "round robin: one lead each for anna and ben");
        assertEquals(told, publisher.on(Config.Queue.NOTIFICATIONS).stream()
                .map(m -> m.body().get("leadId").textValue()).toList(), "only anna's lead is handed off");
    }

    @Test
    void aMissedSlaNeverComesBackToTheSameRep() {
        tables.putRule("{\"ruleId\": \"settings\", \"stage\": \"SETTINGS\", \"slaSeconds\": 60}");
        tables.putRep("{\"repId\": \"ben\", \"email\": \"ben@reps.example\", \"teams\": [\"dach\"], \"capacity\": 0}");
        String leadId = qualified("DE");
        LeadRouter router = router();
        router.handle(route(leadId), false);
        Lead assigned = tables.get(leadId).orElseThrow();
        assertEquals("anna", assigned.assignment.repId());

        clock.advance(Duration.ofSeconds(61));
        router.handle(slaCheck(assigned), false);

        Lead parked = tables.get(leadId).orElseThrow();
        assertEquals(LeadStatus.UNASSIGNED, parked.status);
        assertEquals(0, tables.openLeads("anna"));
        router.handle(route(leadId), false); // the park retry: anna is still left out
        assertEquals(LeadStatus.UNASSIGNED, tables.get(leadId).orElseThrow().status);
        assertEquals(0, tables.openLeads("anna"));
    }

    @Test
    void aDeclinedLeadGoesToAnotherRep() {
        String leadId = qualified("DE");
        LeadRouter router = router();
        router.handle(route(leadId), false);
        String first = tables.get(leadId).orElseThrow().assignment.repId();

        LeadRouter.TakeBack result = router.takeBack(leadId, first, LeadRouter.Handover.DECLINED, first, null);

        Lead moved = assertInstanceOf(LeadRouter.Moved.class, result).lead();
        assertNotEquals(first, moved.assignment.repId());
        assertEquals("DECLINED", moved.assignment.reason());
        assertEquals(0, tables.openLeads(first));
        assertEquals("DECLINED", tables.get(leadId).orElseThrow().history.get(moved.history.size() - 2).event());
    }

    @Test
    void onlyTheAssigneeCanDecline() {
        String leadId = qualified("DE");
        LeadRouter router = router();
        router.handle(route(leadId), false);
        String holder = tables.get(leadId).orElseThrow().assignment.repId();
        String other = holder.equals("anna") ? "ben" : "anna";

        assertInstanceOf(LeadRouter.NotHeld.class,
                router.takeBack(leadId, other, LeadRouter.Handover.DECLINED, other, null));
        assertInstanceOf(LeadRouter.NoSuchLead.class,
                router.takeBack("nobody", other, LeadRouter.Handover.DECLINED, other, null));
        assertEquals(1, tables.openLeads(holder));
    }

    @Test
    void opsReassignToANamedRep() {
        String leadId = qualified("DE");
        LeadRouter router = router();
        router.handle(route(leadId), false);
        String first = tables.get(leadId).orElseThrow().assignment.repId();

        LeadRouter.TakeBack result = router.takeBack(leadId, null, LeadRouter.Handover.REASSIGNED, "ops", "cleo");

        Lead moved = assertInstanceOf(LeadRouter.Moved.class, result).lead();
        assertEquals("cleo", moved.assignment.repId());
        assertEquals("CHOSEN_BY_OPS", moved.assignment.strategy());
        assertEquals(0, tables.openLeads(first));
        assertEquals(1, tables.openLeads("cleo"));
        assertEquals("ops", moved.history.get(moved.history.size() - 2).by());
    }

    @Test
    void aReassignToTheHolderOrAnUnknownRepIsRefused() {
        String leadId = qualified("DE");
        LeadRouter router = router();
        router.handle(route(leadId), false);
        String holder = tables.get(leadId).orElseThrow().assignment.repId();

        assertInstanceOf(LeadRouter.Refused.class,
                router.takeBack(leadId, null, LeadRouter.Handover.REASSIGNED, "ops", holder));
        assertInstanceOf(LeadRouter.Refused.class,
                router.takeBack(leadId, null, LeadRouter.Handover.REASSIGNED, "ops", "nobody"));
        assertEquals(1, tables.openLeads(holder));
    }

    @Test
    void aTestLeadIsTracedButTakesNoCapacity() {
        String leadId = qualified("DE");
        Lead lead = tables.get(leadId).orElseThrow();
        lead.test = true;
        assertTrue(tables.saveIfVersion(lead));

        router().handle(route(leadId), false);

        Lead closed = tables.get(leadId).orElseThrow();
        assertEquals(LeadStatus.CLOSED, closed.status);
        assertTrue(closed.trace.has("routing"));
        assertEquals(0, tables.openLeads("anna") + tables.openLeads("ben"));
        assertEquals(List.of(), publisher.on(Config.Queue.ASSIGNMENTS));
    }

    @Test
    void aLostRaceIsDecidedAgainOnFreshData() {
        String leadId = qualified("DE");
        AtomicBoolean raced = new AtomicBoolean();
        // Another router takes the rep's last free unit between this router's read and its commit.
        tables.putRep("{\"repId\": \"ben\", \"email\": \"ben@reps.example\", \"teams\": [\"dach\"], \"capacity\": 0}");
        tables.putRep("{\"repId\": \"anna\", \"email\": \"anna@reps.example\", \"teams\": [\"dach\"], \"capacity\": 2}");
        Placements racing = placement -> {
            if (raced.compareAndSet(false, true)) {
                Lead other = tables.get(qualified("DE")).orElseThrow();
                assertInstanceOf(Placements.Committed.class, tables.commit(new Placement(other, null,
                        new Placement.Reservation(tables.reps().read("anna").orElseThrow(), true, null))));
            }
            return tables.commit(placement);
        };

        router(racing).handle(route(leadId), false);

        Lead lead = tables.get(leadId).orElseThrow();
        assertEquals(LeadStatus.ASSIGNED, lead.status);
        assertEquals("anna", lead.assignment.repId());
        assertEquals(2, tables.openLeads("anna"));
    }

    @Test
    void aCommitLostOnlyOnTheRepIsDecidedAgainWithoutReadingTheLeadAgain() {
        String leadId = qualified("DE");
        String other = qualified("DE");
        List<Placements.Commit> results = new ArrayList<>();
        // Another router serves the chosen rep between this router's read and its commit.
        Placements racing = placement -> {
            if (results.isEmpty()) {
                String chosen = placement.reserve().rep().repId();
                assertInstanceOf(Placements.Committed.class, tables.commit(new Placement(tables.get(other).orElseThrow(),
                        null, new Placement.Reservation(tables.reps().read(chosen).orElseThrow(), true, null))));
            }
            Placements.Commit result = tables.commit(placement);
            results.add(result);
            return result;
        };

        router(racing).handle(route(leadId), false);

        assertInstanceOf(Placements.RepChanged.class, results.get(0));
        assertInstanceOf(Placements.Committed.class, results.get(1));
        assertEquals(1, tables.leadReads(leadId), "read once, and decided again as it was");
        Lead lead = tables.get(leadId).orElseThrow();
        assertEquals(LeadStatus.ASSIGNED, lead.status);
        assertEquals(1, lead.history.stream().filter(entry -> entry.event().equals("ASSIGNED")).count());
        assertEquals(2, tables.openLeads("anna") + tables.openLeads("ben"));
    }

    @Test
    void oncePicksOnRepsReadEarlierLoseToOtherContainersTheContendersAreReadAgainBeforeTheCommit() {
        List<Placements.Commit> results = new ArrayList<>();
        LeadRouter container = cachedRouter(placement -> {
            Placements.Commit result = tables.commit(placement);
            results.add(result);
            return result;
        });
        container.handle(route(qualified("DE")), false); // the reps are read: this container's cache
        container.handle(route(qualified("DE")), false);
        assertEquals(0, tables.repBatchReads(), "alone, its own commits keep its reps true: nothing read again");

        // Another container serves reps meanwhile: this one's pick on its cache loses once, then reads first.
        router().handle(route(qualified("DE")), false);
        router().handle(route(qualified("DE")), false);
        container.handle(route(qualified("DE")), false);
        assertEquals(List.of(Placements.RepChanged.class, Placements.Committed.class),
                results.subList(2, results.size()).stream().map(Object::getClass).toList());
        router().handle(route(qualified("DE")), false);
        int readsBefore = tables.repBatchReads();
        results.clear();
        String leadId = qualified("DE");
        container.handle(route(leadId), false);

        assertEquals(readsBefore + 1, tables.repBatchReads());
        assertEquals(1, results.size(), "no commit lost on a rep read earlier: " + results);
        assertInstanceOf(Placements.Committed.class, results.get(0));
        assertEquals(LeadStatus.ASSIGNED, tables.get(leadId).orElseThrow().status);
        assertEquals(7, tables.openLeads("anna") + tables.openLeads("ben"));
    }

    @Test
    void theSentMarkWaitsUntilTheAssignmentsMessagesAreOut() {
        String leadId = qualified("DE");
        publisher.holdAfterSent(true); // as inside an SQS batch: sends go out when the batch is done

        router().handle(route(leadId), false);

        Lead lead = tables.get(leadId).orElseThrow();
        assertEquals(LeadStatus.ASSIGNED, lead.status);
        assertNull(lead.outputSent, "not marked before its messages are out");
        assertEquals(1, publisher.heldAfterSent());
        publisher.runAfterSent();
        assertEquals(lead.assignment.assignedAt(), tables.get(leadId).orElseThrow().outputSent);
    }

    @Test
    void anAssignmentWhoseMessagesWereNotAcceptedIsAnnouncedByTheRedeliveryOnce() {
        String leadId = qualified("DE");
        publisher.holdAfterSent(true);
        router().handle(route(leadId), false);
        publisher.dropAfterSent(); // the batch's send failed: no mark, the record comes back
        publisher.clear();

        router().handle(route(leadId), true);
        publisher.runAfterSent();

        Lead lead = tables.get(leadId).orElseThrow();
        assertEquals(lead.assignment.assignedAt(), lead.outputSent);
        assertEquals(1, tables.openLeads(lead.assignment.repId()), "assigned once");
        assertEquals(1, publisher.on(Config.Queue.ASSIGNMENTS).size());
        assertEquals(1, publisher.on(Config.Queue.NOTIFICATIONS).size());
    }

    @Test
    void aSecondMessageWhileTheAssigningHandlingStillSendsDoesNotAnnounceAgain() {
        String leadId = qualified("DE");
        publisher.holdAfterSent(true);
        router().handle(route(leadId), false); // assigned; its sends and mark wait for the rest of its batch

        router().handle(route(leadId), false); // another container: the wake-up and the sweep's re-drive at once
        publisher.runAfterSent();

        Lead lead = tables.get(leadId).orElseThrow();
        assertEquals(lead.assignment.assignedAt(), lead.outputSent);
        assertEquals(1, publisher.on(Config.Queue.ASSIGNMENTS).size(), "announced by its own handling only");
    }

    @Test
    void anUnmarkedAssignmentOlderThanAnyHandlingIsAnnouncedByAFirstDelivery() {
        String leadId = qualified("DE");
        publisher.holdAfterSent(true);
        router().handle(route(leadId), false);
        publisher.dropAfterSent(); // that handling ended without its sends
        publisher.clear();
        clock.advance(LeadRouter.LONGEST_HANDLING);

        router().handle(route(leadId), false);
        publisher.runAfterSent();

        Lead lead = tables.get(leadId).orElseThrow();
        assertEquals(lead.assignment.assignedAt(), lead.outputSent);
        assertEquals(1, publisher.on(Config.Queue.ASSIGNMENTS).size());
    }

    @Test
    void anUnmarkedAssignmentIsAnnouncedOnceEvenWhenItsSlaCheckLosesARace() {
        String leadId = qualified("DE");
        publisher.holdAfterSent(true);
        router().handle(route(leadId), false);
        publisher.dropAfterSent(); // its messages were lost: not marked
        Lead assigned = tables.get(leadId).orElseThrow();
        publisher.clear();
        clock.advance(Duration.ofSeconds(SLA_SECONDS + 1));
        AtomicBoolean raced = new AtomicBoolean();
        Placements losingOnce = placement -> raced.compareAndSet(false, true) ? new Placements.LostRace()
                : tables.commit(placement);

        router(losingOnce).handle(slaCheck(assigned), false); // announces the lapsed one, loses the re-route once, re-reads
        publisher.runAfterSent();

        Lead moved = tables.get(leadId).orElseThrow();
        assertNotEquals(assigned.assignment.repId(), moved.assignment.repId());
        assertEquals(moved.assignment.assignedAt(), moved.outputSent);
        List<String> announced = publisher.on(Config.Queue.ASSIGNMENTS).stream()
                .map(m -> m.body().get("assignedAt").textValue()).toList();
        assertEquals(List.of(assigned.assignment.assignedAt(), moved.assignment.assignedAt()), announced,
                "the lapsed assignment once, though its mark waits for the batch, then the new one");
    }

    @Test
    void capacityIsNeverExceededByRoutersRunningAtOnce() throws Exception {
        tables.putRep("{\"repId\": \"anna\", \"email\": \"anna@reps.example\", \"teams\": [\"dach\"], \"capacity\": 3}");
        tables.putRep("{\"repId\": \"ben\", \"email\": \"ben@reps.example\", \"teams\": [\"dach\"], \"capacity\": 2}");
        tables.putRep("{\"repId\": \"cleo\", \"email\": \"cleo@reps.example\", \"teams\": [\"pool\"], \"capacity\": 1}");
        List<String> leadIds = IntStream.range(0, 24).mapToObj(i -> qualified("CH")).toList();
        ExecutorService routers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String leadId : leadIds) {
                LeadRouter router = router(); // a router per delivery, as Lambda instances side by side
                done.add(routers.submit(() -> router.handle(route(leadId), false)));
            }
            for (Future<?> each : done) {
                each.get(30, TimeUnit.SECONDS);
            }
        } finally {
            routers.shutdownNow();
        }

        List<Lead> placed = leadIds.stream().map(id -> tables.get(id).orElseThrow()).toList();
        assertEquals(3, tables.openLeads("anna"));
        assertEquals(2, tables.openLeads("ben"));
        assertEquals(1, tables.openLeads("cleo"));
        assertEquals(6, placed.stream().filter(lead -> lead.status == LeadStatus.ASSIGNED).count());
        assertEquals(18, placed.stream().filter(lead -> lead.status == LeadStatus.UNASSIGNED).count());
        assertEquals(6, publisher.on(Config.Queue.ASSIGNMENTS).size());
    }

    @Test
    void anUnknownLeadCanNeverSucceed() {
        assertThrows(PermanentFailure.class, () -> router().handle(route("nobody"), false));
    }

    private void rep(String repId, String team, int capacity) {
        tables.putRep("""
                {"repId": "%s", "email": "%s@reps.example", "teams": ["%s"], "capacity": %d, "openLeads": 0}"""
                .formatted(repId, repId, team, capacity));
    }

    private String qualified(String country) {
        return qualified(country, "acme.example");
    }

    private String qualified(String country, String domain) {
        Lead lead = newLead(LeadStatus.QUALIFIED, country, domain);
        lead.score = 80;
        lead.grade = Grade.HOT;
        lead.addHistory(lead.receivedAt, "QUALIFIED", "score 80 grade HOT");
        assertTrue(tables.saveIfVersion(lead));
        return lead.leadId;
    }

    private Lead newLead(LeadStatus status, String country, String domain) {
        Lead lead = new Lead();
        synchronized (this) {
            lead.leadId = "lead-" + ++leads;
        }
        lead.status = status;
        lead.email = "ana@" + domain;
        lead.emailDomain = domain;
        lead.freeMail = false;
        lead.country = country;
        lead.receivedAt = clock.instant().toString();
        return lead;
    }

    /** A lead as intake stored it, not yet qualified. */
    private Lead received(String country) {
        Lead lead = newLead(LeadStatus.RECEIVED, country, "acme.example");
        lead.addHistory(lead.receivedAt, "RECEIVED", "from WEB_FORM");
        assertTrue(tables.saveIfVersion(lead));
        return lead;
    }

    /** The lead as qualification sends it on: scored QUALIFIED, at the version stored while RECEIVED. */
    private Lead scored(Lead received) {
        Lead scored = Json.convert(Json.tree(received), Lead.class);
        LeadTransitions.qualify(scored, 80, Grade.HOT, clock.instant(), clock.instant().plusSeconds(60));
        return scored;
    }

    private static String route(String leadId) {
        return Json.write(LeadMessage.route(leadId));
    }

    private static String slaCheck(Lead lead) {
        return Json.write(LeadMessage.slaCheck(lead.leadId, lead.assignment.assignedAt()));
    }
}
