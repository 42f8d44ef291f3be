package dev.leadrouter.queue;

import dev.leadrouter.log.Log;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

/**
 * The sends of one SQS batch's records, held while the records are handled ({@link #begin} ... {@link #end})
 * and sent when the batch is done ({@link #flush}) as SendMessageBatch requests per queue: at most 10 entries
 * and 256 KiB of bodies and attributes each, every entry with its own delay and attributes. What a record
 * runs {@link #afterSent} (the mark that its messages are out) runs only once its earlier sends were accepted;
 * a record with a send SQS refused is answered by {@link #flush}, for SQS to deliver it again.
 *
 * <p>One instance per handler instance, and no lock: a handler instance serves one invocation at a time
 * (Lambda's execution environments, and the local stack's {@code LambdaFunction}, guarantee it) and handles
 * its batch's records one after another. Outside a record a send goes out at once, as {@link Queues} sends.
 */
public final class BatchedSends extends Queues {
    /** SendMessageBatch's limits. */
    static final int MAX_ENTRIES = 10;
    static final int MAX_REQUEST_BYTES = 256 * 1024;
    private static final Log LOG = Log.of(BatchedSends.class);

    private sealed interface Step permits Entry, Action {
    }

    /** One message waiting to be sent, its size counted as SQS counts it (body, attribute names, types, values). */
    static final class Entry implements Step {
        final String queueUrl;
        final String body;
        final int delaySeconds;
        final Map<String, String> attributes;
        final long bytes;
        boolean failed;

        Entry(String queueUrl, String body, int delaySeconds, Map<String, String> attributes) {
            this.queueUrl = queueUrl;
            this.body = body;
            this.delaySeconds = delaySeconds;
            this.attributes = Map.copyOf(attributes);
            long size = utf8(body);
            for (var attribute : this.attributes.entrySet()) {
                size += utf8(attribute.getKey()) + utf8("String") + utf8(attribute.getValue());
            }
            this.bytes = size;
        }
    }

    private record Action(Runnable action) implements Step {
    }

    /** A record's sends and after-sent actions, in the order it made them. */
    private record Buffered(String recordId, List<Step> steps) {
    }

    private final List<Buffered> records = new ArrayList<>();
    private Buffered current;

    public BatchedSends(software.amazon.awssdk.services.sqs.SqsClient sqs) {
        super(sqs);
    }

    /**
     * Forgets what a batch that never reached its {@link #flush} held (its invocation failed as a whole, so SQS
     * delivers all its records again, and nothing of them was marked).
     */
    public void discard() {
        records.clear();
        current = null;
    }

    /** The sends and after-sent actions from now until {@link #end} are the record {@code recordId}'s. */
    public void begin(String recordId) {
        current = new Buffered(recordId, new ArrayList<>());
        records.add(current);
    }

    public void end() {
        current = null;
    }

    @Override
    public void send(String queueUrl, Object body, int delaySeconds, Map<String, String> attributes) {
        if (current == null) {
            super.send(queueUrl, body, delaySeconds, attributes);
            return;
        }
        current.steps().add(new Entry(queueUrl, text(body), delay(delaySeconds), attributes));
    }

    @Override
    public void afterSent(Runnable action) {
        if (current == null) {
            action.run();
            return;
        }
        current.steps().add(new Action(action));
    }

    /**
     * Sends what the records buffered, then runs each record's after-sent actions in its order, each only while
     * every send the record made before it was accepted. Answers the records with a send SQS did not accept or an
     * after-sent action that failed; the buffer is empty afterwards.
     */
    public Set<String> flush() {
        List<Buffered> batch = List.copyOf(records);
        records.clear();
        current = null;
        Map<String, List<Entry>> byQueue = new LinkedHashMap<>();
        for (Buffered record : batch) {
            for (Step step : record.steps()) {
                if (step instanceof Entry entry) {
                    byQueue.computeIfAbsent(entry.queueUrl, url -> new ArrayList<>()).add(entry);
                }
            }
        }
        byQueue.forEach((queueUrl, entries) -> requests(entries).forEach(request -> sendBatch(queueUrl, request)));
        Set<String> failed = new LinkedHashSet<>();
        for (Buffered record : batch) {
            for (Step step : record.steps()) {
                if (step instanceof Entry entry && entry.failed) {
                    failed.add(record.recordId());
                    break; // the record comes back; nothing that follows this send may run
                }
                if (step instanceof Action(Runnable action)) {
                    try {
                        action.run();
                    } catch (RuntimeException e) {
                        LOG.error("after-sent action failed, record will be retried", e, "messageId", record.recordId());
                        failed.add(record.recordId());
                        break;
                    }
                }
            }
        }
        return failed;
    }

    /** {@code entries} cut into requests in order: each at most {@link #MAX_ENTRIES} and {@link #MAX_REQUEST_BYTES}. */
    static List<List<Entry>> requests(List<Entry> entries) {
        List<List<Entry>> requests = new ArrayList<>();
        List<Entry> request = new ArrayList<>();
        long bytes = 0;
        for (Entry entry : entries) {
            if (!request.isEmpty() && (request.size() == MAX_ENTRIES || bytes + entry.bytes > MAX_REQUEST_BYTES)) {
                requests.add(request);
                request = new ArrayList<>();
                bytes = 0;
            }
            request.add(entry);
            bytes += entry.bytes;
        }
        if (!request.isEmpty()) {
            requests.add(request);
        }
        return requests;
    }

    /** One SendMessageBatch; an entry SQS does not list as successful (refused, or the call failed) is marked failed. */
    private void sendBatch(String queueUrl, List<Entry> request) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < request.size(); i++) {
            Entry entry = request.get(i);
            SendMessageBatchRequestEntry.Builder built = SendMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i)).messageBody(entry.body).delaySeconds(entry.delaySeconds);
            if (!entry.attributes.isEmpty()) {
                built.messageAttributes(attributeValues(entry.attributes));
            }
            entries.add(built.build());
        }
        Set<String> accepted = new HashSet<>();
        try {
            SendMessageBatchResponse response = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            response.successful().stream().map(SendMessageBatchResultEntry::id).forEach(accepted::add);
            for (BatchResultErrorEntry refused : response.failed()) {
                LOG.warn("message refused by SQS, its record will be retried", "queue", queueUrl, "code", refused.code(),
                        "senderFault", refused.senderFault(), "error", refused.message());
            }
        } catch (RuntimeException e) {
            LOG.error("batch send failed, its records will be retried", e, "queue", queueUrl, "entries", entries.size());
        }
        for (int i = 0; i < request.size(); i++) {
            request.get(i).failed = !accepted.contains(Integer.toString(i));
        }
    }

    private static long utf8(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }
}
