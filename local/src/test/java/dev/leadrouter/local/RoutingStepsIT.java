package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.HistoryEntry;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.json.Json;
import dev.leadrouter.local.template.AwsCallRecorder;
import dev.leadrouter.queue.LeadMessage;
import dev.leadrouter.routing.RoutingHandler;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each step of a routing decision and each strategy, through the routing handler against a purpose-built
 * org. Every scenario has its own ROUTING rule, matched on the lead attribute {@code scenario}, and its
 * own team; the settings' fallback team "overflow" is shared, so the scenarios that use it set its one
 * rep up themselves. Parked leads are woken by the stack's own consumers and sweep.
 */
@Tag("integration")
@ExtendWith(StackExtension.class)
class RoutingStepsIT {
    private static final String FIVE_DAYS = "{\"mon\": \"09:00-17:00\", \"tue\": \"09:00-17:00\", \"wed\": \"09:00-17:00\","
            + " \"thu\": \"09:00-17:00\", \"fri\": \"09:00-17:00\"}";
    private static final Duration AWAIT = Duration.ofSeconds(20);

    private static IsolatedStack stack;

    @BeforeAll
    static void startStack(IsolatedStack isolated) {
        stack = isolated;
        settings(3600);
    }

    /** No SLA re-routing during a test; parked leads retried every {@code parkRetrySeconds}. */
    private static void settings(int parkRetrySeconds) {
        stack.putRule("""
                {"ruleId": "settings", "stage": "SETTINGS", "hotScore": 60, "warmScore": 30, "fallbackTeam": "overflow",
                 "slaSeconds": 3600, "parkRetrySeconds": %d}""".formatted(parkRetrySeconds));
    }

    private static void routingRule(String ruleId, int priority, String scenario, String team, String strategy,
                                    String requireSkills) {
        stack.putRule("""
                {"ruleId": "%s", "stage": "ROUTING", "priority": %d, "enabled": true, "match": "ALL",
                 "conditions": [{"field": "attributes.scenario", "op": "eq", "value": "%s"}],
                 "team": "%s", "strategy": "%s", "requireSkills": %s}"""
                .formatted(ruleId, priority, scenario, team, strategy, requireSkills));
    }

    private static void rep(String repId, String team, String extra) {
        stack.putRep("""
                {"repId": "%s", "name": "Rep %s", "email": "%s@example.com", "teams": ["%s"], "active": true,
                 "capacity": 100, "openLeads": 0, "weight": 1, "skills": ["en"], "timezone": "UTC"%s}"""
                .formatted(repId, repId, repId, team, extra.isEmpty() ? "" : ", " + extra));
    }

    private static RoutingHandler handler(Clock clock) {
        return new RoutingHandler(new AwsPorts(stack.dynamo(), stack.sqs()), stack.direct(), clock);
    }

    private static Lead qualified(String scenario, String emailDomain) {
        Lead lead = stack.newLead("QUALIFIED", "lead-" + UUID.randomUUID().toString().substring(0, 8) + "@" + emailDomain,
                Map.of("scenario", scenario));
        lead.score = 70;
        lead.grade = Grade.HOT;
        return stack.store(lead);
    }

    private static Lead route(RoutingHandler handler, Lead lead) {
        SQSBatchResponse response = handler.handleRequest(IsolatedStack.event(IsolatedStack.routeMessage(lead.leadId)), null);
        assertEquals(List.of(), response.getBatchItemFailures());
        return stack.lead(lead.leadId);
    }

