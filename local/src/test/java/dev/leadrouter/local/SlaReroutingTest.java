package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.config.Config;
import dev.leadrouter.json.Json;
import dev.leadrouter.routing.RoutingHandler;
import dev.leadrouter.routing.SweepHandler;
import dev.leadrouter.testing.TestClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SLA re-routing on a stack of this class's own with a 2 s SLA: a lead nobody accepts goes from rep to
 * rep, never back to one who missed it, and parks once all have; accepting or closing stops the clock;
 * re-routing respects capacity. The stack's functions run on a {@link TestClock} that stands still until a test
 * moves it past an SLA. An SLA longer than SQS's 15-minute delay limit is driven by the sweep, shown with the
 * routing and sweep handlers on an injected clock.
 */
@Tag("end-to-end")
class SlaReroutingTest {
    private static final int SLA_SECONDS = 2;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Set<String> TRIO = Set.of("r-a", "r-b", "r-c");
    private static final TestClock CLOCK = TestClock.now();

    /**
     * Team "trio" (three reps) takes every lead; team "duo" takes leads with attribute team=duo and has
     * r-x and r-y, who is full. Parked leads are retried after 10 minutes only: within a test they stay.
     */
    private static final String ORG = """
            {"reps": [
              {"repId": "r-a", "email": "a@example.com", "teams": ["trio"], "active": true, "capacity": 5, "openLeads": 0},
              {"repId": "r-b", "email": "b@example.com", "teams": ["trio"], "active": true, "capacity": 5, "openLeads": 0},
              {"repId": "r-c", "email": "c@example.com", "teams": ["trio"], "active": true, "capacity": 5, "openLeads": 0},
              {"repId": "r-x", "email": "x@example.com", "teams": ["duo"], "active": true, "capacity": 5, "openLeads": 0},
              {"repId": "r-y", "email": "y@example.com", "teams": ["duo"], "active": true, "capacity": 1, "openLeads": 1}],
             "rules": [
              {"ruleId": "settings", "stage": "SETTINGS", "hotScore": 60, "warmScore": 30,
               "slaSeconds": %d, "parkRetrySeconds": 600},
              {"ruleId": "q-everyone", "stage": "QUALIFICATION", "priority": 1, "enabled": true, "points": 40},
              {"ruleId": "to-duo", "stage": "ROUTING", "priority": 10, "enabled": true,
               "conditions": [{"field": "attributes.team", "op": "eq", "value": "duo"}],
               "team": "duo", "strategy": "LEAST_LOADED"},
              {"ruleId": "to-trio", "stage": "ROUTING", "priority": 20, "enabled": true,
               "team": "trio", "strategy": "LEAST_LOADED"}]}
            """;

    @RegisterExtension
    static final StackExtension STACK = StackExtension.ownStack(options -> TestOrg.emptyOrg(options).clock(CLOCK));

    private static LocalStack stack;
    private static ApiClient api;
    /** Messages taken off the assignments queues so far, by leadId. */
    private static final Map<String, List<JsonNode>> ASSIGNMENTS = new ConcurrentHashMap<>();

    @BeforeAll
    static void startStack(LocalStack own) {
        stack = own;
        TestOrg.write(stack, ORG.formatted(SLA_SECONDS));
        api = ApiClient.of(stack);
    }


    @Test
    void aMissedLeadGoesToAnotherRepUntilAllMissedItThenParksWithAllCapacityFreed() {
        int before = trioOpenLeads();
        Map<String, Integer> repsBefore = new HashMap<>();
        TRIO.forEach(repId -> repsBefore.put(repId, TestOrg.openLeads(stack, repId)));
        String leadId = submit("{\"email\": \"sla-%s@example-sla.com\"}".formatted(UUID.randomUUID()));
        String first = api.awaitStatus(leadId, "ASSIGNED", TIMEOUT).path("assignment").path("repId").asText();
        assertTrue(TRIO.contains(first), first);

        JsonNode rerouted = missTheSla(leadId, 1);
        assertTrue(history(rerouted).contains("SLA_MISSED"), rerouted.toString());
        assertEquals(repsBefore.get(first), TestOrg.openLeads(stack, first), "the rep who missed the SLA has the capacity back");
        missTheSla(leadId, 2);
        missTheSla(leadId, 3);

        JsonNode parked = api.awaitStatus(leadId, "UNASSIGNED", TIMEOUT);
        List<String> events = history(parked);
        assertEquals(List.of("RECEIVED", "QUALIFIED", "ASSIGNED", "SLA_MISSED", "REASSIGNED", "SLA_MISSED", "REASSIGNED",
                "SLA_MISSED", "UNASSIGNED"), events, parked.path("history").toString());
        List<String> holders = new ArrayList<>();
        for (JsonNode entry : parked.path("history")) {
            if (List.of("ASSIGNED", "REASSIGNED").contains(entry.path("event").asText())) {
                holders.add(entry.path("detail").asText().replaceFirst("^to (\\S+).*", "$1"));
            }
        }
        assertEquals(first, holders.getFirst());
        assertEquals(TRIO, new HashSet<>(holders), "each rep had it once: " + holders);
        assertEquals(TRIO, new HashSet<>(strings(parked.path("missedReps"))));
        assertTrue(parked.path("assignment").isMissingNode() || parked.path("assignment").isNull(), parked.toString());
        assertEquals(before, trioOpenLeads(), "all capacity is back");

        List<JsonNode> messages = awaitAssignments(leadId, 3);
        assertEquals(holders, messages.stream().map(m -> m.path("repId").asText()).toList());
        assertEquals(List.of(false, true, true), messages.stream().map(m -> m.path("reassignment").asBoolean()).toList());
        assertEquals(3, drainAssignments().get(leadId).size(), "one message per assignment");
    }

