package dev.leadrouter.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.leadrouter.queue.Queues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqsBatchTest {
    private record Sent(String body, Map<String, String> attributes) {
    }

    private final List<Sent> deadLetters = new ArrayList<>();
    private boolean deadLetterQueueDown;
    private final Queues queues = new Queues(null) {
        @Override
        public void send(String queueUrl, Object body, int delaySeconds, Map<String, String> attributes) {
            if (deadLetterQueueDown) {
                throw new IllegalStateException("queue down");
            }
            deadLetters.add(new Sent((String) body, attributes));
        }
    };
    private final SqsBatch batch = new SqsBatch(queues, "dlq");

    private static SQSEvent event(int receiveCount) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("m-1");
        message.setBody("{\"leadId\":\"l-1\"}");
        message.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(receiveCount)));
        SQSEvent.MessageAttribute format = new SQSEvent.MessageAttribute();
        format.setDataType("String");
        format.setStringValue("salesforce");
        message.setMessageAttributes(Map.of("format", format));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        return event;
    }

    private static List<String> failed(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    @Test
    void aPermanentFailureGoesToTheDeadLetterQueueAtOnceWithItsReasonAndAttributes() {
        SQSBatchResponse response = batch.process(event(1), message -> {
            throw new PermanentFailure("email", "email or phone is required");
        });
        assertEquals(List.of(), failed(response));
        Map<String, String> attributes = deadLetters.getFirst().attributes();
        assertEquals("permanent", attributes.get("failure"));
        assertEquals("email or phone is required", attributes.get("reason"));
        assertEquals("{\"errors\":[{\"field\":\"email\",\"message\":\"email or phone is required\"}]}", attributes.get("errors"));
        assertEquals("salesforce", attributes.get("format"), "kept, so that the message can be redriven as it came");
        assertEquals("m-1", attributes.get("sourceMessageId"));
    }

    @Test
    void aTransientFailureIsRetriedUntilTheLastReceiveThenMovedWithTheLastError() {
        for (int receive = 1; receive < SqsBatch.MAX_RECEIVE_COUNT; receive++) {
            assertEquals(List.of("m-1"), failed(batch.process(event(receive), message -> {
                throw new IllegalStateException("table busy");
            })));
        }
        assertEquals(List.of(), deadLetters);
        assertEquals(List.of(), failed(batch.process(event(SqsBatch.MAX_RECEIVE_COUNT), message -> {
            throw new IllegalStateException("table busy");
        })));
        Map<String, String> attributes = deadLetters.getFirst().attributes();
        assertEquals("retries-exhausted", attributes.get("failure"));
        assertEquals("failed 5 times; last error: IllegalStateException: table busy", attributes.get("reason"));
        assertEquals("{\"leadId\":\"l-1\"}", deadLetters.getFirst().body());
    }

    @Test
    void whenTheDeadLetterQueueIsDownTheRecordIsRetried() {
        deadLetterQueueDown = true;
        assertEquals(List.of("m-1"), failed(batch.process(event(1), message -> {
            throw new PermanentFailure("body", "bad");
        })));
        assertEquals(List.of("m-1"), failed(batch.process(event(SqsBatch.MAX_RECEIVE_COUNT), message -> {
            throw new IllegalStateException("busy");
        })));
        assertTrue(deadLetters.isEmpty());
    }
}