    @Test
    void theAccountsOfABatchOfLeadsAreReadInOneRequest() {
        for (String owned : List.of("a", "b")) {
            rep("r-batch-" + owned, "batch-owners", "");
            stack.putAccount("{\"domain\": \"batch-%s.example\", \"ownerRepId\": \"r-batch-%s\"}".formatted(owned, owned));
        }
        rep("r-batch-team", "batch-team", "");
        routingRule("batch", 10, "batch", "batch-team", "ROUND_ROBIN", "[]");
        String signer = "AccountsOfABatch-" + UUID.randomUUID().toString().substring(0, 8);
        // As the deployed function: accounts kept for the cache TTL, so a batch's are read ahead.
        RoutingHandler handler = new RoutingHandler(new AwsPorts(stack.dynamoSignedAs(signer), stack.sqs()),
                stack.direct().withRulesCacheTtl(Duration.ofSeconds(60)), Clock.systemUTC());
        List<Lead> leads = List.of(qualified("batch", "batch-a.example"), qualified("batch", "batch-b.example"),
                qualified("batch", "no-account.example"));

        SQSBatchResponse response = handler.handleRequest(IsolatedStack.event(leads.stream()
                .map(lead -> Json.write(LeadMessage.route(lead))).toArray(String[]::new)), null);

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals("r-batch-a", stack.lead(leads.get(0).leadId).assignment.repId());
        assertEquals("r-batch-b", stack.lead(leads.get(1).leadId).assignment.repId());
        assertEquals("r-batch-team", stack.lead(leads.get(2).leadId).assignment.repId());
        Map<String, Long> calls = AwsCallRecorder.callCountsOf(signer);
        assertEquals(1L, calls.get("BatchGetItem"), "the three accounts in one read: " + calls);
        assertEquals(null, calls.get("GetItem"), "no read per lead: " + calls);
        stack.drain(stack.direct().assignmentsQueueUrl());
    }

    @Test
    void accountOwnerComesFirstAndCapacityIsCountedNotEnforced() {
        rep("r-owner", "owners", "\"capacity\": 1, \"openLeads\": 1");
        rep("r-acct-team", "acct-team", "");
        rep("r-acct-other", "acct-other", "");
        stack.putAccount("{\"domain\": \"ownerco.example\", \"accountName\": \"Owner Co\", \"ownerRepId\": \"r-owner\"}");
        stack.putAccount("{\"domain\": \"gmail.com\", \"accountName\": \"Free mail\", \"ownerRepId\": \"r-owner\"}");
        stack.putRule("""
                {"ruleId": "acct-disabled", "stage": "ROUTING", "priority": 1, "enabled": false,
                 "conditions": [{"field": "attributes.scenario", "op": "eq", "value": "acct"}],
                 "team": "acct-other", "strategy": "ROUND_ROBIN"}""");
        routingRule("acct-high", 10, "acct", "acct-team", "ROUND_ROBIN", "[]");
        routingRule("acct-low", 20, "acct", "acct-other", "ROUND_ROBIN", "[]");
        RoutingHandler handler = handler(Clock.systemUTC());

        Lead owned = route(handler, qualified("acct", "ownerco.example"));
        assertEquals("ASSIGNED", owned.status.name());
        assertEquals("r-owner", owned.assignment.repId());
        assertEquals("ACCOUNT_OWNER", owned.assignment.strategy());
        assertEquals("account:ownerco.example", owned.assignment.ruleId());
        assertEquals("ASSIGNED", owned.trace.path("routing").path("account").path("result").asText());
        assertEquals(2, stack.rep("r-owner").path("openLeads").asInt(), "counted beyond capacity 1");

        Lead freeMail = route(handler, qualified("acct", "gmail.com"));
        assertEquals("r-acct-team", freeMail.assignment.repId(), "a free-mail domain is no account");
        assertEquals("acct-high", freeMail.assignment.ruleId(), "the first enabled matching rule by priority");
        assertEquals("NO_ACCOUNT", freeMail.trace.path("routing").path("account").path("result").asText());

        rep("r-owner", "owners", "\"active\": false");
        Lead ownerInactive = route(handler, qualified("acct", "ownerco.example"));
        assertEquals("r-acct-team", ownerInactive.assignment.repId());
        assertEquals("ROUND_ROBIN", ownerInactive.assignment.strategy());
        assertEquals("INACTIVE", ownerInactive.trace.path("routing").path("account").path("result").asText());

        rep("r-owner", "owners", "\"awayUntil\": \"" + Instant.now().plus(Duration.ofDays(3)) + "\"");
        Lead ownerAway = route(handler, qualified("acct", "ownerco.example"));
        assertEquals("r-acct-team", ownerAway.assignment.repId());
        assertTrue(ownerAway.trace.path("routing").path("account").path("result").asText().startsWith("AWAY until"),
                ownerAway.trace.toString());
        assertEquals(0, stack.rep("r-acct-other").path("openLeads").asInt());
        stack.drain(stack.direct().assignmentsQueueUrl());
    }