    @Test
    void acceptingStopsTheClock() {
        int before = trioOpenLeads();
        String leadId = submit("{\"email\": \"sla-accept-%s@example-sla.com\"}".formatted(UUID.randomUUID()));
        JsonNode accepted = acceptByWhoeverHoldsIt(leadId);
        String assignee = accepted.path("assignment").path("repId").asText();
        int assignments = count(history(accepted), "ASSIGNED") + count(history(accepted), "REASSIGNED");

        JsonNode later = unchangedPastTheSla(leadId, accepted);
        assertEquals("ACCEPTED", later.path("status").asText());
        assertEquals(assignee, later.path("assignment").path("repId").asText());
        assertEquals(before + 1, trioOpenLeads(), "the accepted lead holds one unit, no more");
        assertEquals(assignments, drainAssignments().getOrDefault(leadId, List.of()).size(),
                "no assignment after the accept");

        assertEquals(200, close(leadId).statusCode());
        assertEquals(before, trioOpenLeads());
    }

    @Test
    void closingStopsTheClock() {
        int before = trioOpenLeads();
        String leadId = submit("{\"email\": \"sla-close-%s@example-sla.com\"}".formatted(UUID.randomUUID()));
        api.awaitStatus(leadId, "ASSIGNED", TIMEOUT);
        HttpResponse<String> response = close(leadId);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode closed = Json.parse(response.body());
        assertEquals("CLOSED", closed.path("status").asText());
        assertEquals(before, trioOpenLeads());
        int assignments = count(history(closed), "ASSIGNED") + count(history(closed), "REASSIGNED");

        JsonNode later = unchangedPastTheSla(leadId, closed);
        assertEquals("CLOSED", later.path("status").asText());
        assertEquals(before, trioOpenLeads(), "capacity was given back once");
        assertEquals(assignments, drainAssignments().getOrDefault(leadId, List.of()).size(),
                "no assignment after the close");
    }

    @Test
    void reroutingRespectsCapacity() {
        String leadId = submit("{\"email\": \"sla-duo-%s@example-sla.com\", \"attributes\": {\"team\": \"duo\"}}"
                .formatted(UUID.randomUUID()));
        JsonNode assigned = api.awaitStatus(leadId, "ASSIGNED", TIMEOUT);
        assertEquals("r-x", assigned.path("assignment").path("repId").asText(), "r-y is full");

        missTheSla(leadId, 1);
        JsonNode parked = api.awaitStatus(leadId, "UNASSIGNED", TIMEOUT);
        assertEquals(List.of("RECEIVED", "QUALIFIED", "ASSIGNED", "SLA_MISSED", "UNASSIGNED"), history(parked));
        assertEquals(0, TestOrg.openLeads(stack, "r-x"), "r-x missed it and has the capacity back");
        assertEquals(1, TestOrg.openLeads(stack, "r-y"), "never pushed over capacity");
        String candidates = parked.path("trace").path("routing").path("candidates").toString();
        assertTrue(candidates.contains("CAPACITY"), candidates);
        assertEquals(1, awaitAssignments(leadId, 1).size());
        assertEquals(1, drainAssignments().get(leadId).size(), "no re-assignment message");
    }

