package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.domain.HistoryEntry;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.json.Json;
import dev.leadrouter.qualification.QualificationHandler;
import dev.leadrouter.queue.LeadMessage;
import dev.leadrouter.testing.TestClock;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The qualification function through its handler, with SQS events as Lambda delivers them, against a
 * purpose-built rule set: scores, grades and where each lead goes next, redelivery, ops edits, invalid
 * rules and messages that can never succeed.
 */
@Tag("integration")
@ExtendWith(StackExtension.class)
class QualificationHandlerIT {
    private static final Duration RULES_CACHE_TTL = Duration.ofSeconds(5);

    private static IsolatedStack stack;

    @BeforeAll
    static void startStackWithRules(IsolatedStack isolated) {
        stack = isolated;
        stack.putRule("""
                {"ruleId": "settings", "stage": "SETTINGS", "hotScore": 60, "warmScore": 30,
                 "slaSeconds": 3600, "parkRetrySeconds": 3600}""");
        stack.putRule("""
                {"ruleId": "q-edu", "stage": "QUALIFICATION", "priority": 1, "enabled": true,
                 "conditions": [{"field": "emailDomain", "op": "ends_with", "value": ".edu"}], "disqualify": true,
                 "description": "universities"}""");
        stack.putRule("""
                {"ruleId": "q-size", "stage": "QUALIFICATION", "priority": 10, "enabled": true,
                 "conditions": [{"field": "employees", "op": "gte", "value": 1000}], "points": 30}""");
        stack.putRule("""
                {"ruleId": "q-senior", "stage": "QUALIFICATION", "priority": 20, "enabled": true,
                 "conditions": [{"field": "title", "op": "contains", "value": "vp"}], "points": 40}""");
        stack.putRule("""
                {"ruleId": "q-tunable", "stage": "QUALIFICATION", "priority": 30, "enabled": true,
                 "conditions": [{"field": "attributes.tunable", "op": "eq", "value": "yes"}], "points": 10}""");
        // Would make every lead HOT if it were applied: an unknown op makes it invalid, so it is skipped.
        stack.putRule("""
                {"ruleId": "q-broken", "stage": "QUALIFICATION", "priority": 5, "enabled": true,
                 "conditions": [{"field": "country", "op": "roughly", "value": "DE"}], "points": 100}""");
    }

    private static QualificationHandler handler(Clock clock) {
        return new QualificationHandler(new AwsPorts(stack.dynamo(), stack.sqs()), stack.direct().withRulesCacheTtl(RULES_CACHE_TTL),
                clock);
    }

    private static Lead received(String email, Long employees, String title, Map<String, String> attributes) {
        Lead lead = stack.newLead("RECEIVED", email, attributes);
        lead.employees = employees;
        lead.title = title;
        return stack.store(lead);
    }

    private static String qualifyMessage(String leadId) {
        return "{\"leadId\":\"" + leadId + "\"}";
    }

