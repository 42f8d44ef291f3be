package dev.leadrouter.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.leadrouter.log.Log;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What a Lambda SQS event source mapping with ReportBatchItemFailures does, for one queue: pollers
 * receive batches, hand them to the function as an {@link SQSEvent}, delete the messages it did not
 * report as failed and leave the failed ones on the queue, to come back after {@code retryDelay}
 * (the queue's redrive policy moves them to its dead-letter queue in the end).
 */
public final class SqsEventSource implements AutoCloseable {
    public static final int BATCH_SIZE = 10;
    /**
     * Long polling, as Lambda's pollers do (they wait 20 s): an idle queue costs a receive per poller every
     * WAIT_SECONDS, not a stream of empty answers. Below the SDK clients' 10 s socket timeout.
     */
    private static final int WAIT_SECONDS = 5;
    private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(WAIT_SECONDS + 30);
    private static final Log LOG = Log.of(SqsEventSource.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueName;
    private final LambdaFunction<SQSEvent, SQSBatchResponse> function;
    private final Duration retryDelay;
    private final List<Thread> pollers = new ArrayList<>();
    private final LongAdder receives = new LongAdder();
    private final LongAdder emptyReceives = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder batchRequests = new LongAdder();
    private volatile boolean running = true;
    /** Pollers handing a batch to the function: {@link #close()} waits for them, not for those still polling. */
    private int delivering;

    /**
     * The SQS requests this event source made: receives (those that came back empty among them), the messages
     * they returned, and the delete and change-visibility batches after each invocation.
     */
    public record Polls(long receives, long emptyReceives, long messages, long batchRequests) {
        public long requests() {
            return receives + batchRequests;
        }
    }

    private SqsEventSource(SqsClient sqs, String queueUrl, LambdaFunction<SQSEvent, SQSBatchResponse> function,
                           Duration retryDelay) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueName = queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
        this.function = function;
        this.retryDelay = retryDelay;
    }

    /** Starts {@code pollers} threads delivering the messages of {@code queueUrl} to {@code function}. */
    public static SqsEventSource start(SqsClient sqs, String queueUrl, LambdaFunction<SQSEvent, SQSBatchResponse> function,
                                       int pollers, Duration retryDelay) {
        SqsEventSource source = new SqsEventSource(sqs, queueUrl, function, retryDelay);
        // As Lambda does when it creates the mapping: the queue must exist and be readable with the function's role.
        sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT));
        for (int i = 1; i <= pollers; i++) {
            source.pollers.add(Thread.ofPlatform().daemon().name("sqs-" + source.queueName + "-" + i).start(source::poll));
        }
        return source;
    }

    public Polls polls() {
        return new Polls(receives.sum(), emptyReceives.sum(), received.sum(), batchRequests.sum());
    }

    public String queueName() {
        return queueName;
    }

    public String queueArn() {
        return "arn:aws:sqs:" + LocalStack.REGION + ":" + LocalStack.ACCOUNT_ID + ":" + queueName;
    }

    /**
     * Stops polling and waits for the batches in flight to finish. A poller still waiting in a receive is not
     * waited for: whatever that receive returns goes back on the queue at once, undelivered.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        synchronized (this) {
            running = false;
            try {
                while (delivering > 0 && System.nanoTime() < deadline) {
                    wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (delivering > 0) {
                pollers.forEach(Thread::interrupt);
            }
        }
    }

    private void poll() {
        while (running) {
            try {
                List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                        .maxNumberOfMessages(BATCH_SIZE)
                        .waitTimeSeconds(WAIT_SECONDS)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All")).messages();
                receives.increment();
                received.add(messages.size());
                if (messages.isEmpty()) {
                    emptyReceives.increment();
                } else if (startDelivering()) {
                    try {
                        deliver(messages);
                    } finally {
                        doneDelivering();
                    }
                } else {
                    release(messages);
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.error("polling failed", e, "queue", queueName);
                    sleep(ERROR_BACKOFF);
                }
            }
        }
    }

    private synchronized boolean startDelivering() {
        if (running) {
            delivering++;
        }
        return running;
    }

    private synchronized void doneDelivering() {
        delivering--;
        notifyAll();
    }

    /** Messages received after close: visible again at once, for the next consumer. */
    private void release(List<Message> messages) {
        try {
            sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(messages.stream()
                    .map(m -> ChangeMessageVisibilityBatchRequestEntry.builder().id(m.messageId())
                            .receiptHandle(m.receiptHandle()).visibilityTimeout(0).build())
                    .toList()));
        } catch (RuntimeException stopped) {
            // SQS is stopping too: the messages come back when their visibility timeout ends
        }
    }

    private void deliver(List<Message> messages) {
        Set<String> failed;
        try {
            failed = failedMessageIds(function.invoke(event(messages)), messages);
        } catch (RuntimeException e) {
            LOG.error("function failed, the whole batch will be retried", e,
                    "function", function.name(), "queue", queueName, "messages", messages.size());
            failed = messages.stream().map(Message::messageId).collect(Collectors.toSet());
        }
        List<Message> done = new ArrayList<>();
        List<Message> retry = new ArrayList<>();
        for (Message message : messages) {
            (failed.contains(message.messageId()) ? retry : done).add(message);
        }
        delete(done);
        retryLater(retry);
    }

    /** As Lambda does: a failure naming no message of the batch fails the whole batch. */
    private static Set<String> failedMessageIds(SQSBatchResponse response, List<Message> messages) {
        if (response == null || response.getBatchItemFailures() == null) {
            return Set.of();
        }
        Set<String> batch = messages.stream().map(Message::messageId).collect(Collectors.toSet());
        Set<String> failed = new HashSet<>();
        for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            String id = failure == null ? null : failure.getItemIdentifier();
            if (id == null || !batch.contains(id)) {
                return batch;
            }
            failed.add(id);
        }
        return failed;
    }

    private void delete(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        List<DeleteMessageBatchRequestEntry> entries = messages.stream()
                .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build())
                .toList();
        batchRequests.increment();
        var response = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
        response.failed().forEach(f -> LOG.warn("message not deleted, it will be delivered again",
                "queue", queueName, "messageId", f.id(), "reason", f.message()));
    }

    private void retryLater(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        List<ChangeMessageVisibilityBatchRequestEntry> entries = messages.stream()
                .map(m -> ChangeMessageVisibilityBatchRequestEntry.builder()
                        .id(m.messageId()).receiptHandle(m.receiptHandle())
                        .visibilityTimeout((int) retryDelay.toSeconds()).build())
                .toList();
        batchRequests.increment();
        var response = sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries));
        response.failed().forEach(f -> LOG.warn("message keeps its visibility timeout",
                "queue", queueName, "messageId", f.id(), "reason", f.message()));
    }

    private SQSEvent event(List<Message> messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(messages.stream().map(this::record).toList());
        return event;
    }

    private SQSEvent.SQSMessage record(Message message) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(message.messageId());
        record.setReceiptHandle(message.receiptHandle());
        record.setBody(message.body());
        record.setMd5OfBody(message.md5OfBody());
        record.setMd5OfMessageAttributes(message.md5OfMessageAttributes());
        record.setAttributes(new HashMap<>(message.attributesAsStrings()));
        Map<String, SQSEvent.MessageAttribute> attributes = new HashMap<>();
        message.messageAttributes().forEach((name, value) -> attributes.put(name, attribute(value)));
        record.setMessageAttributes(attributes);
        record.setEventSource("aws:sqs");
        record.setEventSourceArn(queueArn());
        record.setAwsRegion(LocalStack.REGION);
        return record;
    }

    private static SQSEvent.MessageAttribute attribute(MessageAttributeValue value) {
        SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
        attribute.setDataType(value.dataType());
        attribute.setStringValue(value.stringValue());
        if (value.binaryValue() != null) {
            attribute.setBinaryValue(value.binaryValue().asByteBuffer());
        }
        attribute.setStringListValues(new ArrayList<>(value.stringListValues()));
        attribute.setBinaryListValues(value.binaryListValues().stream().map(SdkBytes::asByteBuffer).toList());
        return attribute;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