    /**
     * SQS delays a message 15 minutes at most, so a longer SLA relies on the sweep: with the clock an
     * hour on, the sweep finds the assignment due and the SLA check it sends re-routes the lead.
     */
    @Test
    void anSlaLongerThanTheQueueDelayLimitIsCaughtByTheSweep() {
        // A stack of this test alone: its org's SLA is longer than the class's, and the test moves a clock of its own.
        try (LocalStack longSla = LocalStack.start(TestOrg.emptyOrg(StackExtension.freePorts()))) {
            TestOrg.write(longSla, """
                    {"reps": [
                      {"repId": "r-one", "email": "one@example.com", "teams": ["pair"], "active": true, "capacity": 5, "openLeads": 0},
                      {"repId": "r-two", "email": "two@example.com", "teams": ["pair"], "active": true, "capacity": 5, "openLeads": 0}],
                     "rules": [
                      {"ruleId": "settings", "stage": "SETTINGS", "slaSeconds": 3600, "parkRetrySeconds": 600},
                      {"ruleId": "q-everyone", "stage": "QUALIFICATION", "priority": 1, "enabled": true, "points": 40},
                      {"ruleId": "to-pair", "stage": "ROUTING", "priority": 1, "enabled": true, "team": "pair",
                       "strategy": "LEAST_LOADED"}]}""");
            ApiClient longApi = ApiClient.of(longSla);
            HttpResponse<String> submitted = longApi.post("/leads", "{\"email\": \"sla-long-%s@example-sla.com\"}"
                    .formatted(UUID.randomUUID()));
            assertEquals(202, submitted.statusCode(), submitted.body());
            String leadId = Json.parse(submitted.body()).path("leadId").asText();
            JsonNode assigned = longApi.awaitStatus(leadId, "ASSIGNED", TIMEOUT);
            String first = assigned.path("assignment").path("repId").asText();
            Instant assignedAt = Instant.parse(assigned.path("assignment").path("assignedAt").asText());

            // The handlers under test send routing messages to a queue of the test's, which the stack does not consume.
            String routingQueue = longSla.sqs().createQueue(r -> r.queueName("sla-test-routing")).queueUrl();
            Config config = Config.local(name -> name.equals(Config.queueName(Config.Queue.ROUTING)) ? routingQueue
                    : longSla.sqs().getQueueUrl(r -> r.queueName(name)).queueUrl());
            TestClock clock = TestClock.at(assignedAt);
            SweepHandler sweep = new SweepHandler(new AwsPorts(longSla.dynamoDb(), longSla.sqs()), config, clock);
            RoutingHandler routing = new RoutingHandler(new AwsPorts(longSla.dynamoDb(), longSla.sqs()), config, clock);

            assertEquals(Map.of(), sweep.handleRequest(Map.of(), new LocalLambdaContext("SweepFunction")), "not due yet");
            routing.handleRequest(sqsEvent(Json.write(Map.of("leadId", leadId, "type", "SLA_CHECK",
                    "assignedAt", assignedAt.toString()))), new LocalLambdaContext("RoutingFunction"));
            assertEquals(first, view(longApi, leadId).path("assignment").path("repId").asText(), "an early check waits");
            assertTrue(receive(longSla, routingQueue).isEmpty(), "no delayed check beyond SQS's limit: the sweep has it");

            clock.advance(Duration.ofSeconds(3601));
            assertEquals(Map.of("ASSIGNED", 1), sweep.handleRequest(Map.of(), new LocalLambdaContext("SweepFunction")));
            List<Message> checks = receive(longSla, routingQueue);
            assertEquals(1, checks.size());
            JsonNode check = Json.parse(checks.getFirst().body());
            assertEquals(leadId, check.path("leadId").asText());
            assertEquals("SLA_CHECK", check.path("type").asText());

            SQSBatchResponse result = routing.handleRequest(sqsEvent(checks.getFirst().body()),
                    new LocalLambdaContext("RoutingFunction"));
            assertTrue(result.getBatchItemFailures().isEmpty(), result.toString());

            JsonNode rerouted = view(longApi, leadId);
            assertEquals("ASSIGNED", rerouted.path("status").asText());
            String second = rerouted.path("assignment").path("repId").asText();
            assertNotEquals(first, second);
            assertTrue(rerouted.path("assignment").path("reassignment").asBoolean(), rerouted.toString());
            assertEquals(clock.instant().toString(), rerouted.path("assignment").path("assignedAt").asText());
            assertTrue(history(rerouted).contains("SLA_MISSED"), rerouted.path("history").toString());
            assertEquals(0, TestOrg.openLeads(longSla, first));
            assertEquals(1, TestOrg.openLeads(longSla, second));
            List<JsonNode> messages = awaitAssignments(longSla, leadId, 2);
            assertEquals(List.of(first, second), messages.stream().map(m -> m.path("repId").asText()).toList());
            assertTrue(messages.get(1).path("reassignment").asBoolean());
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String submit(String body) {
        HttpResponse<String> response = api.post("/leads", body);
        assertEquals(202, response.statusCode(), response.body());
        return Json.parse(response.body()).path("leadId").asText();
    }

    private static JsonNode view(ApiClient client, String leadId) {
        HttpResponse<String> response = client.getAuthenticated("/leads/" + leadId);
        assertEquals(200, response.statusCode(), response.body());
        return Json.parse(response.body());
    }

    private static HttpResponse<String> close(String leadId) {
        return api.postAuthenticated("/leads/" + leadId + "/close", "{\"outcome\": \"LOST\"}");
    }

    private static JsonNode awaitLead(String leadId, Predicate<JsonNode> condition) {
        return Awaitility.await("lead " + leadId + " as expected").atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> view(api, leadId), condition);
    }

    /** Accepts as the current assignee; should the SLA pass first, as the next one. */
    private static JsonNode acceptByWhoeverHoldsIt(String leadId) {
        HttpResponse<String> accepted = Awaitility.await("lead " + leadId + " accepted").atMost(TIMEOUT)
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).until(() -> {
                    JsonNode lead = api.awaitStatus(leadId, "ASSIGNED", TIMEOUT);
                    HttpResponse<String> response = api.postAuthenticated("/leads/" + leadId + "/accept",
                            "{\"repId\": \"" + lead.path("assignment").path("repId").asText() + "\"}");
                    assertTrue(response.statusCode() == 200 || response.statusCode() == 409, response.body());
                    return response;
                }, response -> response.statusCode() == 200);
        return Json.parse(accepted.body());
    }