    @Test
    void scoresGradesAndSendsEachLeadOn() {
        Lead hot = received(unique("hot", "acme-q.com"), 1500L, "VP Sales", Map.of());
        Lead warm = received(unique("warm", "acme-q.com"), 1500L, "Engineer", Map.of());
        Lead cold = received(unique("cold", "acme-q.com"), 10L, null, Map.of());
        Lead student = received(unique("student", "uni-q.edu"), 1500L, "VP of the chess club", Map.of());

        SQSBatchResponse response = handler(Clock.systemUTC()).handleRequest(IsolatedStack.event(
                qualifyMessage(hot.leadId), qualifyMessage(warm.leadId), qualifyMessage(cold.leadId),
                qualifyMessage(student.leadId)), null);
        assertEquals(List.of(), response.getBatchItemFailures());

        List<JsonNode> routing = stack.drainBodies(stack.direct().routingQueueUrl());
        assertEquals(List.of(hot.leadId, warm.leadId), routing.stream().map(m -> m.path("leadId").asText()).toList());
        routing.forEach(message -> assertEquals("ROUTE", message.path("type").asText(), message.toString()));
        Map<String, Lead> sentOn = carried(routing);
        // A qualified lead is stored by routing's placement, together with its outcome: here it is still RECEIVED.
        assertEquals("RECEIVED", stack.lead(hot.leadId).status.name());

        Lead hotNow = sentOn.get(hot.leadId);
        assertEquals("QUALIFIED", hotNow.status.name());
        assertEquals(70, hotNow.score);
        assertEquals("HOT", hotNow.grade.name());
        assertEquals(List.of("q-size:30", "q-senior:40"), matchedRules(hotNow));
        assertEquals(new HistoryEntry(hotNow.updatedAt, "QUALIFIED", "score 70 grade HOT"), hotNow.history.getLast());

        Lead warmNow = sentOn.get(warm.leadId);
        assertEquals("QUALIFIED", warmNow.status.name());
        assertEquals(30, warmNow.score);
        assertEquals("WARM", warmNow.grade.name());
        assertEquals(List.of("q-size:30"), matchedRules(warmNow));

        Lead coldNow = stack.lead(cold.leadId);
        assertEquals("NURTURE", coldNow.status.name());
        assertEquals(0, coldNow.score);
        assertEquals("COLD", coldNow.grade.name());
        assertEquals(List.of(), matchedRules(coldNow));
        assertEquals("NURTURE", coldNow.history.getLast().event());
        assertEquals("NURTURE", coldNow.outputSent);

        Lead studentNow = stack.lead(student.leadId);
        assertEquals("DISQUALIFIED", studentNow.status.name());
        assertEquals(List.of("q-edu:0", "q-size:30", "q-senior:40"), matchedRules(studentNow));
        assertTrue(studentNow.trace.path("qualification").path("matchedRules").get(0).path("disqualify").asBoolean());
        assertEquals("DISQUALIFIED", studentNow.history.getLast().event());
        assertTrue(studentNow.history.getLast().detail().contains("q-edu"), studentNow.history.getLast().detail());
        assertNull(studentNow.dueAt, "a final state leaves the sweep's index");

        List<JsonNode> nurture = stack.drainBodies(stack.direct().nurtureQueueUrl());
        assertEquals(1, nurture.size(), nurture.toString());
        assertEquals(cold.leadId, nurture.getFirst().path("leadId").asText());
        assertEquals("COLD", nurture.getFirst().path("grade").asText());
        assertEquals(cold.email, nurture.getFirst().path("email").asText());
    }

    @Test
    void invalidRuleIsSkippedAndReportedWhileThePipelineGoesOn() {
        Lead lead = stack.newLead("RECEIVED", unique("de", "acme-q.com"), Map.of());
        lead.country = "DE"; // what the broken rule would have matched
        stack.store(lead);

        assertEquals(List.of(), handler(Clock.systemUTC()).handleRequest(
                IsolatedStack.event(qualifyMessage(lead.leadId)), null).getBatchItemFailures());

        Lead now = stack.lead(lead.leadId);
        assertEquals("NURTURE", now.status.name());
        assertEquals(0, now.score);
        assertEquals(List.of(), matchedRules(now));
        stack.drain(stack.direct().nurtureQueueUrl());

        HttpResponse<String> validation = stack.getAuthenticated("/rules/validation");
        assertEquals(200, validation.statusCode(), validation.body());
        JsonNode report = Json.parse(validation.body());
        assertTrue(report.toString().contains("q-broken"), report.toString());
    }