    @Test
    void ruleTeamWithNobodyEligibleFallsBackThenParksAndACloseWakesTheParkedLead() {
        rep("r-fb-inactive", "fb-empty", "\"active\": false");
        rep("r-overflow", "overflow", "\"capacity\": 1");
        routingRule("fb", 10, "fb", "fb-empty", "ROUND_ROBIN", "[]");
        RoutingHandler handler = handler(Clock.systemUTC());

        Lead first = route(handler, qualified("fb", "fallback-co.example"));
        assertEquals("r-overflow", first.assignment.repId());
        assertEquals("fallback", first.assignment.ruleId());
        assertEquals("overflow", first.assignment.team());
        JsonNode trace = first.trace.path("routing");
        assertEquals("NO_ELIGIBLE_REP (1 in team)", trace.path("rule").path("result").asText());
        assertTrue(trace.path("fallback").path("used").asBoolean());
        assertEquals("INACTIVE", candidate(trace, "r-fb-inactive").path("reason").asText());

        Lead second = route(handler, qualified("fb", "fallback-co.example"));
        assertEquals("UNASSIGNED", second.status.name());
        HistoryEntry parked = second.history.getLast();
        assertEquals("UNASSIGNED", parked.event());
        assertTrue(parked.detail().contains("rule team fb-empty: NO_ELIGIBLE_REP")
                && parked.detail().contains("fallback team overflow: NO_ELIGIBLE_REP"), parked.detail());
        assertTrue(candidate(second.trace.path("routing"), "r-overflow").path("reason").asText().startsWith("AT_CAPACITY 1/1"));

        HttpResponse<String> close = stack.postAuthenticated("/leads/" + first.leadId + "/close", "{\"outcome\": \"WON\"}");
        assertEquals(200, close.statusCode(), close.body());

        // The retry is an hour away: only the wake on close can place it now.
        Lead woken = awaitLead(second.leadId, lead -> lead.status.name().equals("ASSIGNED"));
        assertEquals("r-overflow", woken.assignment.repId());
        assertEquals(List.of("QUALIFIED", "UNASSIGNED", "ASSIGNED"), events(woken));
        assertEquals(1, stack.rep("r-overflow").path("openLeads").asInt());
        stack.drain(stack.direct().assignmentsQueueUrl());
    }

    @Test
    void parkedLeadIsRetriedBySweepAfterParkRetrySeconds() {
        settings(1);
        try {
            rep("r-sweep", "sweep-team", "\"active\": false");
            rep("r-overflow", "overflow", "\"capacity\": 0");
            routingRule("sweep", 10, "sweep", "sweep-team", "ROUND_ROBIN", "[]");

            Lead parked = route(handler(Clock.systemUTC()), qualified("sweep", "sweep-co.example"));
            assertEquals("UNASSIGNED", parked.status.name());
            assertTrue(parked.dueAt <= Instant.now().plusSeconds(1).toEpochMilli(), "retried within parkRetrySeconds");

            // Ops bring the rep back: nothing wakes the lead but its retry.
            rep("r-sweep", "sweep-team", "");
            Lead retried = awaitLead(parked.leadId, lead -> lead.status.name().equals("ASSIGNED"));
            assertEquals("r-sweep", retried.assignment.repId());
            assertEquals(List.of("QUALIFIED", "UNASSIGNED", "ASSIGNED"), events(retried));
        } finally {
            settings(3600);
        }
        stack.drain(stack.direct().assignmentsQueueUrl());
    }