    /** Moves the clock past the current assignment's SLA; returns the lead once it has missed {@code misses} SLAs. */
    private static JsonNode missTheSla(String leadId, int misses) {
        CLOCK.advance(Duration.ofSeconds(SLA_SECONDS + 1));
        return awaitLead(leadId, lead -> count(history(lead), "SLA_MISSED") == misses);
    }

    /**
     * Moves the clock past the lead's SLA and waits until the routing queue is empty, its SLA check (sent delayed
     * at the assignment) included: the lead must not have changed.
     */
    private static JsonNode unchangedPastTheSla(String leadId, JsonNode settled) {
        CLOCK.advance(Duration.ofSeconds(SLA_SECONDS + 1));
        String routing = stack.config().routingQueueUrl();
        Awaitility.await("the routing queue is empty, SLA checks included").atMost(TIMEOUT)
                .until(() -> stack.sqs().getQueueAttributes(r -> r.queueUrl(routing).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes().values().stream()
                        .allMatch("0"::equals));
        JsonNode lead = view(api, leadId);
        assertEquals(settled.path("history"), lead.path("history"), "the lead changed");
        return lead;
    }

    private static int trioOpenLeads() {
        return TRIO.stream().mapToInt(repId -> TestOrg.openLeads(stack, repId)).sum();
    }

    private static List<String> history(JsonNode lead) {
        List<String> events = new ArrayList<>();
        lead.path("history").forEach(entry -> events.add(entry.path("event").asText()));
        return events;
    }

    private static int count(List<String> events, String event) {
        return (int) events.stream().filter(event::equals).count();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static List<JsonNode> awaitAssignments(String leadId, int count) {
        return awaitAssignments(stack, leadId, count);
    }

    private static List<JsonNode> awaitAssignments(LocalStack from, String leadId, int count) {
        return Awaitility.await(count + " assignment messages for " + leadId).atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> drainAssignments(from).getOrDefault(leadId, List.of()), messages -> messages.size() >= count);
    }

    private static Map<String, List<JsonNode>> drainAssignments() {
        return drainAssignments(stack);
    }

    /** Takes every message now on the assignments queue into {@link #ASSIGNMENTS}. */
    private static Map<String, List<JsonNode>> drainAssignments(LocalStack from) {
        String queue = from.config().assignmentsQueueUrl();
        List<Message> batch;
        do {
            batch = receive(from, queue);
            for (Message message : batch) {
                JsonNode body = Json.parse(message.body());
                ASSIGNMENTS.computeIfAbsent(body.path("leadId").asText(), id -> new ArrayList<>()).add(body);
                from.sqs().deleteMessage(r -> r.queueUrl(queue).receiptHandle(message.receiptHandle()));
            }
        } while (!batch.isEmpty());
        return ASSIGNMENTS;
    }

    private static List<Message> receive(LocalStack from, String queueUrl) {
        return from.sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
                .messages();
    }

    private static SQSEvent sqsEvent(String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(UUID.randomUUID().toString());
        message.setBody(body);
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        return event;
    }
}