    @Test
    void redeliveryChangesNothingMore() throws Exception {
        QualificationHandler handler = handler(Clock.systemUTC());
        Lead hot = received(unique("again-hot", "acme-q.com"), 2000L, "VP Marketing", Map.of());
        Lead cold = received(unique("again-cold", "acme-q.com"), 2L, null, Map.of());
        String[] messages = {qualifyMessage(hot.leadId), qualifyMessage(cold.leadId)};

        handler.handleRequest(IsolatedStack.event(messages), null);
        // Compared as trees: DynamoDB keeps no order among a map's keys.
        JsonNode hotOnce = Json.tree(stack.lead(hot.leadId));
        JsonNode coldOnce = Json.tree(stack.lead(cold.leadId));
        assertEquals(2, stack.drain(stack.direct().routingQueueUrl()).size() + stack.drain(stack.direct().nurtureQueueUrl()).size());

        assertEquals(List.of(), handler.handleRequest(IsolatedStack.event(messages), null).getBatchItemFailures());
        assertEquals(hotOnce, Json.tree(stack.lead(hot.leadId)), "the redelivery wrote nothing");
        assertEquals(coldOnce, Json.tree(stack.lead(cold.leadId)), "the redelivery wrote nothing");
        // A qualified lead's hand-off to routing is sent again (routing places one version once); nurture is not.
        assertEquals(List.of(hot.leadId), leadIds(stack.drain(stack.direct().routingQueueUrl())));
        assertEquals(List.of(), stack.drain(stack.direct().nurtureQueueUrl()));
    }

    @Test
    void concurrentRedeliveryQualifiesOnce() throws Exception {
        List<Lead> leads = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            leads.add(received(unique("twice-hot-" + i, "acme-q.com"), 5000L, "VP Sales", Map.of()));
            leads.add(received(unique("twice-cold-" + i, "acme-q.com"), 1L, null, Map.of()));
        }
        for (Lead lead : leads) {
            deliverTwiceAtOnce(qualifyMessage(lead.leadId));
        }

