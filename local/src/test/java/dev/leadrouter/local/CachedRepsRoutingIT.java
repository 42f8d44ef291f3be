package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.json.Json;
import dev.leadrouter.local.template.AwsCallRecorder;
import dev.leadrouter.routing.RoutingHandler;
import dev.leadrouter.testing.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Routing decides on reps it read up to a cache TTL ago (30 s here): an ops edit made since cannot place a
 * lead against it, because the reserve re-checks at commit every attribute the decision read; an edit the
 * reserve cannot see (a new rep) takes effect once the TTL is up; a rep the system itself freed meanwhile
 * is read again before a lead is parked, and a close since the read does not make a reserve lose.
 */
@Tag("integration")
class CachedRepsRoutingIT {
    private static final Duration TTL = Duration.ofSeconds(30);
    /** The access key id the test's own clients sign with. */
    private static final String STACK_SIGNER = "local";
    private static IsolatedStack stack;

    @BeforeAll
    static void startWithCaches() {
        stack = IsolatedStack.start((int) TTL.toSeconds());
        stack.putRule("""
                {"ruleId": "settings", "stage": "SETTINGS", "hotScore": 0, "warmScore": 0,
                 "slaSeconds": 3600, "parkRetrySeconds": 3600}""");
        stack.putRule("""
                {"ruleId": "by-team", "stage": "ROUTING", "priority": 10, "enabled": true,
                 "conditions": [{"field": "attributes.team", "op": "exists"}], "team": "cached", "strategy": "ROUND_ROBIN"}""");
        stack.putRule("""
                {"ruleId": "by-freed", "stage": "ROUTING", "priority": 5, "enabled": true,
                 "conditions": [{"field": "attributes.freed", "op": "exists"}], "team": "freed", "strategy": "ROUND_ROBIN"}""");
        stack.putRule("""
                {"ruleId": "solo", "stage": "ROUTING", "priority": 20, "enabled": true, "conditions": [],
                 "team": "solo", "strategy": "ROUND_ROBIN"}""");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static void putRep(String repId, String team, boolean active, int capacity) {
        stack.putRep("""
                {"repId": "%s", "name": "Rep %s", "email": "%s@example.com", "teams": ["%s"], "active": %s,
                 "capacity": %d, "openLeads": 0, "weight": 1, "timezone": "UTC", "skills": ["en"],
                 "workingHours": {"mon": "00:00-23:59", "tue": "00:00-23:59", "wed": "00:00-23:59",
                  "thu": "00:00-23:59", "fri": "00:00-23:59", "sat": "00:00-23:59", "sun": "00:00-23:59"}}"""
                .formatted(repId, repId, repId, team, active, capacity));
    }

    @Test
    void anOpsEditCannotBeOutrunByTheCacheAndANewRepCountsOnceTheTtlIsUp() {
        putRep("r-k1", "cached", true, 50);
        putRep("r-k2", "cached", true, 50);
        TestClock clock = TestClock.now();
        RoutingHandler router = new RoutingHandler(new AwsPorts(stack.dynamo(), stack.sqs()), stack.direct().withRulesCacheTtl(TTL),
                clock);
        List<String> first = repsOf(route(router, 2, "team"));
        assertEquals(2, first.stream().distinct().count(), "round robin over both: " + first);

        // Within the TTL ops take r-k1 out and make r-k2 full: the cache still says otherwise, the reserve does not.
        stack.dynamo().updateItem(r -> r.tableName(stack.direct().repsTable()).key(key("r-k1"))
                .updateExpression("SET active = :no").expressionAttributeValues(Map.of(":no", AttributeValue.fromBool(false))));
        putRep("r-k3", "cached", true, 50);
        List<String> whileCached = repsOf(route(router, 4, "team"));
        assertEquals(List.of("r-k2", "r-k2", "r-k2", "r-k2"), whileCached, "r-k1 is inactive; r-k3 not read yet");
        assertEquals(1, stack.rep("r-k1").path("openLeads").asInt(), "no lead reached the inactive rep");

        // The cap ops set on r-k2 (its present load) holds at once; the new rep r-k3 is read once the TTL is up.
        stack.dynamo().updateItem(r -> r.tableName(stack.direct().repsTable()).key(key("r-k2"))
                .updateExpression("SET #cap = #open").expressionAttributeNames(Map.of("#cap", "capacity",
                        "#open", "openLeads")));
        clock.advance(TTL);
        List<String> afterTtl = repsOf(route(router, 3, "team"));
        assertEquals(List.of("r-k3", "r-k3", "r-k3"), afterTtl);
        assertEquals(5, stack.rep("r-k2").path("openLeads").asInt());
        assertEquals(3, stack.rep("r-k3").path("openLeads").asInt());
    }

    @Test
    void aParkedLeadIsWokenOntoARepFreedSinceTheCacheReadIt() {
        putRep("r-solo", "solo", true, 1);
        String held = post();
        awaitStatus(held, "ASSIGNED");
        String waiting = post();
        awaitStatus(waiting, "UNASSIGNED"); // the stack's cache says full, and so does the read
        assertEquals(200, stack.postAuthenticated("/leads/" + held + "/close", "{\"outcome\": \"WON\"}").statusCode());
        // Parked leads are retried only hourly here: what places it is the wake-up, on a rep the cache had as full.
        awaitStatus(waiting, "ASSIGNED");
        assertEquals("r-solo", stack.lead(waiting).assignment.repId());
        assertEquals(1, stack.rep("r-solo").path("openLeads").asInt());
    }

    @Test
    void aCloseSinceTheCacheReadLeavesTheReserveToWinAtOnce() {
        putRep("r-f1", "freed", true, 3);
        RoutingHandler router = new RoutingHandler(new AwsPorts(stack.dynamo(), stack.sqs()),
                stack.direct().withRulesCacheTtl(TTL), TestClock.now());
        String first = route(router, 1, "freed").getFirst().leadId();
        assertEquals(200, stack.postAuthenticated("/leads/" + first + "/close", "{\"outcome\": \"WON\"}").statusCode());
        assertEquals(0, stack.rep("r-f1").path("openLeads").asInt());

        // The cache still has r-f1 at 1 open lead: the reserve wins at once, and counts from what the item holds.
        Map<String, Long> before = AwsCallRecorder.callCountsOf(STACK_SIGNER);
        List<String> reps = repsOf(route(router, 2, "freed"));
        Map<String, Long> after = AwsCallRecorder.callCountsOf(STACK_SIGNER);
        assertEquals(List.of("r-f1", "r-f1"), reps);
        assertEquals(2, stack.rep("r-f1").path("openLeads").asInt());
        assertEquals(2, delta(before, after, "TransactWriteItems"), "one placement transaction per lead, none lost");
        assertEquals(0, delta(before, after, "BatchGetItem"), "no rep read again");
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String operation) {
        return after.getOrDefault(operation, 0L) - before.getOrDefault(operation, 0L);
    }

    private static String post() {
        var answer = stack.api().post("/leads", """
                {"email": "%s", "firstName": "Sam", "company": "Solo Ltd", "country": "GB"}"""
                .formatted(TestLeads.uniqueEmail("sam", "solo.example")));
        assertEquals(202, answer.statusCode(), answer.body());
        return Json.parse(answer.body()).path("leadId").asText();
    }

    /** A lead routed by a test's router, and the rep it went to. */
    private record Placed(String leadId, String repId) {}

    /**
     * Routes {@code count} qualified leads with attribute {@code attribute} (which picks the team) one after
     * another; where they went.
     */
    private static List<Placed> route(RoutingHandler router, int count, String attribute) {
        List<Placed> placed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Lead lead = stack.newLead("QUALIFIED", TestLeads.uniqueEmail("kim", "cached.example"), Map.of(attribute, "yes"));
            lead.score = 10;
            lead.grade = Grade.HOT;
            stack.store(lead);
            SQSBatchResponse response = router.handleRequest(IsolatedStack.event(IsolatedStack.routeMessage(lead.leadId)),
                    null);
            assertTrue(response.getBatchItemFailures().isEmpty(), "routing failed for " + lead.leadId);
            Lead routed = stack.lead(lead.leadId);
            assertEquals(LeadStatus.ASSIGNED, routed.status, "lead " + lead.leadId);
            assertNotEquals(null, routed.assignment);
            placed.add(new Placed(lead.leadId, routed.assignment.repId()));
        }
        return placed;
    }

    private static List<String> repsOf(List<Placed> placed) {
        return placed.stream().map(Placed::repId).toList();
    }

    /** Waits for a lead's status as the stack's own functions move it. */
    private static void awaitStatus(String leadId, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> stack.leads().get(leadId).map(lead -> lead.status.name().equals(status)).orElse(false));
    }

    private static Map<String, AttributeValue> key(String repId) {
        return Map.of("repId", AttributeValue.fromS(repId));
    }
}
