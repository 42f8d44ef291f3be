package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.json.Json;
import dev.leadrouter.lambda.SqsBatch;
import dev.leadrouter.local.template.AwsCallRecorder;
import dev.leadrouter.qualification.QualificationHandler;
import dev.leadrouter.queue.LeadMessage;
import dev.leadrouter.routing.RoutingHandler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The SQS consumers send what the records of one batch make at the end of the batch, as SendMessageBatch
 * requests per queue of at most 10 entries, on ElasticMQ: a batch of leads through qualification and routing
 * (the handlers on the stack's direct queues, called as Lambda calls them), and a batch in which SQS does not
 * accept one record's message, which alone comes back and whose after-sent action did not run.
 */
@Tag("integration")
class BatchedSendsIT {
    /** More than one request's worth of entries per queue. */
    private static final int LEADS = 12;
    /** The access key id the stack's own clients sign with: the calls of the handlers this test calls. */
    private static final String TEST_SIGNER = "local";

    private static IsolatedStack stack;

    @BeforeAll
    static void org() {
        stack = IsolatedStack.start(30);
        stack.putRule("""
                {"ruleId": "settings", "stage": "SETTINGS", "hotScore": 0, "warmScore": 0,
                 "slaSeconds": 600, "parkRetrySeconds": 3600}""");
        stack.putRule("""
                {"ruleId": "everyone", "stage": "ROUTING", "priority": 10, "enabled": true, "conditions": [],
                 "team": "batched", "strategy": "ROUND_ROBIN"}""");
        for (int i = 0; i < 4; i++) {
            stack.putRep("""
                    {"repId": "r-batched-%d", "name": "Rep %d", "email": "rep%d@example.com", "teams": ["batched"],
                     "active": true, "capacity": 1000, "openLeads": 0, "weight": 1, "timezone": "UTC"}"""
                    .formatted(i, i, i));
        }
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aBatchOfLeadsIsSentOnInBatchRequestsAndEachLeadIsAssignedAndAnnouncedOnce() {
        List<String> leadIds = IntStream.range(0, LEADS).mapToObj(i -> stack.store(stack.newLead("RECEIVED",
                TestLeads.uniqueEmail("batched", "batched.example"), Map.of())).leadId).toList();
        var ports = new AwsPorts(stack.dynamo(), stack.sqs());
        QualificationHandler qualification = new QualificationHandler(ports, stack.direct(), Clock.systemUTC());
        RoutingHandler routing = new RoutingHandler(ports, stack.direct(), Clock.systemUTC());

        Map<String, Long> before = AwsCallRecorder.callCountsOf(TEST_SIGNER);
        SQSBatchResponse qualified = qualification.handleRequest(IsolatedStack.event(leadIds.stream()
                .map(id -> Json.write(LeadMessage.qualify(id))).toArray(String[]::new)), null);
        Map<String, Long> afterQualification = AwsCallRecorder.callCountsOf(TEST_SIGNER);
        assertEquals(List.of(), qualified.getBatchItemFailures());
        assertEquals(Map.of("SendMessageBatch", 2L), sends(before, afterQualification),
                "one request per 10 routing messages, no SendMessage per lead");

        List<String> toRouting = stack.drain(stack.direct().routingQueueUrl()).stream()
                .map(software.amazon.awssdk.services.sqs.model.Message::body).toList();
        assertEquals(LEADS, toRouting.size());
        SQSBatchResponse routed = routing.handleRequest(IsolatedStack.event(toRouting.toArray(String[]::new)), null);
        Map<String, Long> afterRouting = AwsCallRecorder.callCountsOf(TEST_SIGNER);
        assertEquals(List.of(), routed.getBatchItemFailures());
        assertEquals(Map.of("SendMessageBatch", 4L), sends(afterQualification, afterRouting),
                "per 10 leads one request of assignments messages and one of SLA checks, no SendMessage");

        Map<String, List<JsonNode>> announced = stack.drainBodies(stack.direct().assignmentsQueueUrl()).stream()
                .collect(Collectors.groupingBy(m -> m.path("leadId").asText()));
        for (String leadId : leadIds) {
            Lead lead = stack.lead(leadId);
            assertEquals(LeadStatus.ASSIGNED, lead.status, lead.history.toString());
            assertEquals(lead.assignment.assignedAt(), lead.outputSent, "marked once its messages were out");
            assertEquals(1, announced.getOrDefault(leadId, List.of()).size(), "one assignments message");
            assertEquals(1, lead.history.stream().filter(h -> h.event().equals("ASSIGNED")).count());
        }
        assertEquals(LEADS, IntStream.range(0, 4).map(i -> stack.rep("r-batched-" + i).path("openLeads").asInt()).sum(),
                "capacity counted once per lead");
    }

    @Test
    void aRecordWhoseSendIsNotAcceptedAloneComesBackAndItsAfterSentActionDoesNotRun() {
        var ports = new AwsPorts(stack.dynamo(), stack.sqs());
        SqsBatch batch = ports.batchingSends(null);
        String queue = stack.direct().nurtureQueueUrl();
        String missing = queue + "-that-does-not-exist";
        List<String> marked = new ArrayList<>();
        AtomicInteger handled = new AtomicInteger();
        SQSEvent event = IsolatedStack.event("ok-1", "to-a-missing-queue", "ok-2");
        Function<String, String> urlOf = body -> body.startsWith("ok") ? queue : missing;

        SQSBatchResponse response = batch.process(event, message -> {
            handled.incrementAndGet();
            batch.sends().send(urlOf.apply(message.getBody()), Map.of("record", message.getBody()), 0,
                    Map.of("kind", "test"));
            batch.sends().afterSent(() -> marked.add(message.getBody()));
            assertTrue(marked.isEmpty(), "nothing is marked before the batch's messages are out");
        });

        assertEquals(3, handled.get());
        assertEquals(List.of(event.getRecords().get(1).getMessageId()), response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList());
        assertEquals(List.of("ok-1", "ok-2"), marked, "the failed record's action did not run");
        List<JsonNode> sent = stack.drainBodies(queue);
        assertEquals(List.of("ok-1", "ok-2"), sent.stream().map(m -> m.path("record").asText()).sorted().toList());
    }

    @Test
    void aLeadWhoseAssignmentsMessageSqsRefusesIsRetriedUnmarkedWhileTheOthersAreAnnounced() {
        Lead refused = stack.newLead("QUALIFIED", TestLeads.uniqueEmail("refused", "batched.example"), Map.of());
        refused.firstName = "Not\uFFFEallowed"; // a character SQS does not take in a message body
        stack.store(refused);
        List<String> fine = IntStream.range(0, 2).mapToObj(i -> stack.store(stack.newLead("QUALIFIED",
                TestLeads.uniqueEmail("fine", "batched.example"), Map.of())).leadId).toList();
        RoutingHandler routing = new RoutingHandler(new AwsPorts(stack.dynamo(), stack.sqs()), stack.direct(),
                Clock.systemUTC());
        SQSEvent event = IsolatedStack.event(IsolatedStack.routeMessage(fine.get(0)),
                IsolatedStack.routeMessage(refused.leadId), IsolatedStack.routeMessage(fine.get(1)));

        SQSBatchResponse response = routing.handleRequest(event, null);

        assertEquals(List.of(event.getRecords().get(1).getMessageId()), response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList());
        Lead notMarked = stack.lead(refused.leadId);
        assertEquals(LeadStatus.ASSIGNED, notMarked.status);
        assertNull(notMarked.outputSent, "not marked: its assignments message is not out");
        for (String leadId : fine) {
            Lead lead = stack.lead(leadId);
            assertEquals(lead.assignment.assignedAt(), lead.outputSent);
        }
        Map<String, Long> announced = stack.drainBodies(stack.direct().assignmentsQueueUrl()).stream()
                .collect(Collectors.groupingBy(m -> m.path("leadId").asText(), Collectors.counting()));
        assertEquals(Map.of(fine.get(0), 1L, fine.get(1), 1L), announced);
    }

    /** The sends between two counts of the handlers' calls. */
    private static Map<String, Long> sends(Map<String, Long> before, Map<String, Long> after) {
        return after.entrySet().stream().filter(e -> e.getKey().startsWith("SendMessage"))
                .filter(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L) > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)));
    }
}