        // At least once downstream: each lead sent on, a lost race (or, for a qualified lead, the second
        // delivery: routing stores it) may send it once more.
        List<JsonNode> routing = stack.drainBodies(stack.direct().routingQueueUrl());
        List<String> routed = routing.stream().map(m -> m.path("leadId").asText()).toList();
        List<String> nurtured = leadIds(stack.drain(stack.direct().nurtureQueueUrl()));
        for (Lead lead : leads) {
            boolean hot = lead.employees == 5000L;
            assertEquals(0, (hot ? nurtured : routed).stream().filter(lead.leadId::equals).count(), lead.leadId);
            long copies = (hot ? routed : nurtured).stream().filter(lead.leadId::equals).count();
            assertTrue(copies >= 1 && copies <= 2, lead.leadId + " sent " + copies + " times");
        }
        for (JsonNode message : routing) {
            Lead sent = carried(message);
            assertEquals("QUALIFIED", sent.status.name(), sent.leadId);
            assertEquals(70, sent.score);
            assertEquals(List.of("RECEIVED", "QUALIFIED"), sent.history.stream().map(HistoryEntry::event).toList());
            assertEquals(List.of("q-size:30", "q-senior:40"), matchedRules(sent));
            assertEquals(stack.lead(sent.leadId).version, sent.version, "one version, so routing places it once");
        }
        for (Lead lead : leads) {
            Lead now = stack.lead(lead.leadId);
            boolean hot = lead.employees == 5000L;
            assertEquals(hot ? "RECEIVED" : "NURTURE", now.status.name(), now.leadId);
            assertEquals(hot ? List.of("RECEIVED") : List.of("RECEIVED", "NURTURE"),
                    now.history.stream().map(HistoryEntry::event).toList(), "one state change, however many deliveries");
        }
    }

    @Test
    void opsEditOfARuleTakesEffectOnceTheCacheExpires() {
        TestClock clock = TestClock.now();
        QualificationHandler handler = handler(clock);
        Map<String, String> tunable = Map.of("tunable", "yes");

        assertEquals(10, qualify(handler, received(unique("tune-1", "acme-q.com"), 5L, null, tunable)).score);

        stack.putRule("""
                {"ruleId": "q-tunable", "stage": "QUALIFICATION", "priority": 30, "enabled": true,
                 "conditions": [{"field": "attributes.tunable", "op": "eq", "value": "yes"}], "points": 45}""");
        try {
            clock.advance(RULES_CACHE_TTL.minusMillis(1));
            assertEquals(10, qualify(handler, received(unique("tune-2", "acme-q.com"), 5L, null, tunable)).score,
                    "within the TTL the cached rules still apply");

            clock.advance(Duration.ofMillis(1));
            Lead edited = qualify(handler, received(unique("tune-3", "acme-q.com"), 5L, null, tunable));
            assertEquals(45, edited.score);
            assertEquals("WARM", edited.grade.name());
            assertEquals(List.of("q-tunable:45"), matchedRules(edited));
        } finally {
            stack.putRule("""
                    {"ruleId": "q-tunable", "stage": "QUALIFICATION", "priority": 30, "enabled": true,
                     "conditions": [{"field": "attributes.tunable", "op": "eq", "value": "yes"}], "points": 10}""");
            stack.drain(stack.direct().routingQueueUrl());
            stack.drain(stack.direct().nurtureQueueUrl());
        }
    }

    @Test
    void messagesThatCanNeverSucceedGoToTheDeadLetterQueueAtOnce() {
        Lead fine = received(unique("fine", "acme-q.com"), 1500L, "VP", Map.of());
        String unknown = qualifyMessage(UUID.randomUUID().toString());
        SQSBatchResponse response = handler(Clock.systemUTC()).handleRequest(
                IsolatedStack.event(unknown, "{not json", qualifyMessage(fine.leadId), "{\"noLeadId\": true}"), null);

        assertEquals(List.of(), response.getBatchItemFailures(), "nothing is left for SQS to retry");
        assertEquals(List.of(fine.leadId), leadIds(stack.drain(stack.direct().routingQueueUrl())),
                "the rest of the batch is processed");
        List<Message> dead = stack.drain(stack.direct().qualificationDlqUrl());
        assertEquals(List.of(unknown, "{not json", "{\"noLeadId\": true}"), dead.stream().map(Message::body).toList());
        for (Message message : dead) {
            JsonNode errors = Json.parse(message.messageAttributes().get("errors").stringValue());
            assertTrue(errors.path("errors").get(0).path("message").asText().length() > 0, errors.toString());
        }
        assertTrue(dead.get(0).messageAttributes().get("errors").stringValue().contains("unknown lead"));
    }

    private static Lead qualify(QualificationHandler handler, Lead lead) {
        assertEquals(List.of(), handler.handleRequest(IsolatedStack.event(qualifyMessage(lead.leadId)), null)
                .getBatchItemFailures());
        Lead stored = stack.lead(lead.leadId);
        return stored.status != LeadStatus.RECEIVED ? stored
                : carried(stack.drainBodies(stack.direct().routingQueueUrl())).get(lead.leadId);
    }

    /** The leads routing messages carry, by id: a qualified lead as qualification sent it on, not yet stored. */
    private static Map<String, Lead> carried(List<JsonNode> routingMessages) {
        Map<String, Lead> byId = new HashMap<>();
        for (JsonNode message : routingMessages) {
            Lead lead = carried(message);
            byId.put(lead.leadId, lead);
        }
        return byId;
    }

    private static Lead carried(JsonNode routingMessage) {
        return LeadMessage.parse(Json.write(routingMessage)).carried().orElseThrow();
    }

    private static void deliverTwiceAtOnce(String message) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<SQSBatchResponse>> deliveries = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            QualificationHandler handler = handler(Clock.systemUTC()); // two function instances
            deliveries.add(CompletableFuture.supplyAsync(() -> {
                await(start);
                return handler.handleRequest(IsolatedStack.event(message), null);
            }));
        }
        start.countDown();
        for (CompletableFuture<SQSBatchResponse> delivery : deliveries) {
            assertEquals(List.of(), delivery.get(30, TimeUnit.SECONDS).getBatchItemFailures());
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS), "released");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> matchedRules(Lead lead) {
        List<String> matched = new ArrayList<>();
        lead.trace.path("qualification").path("matchedRules")
                .forEach(rule -> matched.add(rule.path("ruleId").asText() + ":" + rule.path("points").asInt()));
        return matched;
    }

    private static List<String> leadIds(List<Message> messages) {
        return messages.stream().map(message -> Json.parse(message.body()).path("leadId").asText()).toList();
    }

    private static String unique(String name, String domain) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
    }
}
