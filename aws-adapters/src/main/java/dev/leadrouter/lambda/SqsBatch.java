package dev.leadrouter.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.leadrouter.domain.FieldError;
import dev.leadrouter.json.Json;
import dev.leadrouter.log.Log;
import dev.leadrouter.log.Metrics;
import dev.leadrouter.queue.BatchedSends;
import dev.leadrouter.queue.Queues;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * With {@link #sends()} the handler's messages wait for the end of the batch and go out as SendMessageBatch
 * requests ({@link BatchedSends}); a record whose send SQS did not accept is reported as failed, for SQS to
 * deliver it again, and what it ran after its sends ({@code Publisher.afterSent}) has not run. The dead-letter
 * sends of this class still go out at once.
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
    private final BatchedSends sends;
    private final String deadLetterQueueUrl;

    /** The handler's sends go out as it makes them. */
    public SqsBatch(Queues queues, String deadLetterQueueUrl) {
        this(queues, null, deadLetterQueueUrl);
    }

    /** The handler's sends through {@code sends} go out when the batch is done ({@code null}: as it makes them). */
    public SqsBatch(Queues queues, BatchedSends sends, String deadLetterQueueUrl) {
        this.queues = queues;
        this.sends = sends;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
    }

    /** The queues the handler is to send through: {@link BatchedSends} held until the end of each batch, if given. */
    public Queues sends() {
        return sends == null ? queues : sends;
    }

    private enum Result { DONE, RETRY, DEAD_LETTERED }

    public SQSBatchResponse process(SQSEvent event, RecordHandler handler) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        Set<String> retried = new HashSet<>();
        Set<String> deadLettered = new HashSet<>();
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        if (sends != null) {
            sends.discard(); // left by an invocation that failed before its end, if any
        }
        for (SQSEvent.SQSMessage message : records) {
            if (sends != null) {
                sends.begin(message.getMessageId());
            }
            Result result;
            try {
                result = handle(message, handler);
            } finally {
                if (sends != null) {
                    sends.end();
                }
            }
            switch (result) {
                case RETRY -> {
                    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                    retried.add(message.getMessageId());
                }
                case DEAD_LETTERED -> deadLettered.add(message.getMessageId());
                case DONE -> {
                }
            }
        }
        // A record whose handler threw keeps the sends it made before, as when every send went out at once (and
        // its after-sent actions run as they then would have): dropping them would be as safe for its lead, whose
        // redelivery makes them again, but would lose the best-effort ones (lifecycle events, parked leads woken).
        Set<String> unsent = sends == null ? Set.of() : sends.flush();
        for (SQSEvent.SQSMessage message : records) {
            String messageId = message.getMessageId();
            if (!unsent.contains(messageId)) {
                continue;
            }
            if (deadLettered.contains(messageId)) {
                LOG.warn("a send of a record moved to the dead-letter queue failed", "messageId", messageId);
            } else if (!retried.contains(messageId) && !lastReceiveDeadLettered(message,
                    "its messages were not accepted by SQS")) {
                LOG.warn("record's messages not all sent, will be retried", "messageId", messageId);
                failures.add(new SQSBatchResponse.BatchItemFailure(messageId));
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private Result handle(SQSEvent.SQSMessage message, RecordHandler handler) {
        try {
            handler.handle(message);
            return Result.DONE;
        } catch (PermanentFailure permanent) {
            LOG.warn("record can never succeed, moved to the dead-letter queue", "messageId", message.getMessageId(),
                    "errors", permanent.errors());
            return deadLetter(message, "permanent", permanent.errors()) ? Result.DEAD_LETTERED : Result.RETRY;
        } catch (Exception transientFailure) {
            String error = transientFailure.getClass().getSimpleName() + ": " + transientFailure.getMessage();
            if (lastReceiveDeadLettered(message, error)) {
                return Result.DEAD_LETTERED;
            }
            LOG.warn("record failed, will be retried", "messageId", message.getMessageId(), "receives",
                    receiveCount(message), "error", error);
            return Result.RETRY;
        }
    }

    /**
     * On the last receive the redrive policy allows, moves the failed record to the dead-letter queue with
     * {@code error}, since SQS's own redrive would move it without any reason; false when it is to be retried.
     */
    private boolean lastReceiveDeadLettered(SQSEvent.SQSMessage message, String error) {
        int receives = receiveCount(message);
        if (receives < MAX_RECEIVE_COUNT) {
            return false;
        }
        LOG.warn("record failed on its last receive, moved to the dead-letter queue", "messageId",
                message.getMessageId(), "receives", receives, "error", error);
        return deadLetter(message, "retries-exhausted", List.of(new FieldError(null,
                "failed " + receives + " times; last error: " + error)));
    }

    /** SQS's ApproximateReceiveCount of the record; 1 when it is not given. */
    public static int receiveCount(SQSEvent.SQSMessage message) {
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
