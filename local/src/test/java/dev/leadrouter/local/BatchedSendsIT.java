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
import dev.leadrouter.lambda.SqsBatch;
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
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The SQS consumers send what the records of one batch make at the end of the batch, as SendMessageBatch
 * requests per queue (CallsPerLeadIT counts them for a batch of leads). On ElasticMQ, a batch in which SQS does
 * not accept one record's message: that record alone is reported for redelivery, and what it was to do after
 * its sends (the routing handler's sent mark) did not run.
 */
@Tag("integration")
class BatchedSendsIT {
    private static IsolatedStack stack;

    @BeforeAll
    static void org() {
        stack = IsolatedStack.start(30);
        stack.roundRobinOrg("batched", 4);
    }

    @AfterAll
    static void stop() {
        stack.close();
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
    void aRecordWhoseSendsFailOnItsLastReceiveGoesToTheDeadLetterQueueWithTheReason() {
        String deadLetters = stack.direct().routingDlqUrl();
        SqsBatch batch = new AwsPorts(stack.dynamo(), stack.sqs()).batchingSends(deadLetters);
        String missing = stack.direct().nurtureQueueUrl() + "-that-does-not-exist";
        SQSEvent event = IsolatedStack.event("never-sent");
        event.getRecords().get(0).setAttributes(Map.of("ApproximateReceiveCount", "5"));

        SQSBatchResponse response = batch.process(event, message ->
                batch.sends().send(missing, Map.of("record", message.getBody()), 0, Map.of()));

        assertEquals(List.of(), response.getBatchItemFailures(), "not left to SQS's redrive, which gives no reason");
        List<Message> moved = stack.drain(deadLetters);
        assertEquals(1, moved.size());
        assertEquals("never-sent", moved.get(0).body());
        assertEquals("retries-exhausted", moved.get(0).messageAttributes().get("failure").stringValue());
        assertTrue(moved.get(0).messageAttributes().get("reason").stringValue().contains("not accepted by SQS"),
                moved.get(0).messageAttributes().toString());
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

        // SQS delivers the failed record again: the redelivery announces the unmarked assignment, which SQS
        // refuses again, while a first delivery of another message leaves that to the record's own handling.
        SQSEvent fresh = IsolatedStack.event(IsolatedStack.routeMessage(refused.leadId));
        assertEquals(List.of(), routing.handleRequest(fresh, null).getBatchItemFailures());
        SQSEvent again = IsolatedStack.event(IsolatedStack.routeMessage(refused.leadId));
        again.getRecords().get(0).setAttributes(Map.of("ApproximateReceiveCount", "2"));
        assertEquals(1, routing.handleRequest(again, null).getBatchItemFailures().size());
        assertNull(stack.lead(refused.leadId).outputSent);
    }
}
