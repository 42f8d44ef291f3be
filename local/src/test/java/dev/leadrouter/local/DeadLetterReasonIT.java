package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.leadrouter.lambda.SqsBatch;
import dev.leadrouter.queue.Queues;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The local event source emulation with the queues' redrive policy, as in AWS: the redrive moves a message
 * that failed maxReceiveCount times to the dead-letter queue with no reason added, which is why a consumer
 * moves a message that fails on its last allowed receive itself, with the last error.
 */
@Tag("integration")
@ExtendWith(StackExtension.class)
class DeadLetterReasonIT {
    private static final Duration AWAIT = Duration.ofSeconds(30);
    private static IsolatedStack stack;
    private static Provisioner provisioner;

    @BeforeAll
    static void start(IsolatedStack isolated) {
        stack = isolated;
        provisioner = new Provisioner(stack.dynamo(), stack.sqs(), LocalStack.VISIBILITY_TIMEOUT);
    }

    private static String send(String queueUrl, String body) {
        stack.sqs().sendMessage(r -> r.queueUrl(queueUrl).messageBody(body).messageAttributes(Map.of("format",
                MessageAttributeValue.builder().dataType("String").stringValue("hubspot").build())));
        return body;
    }

    private static Message awaitDeadLetter(String dlqUrl) {
        List<Message> found = Awaitility.await("a message in " + dlqUrl).atMost(AWAIT)
                .pollInterval(Duration.ofMillis(100)).until(() -> stack.drain(dlqUrl), messages -> !messages.isEmpty());
        assertEquals(1, found.size(), "one dead letter");
        return found.getFirst();
    }

    @Test
    void theRedriveAloneAddsNoReason() {
        String queue = provisioner.queueWithDeadLetterQueue("redrive-" + UUID.randomUUID().toString().substring(0, 8));
        AtomicInteger deliveries = new AtomicInteger();
        RequestHandler<SQSEvent, SQSBatchResponse> failsEveryRecord = (event, context) -> {
            deliveries.incrementAndGet();
            return SQSBatchResponse.builder().withBatchItemFailures(event.getRecords().stream()
                    .map(r -> new SQSBatchResponse.BatchItemFailure(r.getMessageId())).toList()).build();
        };
        try (SqsEventSource ignored = SqsEventSource.start(stack.sqs(), queue,
                new LambdaFunction<>("Raw", () -> failsEveryRecord), 1, Duration.ZERO)) {
            String body = send(queue, "{\"n\": 1}");
            Message dead = awaitDeadLetter(queue + "-dlq");
            assertEquals(body, dead.body());
            assertEquals(Map.of("format", "hubspot"), strings(dead.messageAttributes()), "the redrive adds nothing");
            assertEquals(SqsBatch.MAX_RECEIVE_COUNT, deliveries.get());
        }
    }

    @Test
    void aRecordFailingOnItsLastReceiveIsMovedByTheConsumerWithTheLastError() {
        String queue = provisioner.queueWithDeadLetterQueue("exhaust-" + UUID.randomUUID().toString().substring(0, 8));
        SqsBatch batch = new SqsBatch(new Queues(stack.sqs()), queue + "-dlq");
        AtomicInteger attempts = new AtomicInteger();
        RequestHandler<SQSEvent, SQSBatchResponse> consumer = (event, context) -> batch.process(event, record -> {
            throw new IllegalStateException("downstream busy, attempt " + attempts.incrementAndGet());
        });
        try (SqsEventSource ignored = SqsEventSource.start(stack.sqs(), queue,
                new LambdaFunction<>("Consumer", () -> consumer), 1, Duration.ZERO)) {
            String body = send(queue, "{\"n\": 2}");
            Message dead = awaitDeadLetter(queue + "-dlq");
            assertEquals(body, dead.body());
            Map<String, String> attributes = strings(dead.messageAttributes());
            assertEquals("retries-exhausted", attributes.get("failure"));
            assertEquals("failed 5 times; last error: IllegalStateException: downstream busy, attempt 5",
                    attributes.get("reason"));
            assertEquals("hubspot", attributes.get("format"));
            assertTrue(attributes.containsKey("errors") && attributes.containsKey("sourceMessageId"), attributes.toString());
            // Gone from the queue, in flight or not: the redrive has nothing left to move a second time.
            Awaitility.await("not left on the queue").atMost(AWAIT)
                    .until(() -> TestLeads.pendingMessages(stack.sqs(), queue) == 0);
            assertEquals(List.of(), stack.drain(queue + "-dlq"), "moved once, not also by the redrive");
        }
    }

    private static Map<String, String> strings(Map<String, MessageAttributeValue> attributes) {
        Map<String, String> values = new HashMap<>();
        attributes.forEach((name, value) -> values.put(name, value.stringValue()));
        return values;
    }
}