    @Test
    void eligibilityFollowsEachRepsOwnClockAndTheTraceSaysWhyNot() {
        // A Monday well ahead, so that nothing here is ever due for the stack's sweep.
        Instant monday = LocalDate.now(ZoneOffset.UTC).plusWeeks(1).with(TemporalAdjusters.next(DayOfWeek.MONDAY))
                .atStartOfDay(ZoneOffset.UTC).toInstant();
        String skills = "\"skills\": [\"de\", \"en\"]";
        rep("r-berlin", "elig", skills + ", \"timezone\": \"Europe/Berlin\", \"workingHours\": " + FIVE_DAYS);
        rep("r-tokyo", "elig", skills + ", \"timezone\": \"Asia/Tokyo\", \"workingHours\": " + FIVE_DAYS);
        rep("r-ny", "elig", skills + ", \"timezone\": \"America/New_York\", \"workingHours\": " + FIVE_DAYS);
        rep("r-away", "elig", skills + ", \"awayUntil\": \"" + monday.plus(Duration.ofDays(2)) + "\"");
        rep("r-noskill", "elig", "\"skills\": [\"fr\"]");
        rep("r-full", "elig", skills + ", \"capacity\": 3, \"openLeads\": 3");
        rep("r-off", "elig", skills + ", \"active\": false");
        routingRule("elig", 10, "elig", "elig", "ROUND_ROBIN", "[\"de\"]");

        // Monday 09:30 UTC: Berlin 10:30 or 11:30 (in), Tokyo 18:30 (out), New York 04:30 or 05:30 (out).
        Lead mondayMorning = route(handler(Clock.fixed(monday.plus(Duration.ofMinutes(570)), ZoneOffset.UTC)),
                qualified("elig", "elig-co.example"));
        assertEquals("r-berlin", mondayMorning.assignment.repId());
        JsonNode trace = mondayMorning.trace.path("routing");
        Map<String, String> reasons = reasons(trace);
        assertEquals(List.of("r-away", "r-berlin", "r-full", "r-noskill", "r-ny", "r-off", "r-tokyo"),
                List.copyOf(reasons.keySet()), "every member of the team is a candidate");
        assertTrue(reasons.get("r-berlin").startsWith("LEAST_RECENTLY_SERVED"), reasons.toString());
        assertTrue(reasons.get("r-tokyo").startsWith("OUTSIDE_WORKING_HOURS (Asia/Tokyo mon 09:00-17:00, now 18:30)"),
                reasons.toString());
        assertTrue(reasons.get("r-ny").startsWith("OUTSIDE_WORKING_HOURS (America/New_York mon"), reasons.toString());
        assertEquals("AWAY until " + monday.plus(Duration.ofDays(2)), reasons.get("r-away"));
        assertEquals("LACKS_SKILL de", reasons.get("r-noskill"));
        assertEquals("AT_CAPACITY 3/3", reasons.get("r-full"));
        assertEquals("INACTIVE", reasons.get("r-off"));
        assertTrue(candidate(trace, "r-berlin").path("chosen").asBoolean());

        // Tuesday 01:00 UTC: Tokyo 10:00 (in); Berlin and New York at night.
        Lead tuesdayNight = route(handler(Clock.fixed(monday.plus(Duration.ofHours(25)), ZoneOffset.UTC)),
                qualified("elig", "elig-co.example"));
        assertEquals("r-tokyo", tuesdayNight.assignment.repId());
        assertTrue(reasons(tuesdayNight.trace.path("routing")).get("r-berlin").startsWith("OUTSIDE_WORKING_HOURS"));

        // Thursday 12:00 UTC: back from away, Berlin in, the others out; the returning rep has the oldest turn.
        Lead thursdayNoon = route(handler(Clock.fixed(monday.plus(Duration.ofHours(84)), ZoneOffset.UTC)),
                qualified("elig", "elig-co.example"));
        assertEquals("r-away", thursdayNoon.assignment.repId());
        assertTrue(reasons(thursdayNoon.trace.path("routing")).get("r-berlin").startsWith("NOT_THEIR_TURN"));
        stack.drain(stack.direct().assignmentsQueueUrl());
    }

    @Test
    void roundRobinTakesFairTurnsAndEachAssignmentIsPublishedOnce() {
        for (String repId : List.of("r-rr1", "r-rr2", "r-rr3")) {
            rep(repId, "rr", "");
        }
        routingRule("rr", 10, "rr", "rr", "ROUND_ROBIN", "[]");
        RoutingHandler handler = handler(Clock.systemUTC());
        Map<String, Lead> assigned = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            Lead lead = route(handler, qualified("rr", "rr-co.example"));
            assigned.put(lead.leadId, lead);
        }
        assertEquals(Map.of("r-rr1", 10, "r-rr2", 10, "r-rr3", 10), countByRep(assigned.values()));
        for (String repId : List.of("r-rr1", "r-rr2", "r-rr3")) {
            assertEquals(10, stack.rep(repId).path("openLeads").asInt());
        }

