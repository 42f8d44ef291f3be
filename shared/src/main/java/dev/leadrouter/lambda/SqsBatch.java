package dev.leadrouter.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.leadrouter.json.Json;
import dev.leadrouter.log.Log;
import dev.leadrouter.log.Metrics;
import dev.leadrouter.queue.Queues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a handler over each record of an SQS batch and reports partial batch failures: a transient
 * failure is retried by SQS (and redriven after maxReceiveCount); a {@link PermanentFailure} is moved
 * to the dead-letter queue at once with its errors in the {@code errors} message attribute.
 */
public final class SqsBatch {
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
                if (!deadLetter(message, permanent)) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                }
            } catch (Exception transientFailure) {
                LOG.warn("record failed, will be retried", "messageId", message.getMessageId(),
                        "error", transientFailure.getClass().getSimpleName() + ": " + transientFailure.getMessage());
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private boolean deadLetter(SQSEvent.SQSMessage message, PermanentFailure failure) {
        String errors = Json.write(Map.of("errors", failure.errors()));
        LOG.warn("record can never succeed, moved to the dead-letter queue", "messageId", message.getMessageId(),
                "errors", failure.errors());
        if (deadLetterQueueUrl == null) {
            return true;
        }
        try {
            queues.send(deadLetterQueueUrl, message.getBody() == null ? "" : message.getBody(), 0,
                    Map.of("errors", errors, "sourceMessageId", message.getMessageId()));
            Metrics.deadLettered(deadLetterQueueUrl);
            return true;
        } catch (RuntimeException e) {
            LOG.error("dead-letter send failed, record will be retried", e, "messageId", message.getMessageId());
            return false;
        }
    }
}
