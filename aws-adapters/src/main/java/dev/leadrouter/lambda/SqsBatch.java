package dev.leadrouter.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.leadrouter.domain.FieldError;
import dev.leadrouter.json.Json;
import dev.leadrouter.log.Log;
import dev.leadrouter.log.Metrics;
import dev.leadrouter.queue.Queues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a handler over each record of an SQS batch and reports partial batch failures. Every message that
 * reaches a dead-letter queue says why, in its message attributes ({@code reason}, and {@code errors} as
 * {@code {"errors": [{field, message}]}}), next to the attributes it came with:
 * <ul>
 * <li>a {@link PermanentFailure} is moved there at once ({@code failure} = {@code permanent});
 * <li>a transient failure is retried by SQS; on the last receive the redrive policy allows, the record is
 * moved there by this class with the last error ({@code failure} = {@code retries-exhausted}) and reported
 * done, since SQS's own redrive would move it without any reason.
 * </ul>
 */
public final class SqsBatch {
    /** The queues' redrive policy maxReceiveCount (template.yaml and the local stack). */
    public static final int MAX_RECEIVE_COUNT = 5;
    /** SQS allows 10 message attributes; the dead-letter ones come first. */
    private static final int MAX_MESSAGE_ATTRIBUTES = 10;
    private static final Log LOG = Log.of(SqsBatch.class);

    public interface RecordHandler {
        void handle(SQSEvent.SQSMessage message) throws Exception;
    }

    private final Queues queues;
    private final String deadLetterQueueUrl;

    public SqsBatch(Queues queues, String deadLetterQueueUrl) {
        this.queues = queues;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
    }

    public SQSBatchResponse process(SQSEvent event, RecordHandler handler) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage message : records) {
            try {
                handler.handle(message);
            } catch (PermanentFailure permanent) {
                LOG.warn("record can never succeed, moved to the dead-letter queue", "messageId", message.getMessageId(),
                        "errors", permanent.errors());
                if (!deadLetter(message, "permanent", permanent.errors())) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                }
            } catch (Exception transientFailure) {
                String error = transientFailure.getClass().getSimpleName() + ": " + transientFailure.getMessage();
                int receives = receiveCount(message);
                if (receives >= MAX_RECEIVE_COUNT) {
                    LOG.warn("record failed on its last receive, moved to the dead-letter queue", "messageId",
                            message.getMessageId(), "receives", receives, "error", error);
                    if (deadLetter(message, "retries-exhausted", List.of(new FieldError(null,
                            "failed " + receives + " times; last error: " + error)))) {
                        continue;
                    }
                } else {
                    LOG.warn("record failed, will be retried", "messageId", message.getMessageId(), "receives", receives,
                            "error", error);
                }
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /** SQS's ApproximateReceiveCount of the record; 1 when it is not given. */
    private static int receiveCount(SQSEvent.SQSMessage message) {
        String count = message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private boolean deadLetter(SQSEvent.SQSMessage message, String failure, List<FieldError> errors) {
        if (deadLetterQueueUrl == null) {
            return true;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("failure", failure);
        attributes.put("reason", errors.isEmpty() ? failure : errors.get(0).message());
        attributes.put("errors", Json.write(Map.of("errors", errors)));
        attributes.put("sourceMessageId", message.getMessageId());
        if (message.getMessageAttributes() != null) {
            message.getMessageAttributes().forEach((name, value) -> {
                if (attributes.size() < MAX_MESSAGE_ATTRIBUTES && value != null && value.getStringValue() != null
                        && !value.getStringValue().isEmpty()) {
                    attributes.putIfAbsent(name, value.getStringValue());
                }
            });
        }
        try {
            queues.send(deadLetterQueueUrl, message.getBody() == null ? "" : message.getBody(), 0, attributes);
            Metrics.deadLettered(deadLetterQueueUrl);
            return true;
        } catch (RuntimeException e) {
            LOG.error("dead-letter send failed, record will be retried", e, "messageId", message.getMessageId());
            return false;
        }
    }
}