        List<JsonNode> messages = stack.drainBodies(stack.direct().assignmentsQueueUrl());
        assertEquals(30, messages.size());
        for (JsonNode message : messages) {
            Lead lead = assigned.get(message.path("leadId").asText());
            assertEquals(lead.assignment.repId(), message.path("repId").asText());
            assertEquals(lead.assignment.repId() + "@example.com", message.path("repEmail").asText());
            assertEquals("rr", message.path("team").asText());
            assertEquals("rr", message.path("ruleId").asText());
            assertEquals("ROUND_ROBIN", message.path("strategy").asText());
            assertEquals(lead.assignment.assignedAt(), message.path("assignedAt").asText());
            Instant.parse(message.path("assignedAt").asText());
            assertFalse(message.path("reassignment").asBoolean(true));
            assertEquals(lead.email, message.path("lead").path("email").asText());
            assertEquals(lead.company, message.path("lead").path("company").asText());
            assertEquals("HOT", message.path("lead").path("grade").asText());
            assertEquals(70, message.path("lead").path("score").asInt());
        }
    }

    @Test
    void weightedSharesFollowTheWeightsInEveryRound() {
        rep("r-w3", "weighted", "\"weight\": 3");
        rep("r-w2", "weighted", "\"weight\": 2");
        rep("r-w1", "weighted", "\"weight\": 1");
        rep("r-w0", "weighted", "\"weight\": 0");
        routingRule("weighted", 10, "weighted", "weighted", "WEIGHTED", "[]");
        RoutingHandler handler = handler(Clock.systemUTC());
        List<Lead> inOrder = new ArrayList<>();
        // Three rounds show the turns kept on the stored rep items; RepPickerTest covers the arithmetic at length.
        int rounds = 3;
        for (int i = 0; i < rounds * 6; i++) {
            inOrder.add(route(handler, qualified("weighted", "weighted-co.example")));
        }
        assertEquals(Map.of("r-w3", 3 * rounds, "r-w2", 2 * rounds, "r-w1", rounds), countByRep(inOrder));
        // Smooth weighted round robin: every round of 6 turns (the total weight) gives exactly 3:2:1.
        for (int round = 0; round < rounds; round++) {
            assertEquals(Map.of("r-w3", 3, "r-w2", 2, "r-w1", 1), countByRep(inOrder.subList(round * 6, round * 6 + 6)),
                    "round " + round);
        }
        assertEquals("ZERO_WEIGHT", reasons(inOrder.getFirst().trace.path("routing")).get("r-w0"));
        stack.drain(stack.direct().assignmentsQueueUrl());
    }

    @Test
    void leastLoadedPicksTheLowestShareOfCapacity() {
        rep("r-ll1", "least", "\"capacity\": 10, \"openLeads\": 5");
        rep("r-ll2", "least", "\"capacity\": 4, \"openLeads\": 0");
        rep("r-ll3", "least", "\"capacity\": 6, \"openLeads\": 3");
        routingRule("least", 10, "least", "least", "LEAST_LOADED", "[]");
        RoutingHandler handler = handler(Clock.systemUTC());

        Lead first = route(handler, qualified("least", "least-co.example"));
        assertEquals("r-ll2", first.assignment.repId());
        Map<String, String> reasons = reasons(first.trace.path("routing"));
        assertEquals("LOWEST_LOAD 0.00 (0/4)", reasons.get("r-ll2"));
        assertEquals("HIGHER_LOAD 0.50 vs 0.00", reasons.get("r-ll1"));
        assertEquals("r-ll2", route(handler, qualified("least", "least-co.example")).assignment.repId(), "1/4 < 5/10, 3/6");

        // Now 5/10, 2/4 and 3/6 all tie at one half; whoever takes the tie loads up and is passed over next.
        String tieWinner = route(handler, qualified("least", "least-co.example")).assignment.repId();
        Map<String, Integer> loads = new LinkedHashMap<>();
        for (int i = 0; i < 2; i++) {
            String next = route(handler, qualified("least", "least-co.example")).assignment.repId();
            assertFalse(next.equals(tieWinner), "the tie winner is no longer least loaded");
            loads.merge(next, 1, Integer::sum);
        }
        assertEquals(2, loads.size(), "the other two tied reps take one each: " + loads);
        stack.drain(stack.direct().assignmentsQueueUrl());
    }

    @Test
    void redeliveredRoutingMessageAssignsOnceAndCountsCapacityOnce() throws Exception {
        rep("r-redo", "redo", "");
        routingRule("redo", 10, "redo", "redo", "ROUND_ROBIN", "[]");
        RoutingHandler handler = handler(Clock.systemUTC());

        Lead lead = qualified("redo", "redo-co.example");
        route(handler, lead);
        // Compared as trees: DynamoDB keeps no order among a map's keys.
        JsonNode once = Json.tree(stack.lead(lead.leadId));
        route(handler, lead);
        assertEquals(once, Json.tree(stack.lead(lead.leadId)), "the redelivery wrote nothing");
        assertEquals(1, stack.rep("r-redo").path("openLeads").asInt());
        assertEquals(1, stack.drain(stack.direct().assignmentsQueueUrl()).size());

        List<Lead> twice = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Lead concurrent = qualified("redo", "redo-co.example");
            deliverTwiceAtOnce(IsolatedStack.routeMessage(concurrent.leadId));
            twice.add(stack.lead(concurrent.leadId));
        }
        for (Lead routed : twice) {
            assertEquals(List.of("QUALIFIED", "ASSIGNED"), events(routed), routed.leadId);
        }
        assertEquals(11, stack.rep("r-redo").path("openLeads").asInt(), "capacity counted once per lead");
        // At least once downstream: a delivery that lost the race may send the same assignment again.
        List<JsonNode> messages = stack.drainBodies(stack.direct().assignmentsQueueUrl());
        for (Lead routed : twice) {
            List<JsonNode> own = messages.stream().filter(m -> m.path("leadId").asText().equals(routed.leadId)).toList();
            assertTrue(own.size() >= 1 && own.size() <= 2, routed.leadId + ": " + own);
            own.forEach(message -> assertEquals(routed.assignment.assignedAt(), message.path("assignedAt").asText()));
        }
    }

    private static void deliverTwiceAtOnce(String message) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<SQSBatchResponse>> deliveries = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            RoutingHandler handler = handler(Clock.systemUTC()); // two function instances
            deliveries.add(CompletableFuture.supplyAsync(() -> {
                try {
                    assertTrue(start.await(AWAIT.toMillis(), TimeUnit.MILLISECONDS), "released");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return handler.handleRequest(IsolatedStack.event(message), null);
            }));
        }
        start.countDown();
        for (CompletableFuture<SQSBatchResponse> delivery : deliveries) {
            assertEquals(List.of(), delivery.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS).getBatchItemFailures());
        }
    }

    private static Lead awaitLead(String leadId, Predicate<Lead> condition) {
        return Awaitility.await("lead " + leadId + " as expected").atMost(AWAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> stack.lead(leadId), condition::test);
    }

    private static JsonNode candidate(JsonNode routingTrace, String repId) {
        for (JsonNode candidate : routingTrace.path("candidates")) {
            if (candidate.path("repId").asText().equals(repId)) {
                return candidate;
            }
        }
        throw new AssertionError(repId + " is no candidate in " + routingTrace);
    }

    /** Each candidate's reason (chosen or not), by repId in order. */
    private static Map<String, String> reasons(JsonNode routingTrace) {
        Map<String, String> reasons = new LinkedHashMap<>();
        routingTrace.path("candidates").forEach(c -> reasons.put(c.path("repId").asText(), c.path("reason").asText()));
        return reasons;
    }

    private static List<String> events(Lead lead) {
        return lead.history.stream().map(HistoryEntry::event).toList();
    }

    private static Map<String, Integer> countByRep(Collection<Lead> leads) {
        Map<String, Integer> counts = new HashMap<>();
        leads.forEach(lead -> counts.merge(lead.assignment.repId(), 1, Integer::sum));
        return counts;
    }
}
