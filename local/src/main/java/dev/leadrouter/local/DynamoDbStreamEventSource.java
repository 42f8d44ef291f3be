package dev.leadrouter.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.leadrouter.json.Json;
import dev.leadrouter.log.Log;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What a Lambda DynamoDB stream event source mapping with ReportBatchItemFailures does, for one table: one poller
 * reads each shard in order from its start (TRIM_HORIZON), a parent shard before its children, and hands the
 * records to the function as a {@link DynamodbEvent}. As the mapping's batching window does, it gathers a shard's
 * records until it holds {@link #BATCH_SIZE} of them, {@link #BATCHING_WINDOW} has passed since the first, or the
 * shard has ended, and then invokes the function once. A batch that fails (or reports a failed record) is retried
 * from that record after {@code retryDelay}, at most {@link #MAX_RETRIES} times; then it is described on the
 * on-failure queue and skipped, as the mapping's OnFailure destination does (this poller does not bisect).
 * On a clean stop it reads no further and invokes the function once more with what it has gathered, so that no
 * record it read is dropped. It reads the stream with the function's credentials, through the calls the mapping
 * makes: ListStreams, DescribeStream, GetShardIterator, GetRecords.
 */
public final class DynamoDbStreamEventSource implements AutoCloseable {
    /** template.yaml's StatsStreamConsumer BatchSize (TemplateDriftIT holds these three against it). */
    public static final int BATCH_SIZE = 100;
    /** template.yaml's StatsStreamConsumer MaximumBatchingWindowInSeconds. */
    public static final Duration BATCHING_WINDOW = Duration.ofSeconds(1);
    /** template.yaml's StatsStreamConsumer MaximumRetryAttempts. */
    public static final int MAX_RETRIES = 3;
    /** Lambda polls each shard about four times a second. */
    private static final Duration IDLE = Duration.ofMillis(250);
    private static final Duration DESCRIBE_EVERY = Duration.ofSeconds(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Log LOG = Log.of(DynamoDbStreamEventSource.class);

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final LambdaFunction<DynamodbEvent, StreamsEventResponse> function;
    private final SqsClient sqs;
    private final String onFailureQueueUrl;
    private final Duration retryDelay;
    private final Map<String, OpenShard> open = new LinkedHashMap<>();
    private final Set<String> finished = new HashSet<>();
    private final Thread poller;
    private volatile boolean running = true;

    /** A shard being read: where the next GetRecords starts (null once it has ended) and the batch gathered. */
    private static final class OpenShard {
        private String iterator;
        private final List<Record> gathered = new ArrayList<>();
        private long gatheringSince;

        private OpenShard(String iterator) {
            this.iterator = iterator;
        }

        private long windowLeftNanos(long now) {
            return gatheringSince + BATCHING_WINDOW.toNanos() - now;
        }
    }

    private DynamoDbStreamEventSource(DynamoDbStreamsClient streams, String streamArn,
                                      LambdaFunction<DynamodbEvent, StreamsEventResponse> function, SqsClient sqs,
                                      String onFailureQueueUrl, Duration retryDelay) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.function = function;
        this.sqs = sqs;
        this.onFailureQueueUrl = onFailureQueueUrl;
        this.retryDelay = retryDelay;
        this.poller = Thread.ofPlatform().daemon().name("stream-" + function.name()).unstarted(this::poll);
    }

    /** Starts delivering the stream of {@code table} to {@code function}; failed batches end on {@code onFailureQueueUrl}. */
    public static DynamoDbStreamEventSource start(DynamoDbStreamsClient streams, String table,
                                                  LambdaFunction<DynamodbEvent, StreamsEventResponse> function,
                                                  SqsClient sqs, String onFailureQueueUrl, Duration retryDelay) {
        var found = streams.listStreams(r -> r.tableName(table)).streams();
        if (found.isEmpty()) {
            throw new IllegalStateException("table " + table + " has no stream");
        }
        DynamoDbStreamEventSource source = new DynamoDbStreamEventSource(streams, found.getLast().streamArn(), function,
                sqs, onFailureQueueUrl, retryDelay);
        source.poller.start();
        return source;
    }

    /** Stops polling without waiting for a batching window: the poller delivers what it gathered and ends. */
    @Override
    public void close() {
        running = false;
        try {
            if (!poller.join(STOP_TIMEOUT)) {
                poller.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void poll() {
        long describedAt = 0;
        while (running) {
            try {
                if (System.nanoTime() - describedAt > DESCRIBE_EVERY.toNanos() || open.isEmpty()) {
                    openNewShards();
                    describedAt = System.nanoTime();
                }
                boolean moreWaiting = false;
                for (String shardId : List.copyOf(open.keySet())) {
                    moreWaiting |= readShard(shardId);
                }
                if (!moreWaiting) {
                    Thread.sleep(untilNextPoll());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running) {
                    LOG.error("stream polling failed", e, "function", function.name());
                    sleep(retryDelay);
                }
            }
        }
        deliverGathered();
    }

    /** Opens the shards not yet read whose parent (if still listed) is read to its end. */
    private void openNewShards() {
        List<Shard> shards = new ArrayList<>();
        String after = null;
        do {
            String start = after;
            var description = streams.describeStream(r -> r.streamArn(streamArn).exclusiveStartShardId(start))
                    .streamDescription();
            shards.addAll(description.shards());
            after = description.lastEvaluatedShardId();
        } while (after != null);
        Set<String> listed = new HashSet<>();
        shards.forEach(shard -> listed.add(shard.shardId()));
        for (Shard shard : shards) {
            String parent = shard.parentShardId();
            boolean parentPending = parent != null && listed.contains(parent) && !finished.contains(parent);
            if (!finished.contains(shard.shardId()) && !open.containsKey(shard.shardId()) && !parentPending) {
                open.put(shard.shardId(), new OpenShard(streams.getShardIterator(r -> r.streamArn(streamArn)
                        .shardId(shard.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator()));
            }
        }
    }

    /**
     * One GetRecords on the shard for what its batch still lacks, then the invocation if the batch is full, its
     * window has passed or the shard has ended (a shard ends only once its batch is delivered); whether the page
     * was full, so that more records may be waiting.
     */
    private boolean readShard(String shardId) throws InterruptedException {
        OpenShard shard = open.get(shardId);
        boolean full = false;
        if (shard.iterator != null) {
            int wanted = BATCH_SIZE - shard.gathered.size();
            var page = streams.getRecords(r -> r.shardIterator(shard.iterator).limit(wanted));
            if (shard.gathered.isEmpty() && !page.records().isEmpty()) {
                shard.gatheringSince = System.nanoTime();
            }
            shard.gathered.addAll(page.records());
            shard.iterator = page.nextShardIterator();
            full = page.records().size() == wanted;
        }
        boolean ended = shard.iterator == null;
        if (!shard.gathered.isEmpty()
                && (ended || shard.gathered.size() == BATCH_SIZE || shard.windowLeftNanos(System.nanoTime()) <= 0)) {
            deliverGathered(shardId, shard);
        }
        if (ended) {
            open.remove(shardId);
            finished.add(shardId);
        }
        return full;
    }

    /** The next poll: after IDLE, or sooner when a gathered batch's window closes before. */
    private Duration untilNextPoll() {
        long now = System.nanoTime();
        long wait = IDLE.toNanos();
        for (OpenShard shard : open.values()) {
            if (!shard.gathered.isEmpty()) {
                wait = Math.min(wait, Math.max(0, shard.windowLeftNanos(now)));
            }
        }
        return Duration.ofNanos(wait);
    }

    private void deliverGathered(String shardId, OpenShard shard) throws InterruptedException {
        deliver(shardId, List.copyOf(shard.gathered));
        shard.gathered.clear();
    }

    /** On a clean stop: the batches gathered so far, without waiting for their windows. */
    private void deliverGathered() {
        try {
            for (var shard : open.entrySet()) {
                if (!shard.getValue().gathered.isEmpty()) {
                    deliverGathered(shard.getKey(), shard.getValue());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("delivering the gathered stream records at stop failed", e, "function", function.name());
        }
    }

    /** Delivers {@code records}, retrying from the first failed one; gives up on them after MAX_RETRIES retries. */
    private void deliver(String shardId, List<Record> records) throws InterruptedException {
        List<Record> pending = records;
        for (int attempt = 0; ; attempt++) {
            String failed = failedSequenceNumber(pending);
            if (failed == null) {
                return;
            }
            List<Record> rest = new ArrayList<>();
            for (Record record : pending) {
                if (!rest.isEmpty() || record.dynamodb().sequenceNumber().equals(failed)) {
                    rest.add(record);
                }
            }
            if (attempt == MAX_RETRIES) {
                onFailure(shardId, rest);
                return;
            }
            pending = rest;
            Thread.sleep(retryDelay);
        }
    }

    /** The sequence number of the record to retry from; null when the batch succeeded. */
    private String failedSequenceNumber(List<Record> records) {
        String first = records.getFirst().dynamodb().sequenceNumber();
        StreamsEventResponse response;
        try {
            response = function.invoke(event(records));
        } catch (RuntimeException e) {
            LOG.error("function failed, the batch will be retried", e, "function", function.name(),
                    "records", records.size());
            return first;
        }
        if (response == null || response.getBatchItemFailures() == null || response.getBatchItemFailures().isEmpty()) {
            return null;
        }
        // As Lambda does: the lowest reported sequence number; one naming no record of the batch fails it all.
        String lowest = null;
        for (StreamsEventResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            String id = failure == null ? null : failure.getItemIdentifier();
            if (id == null || records.stream().noneMatch(r -> r.dynamodb().sequenceNumber().equals(id))) {
                return first;
            }
            if (lowest == null || new java.math.BigInteger(id).compareTo(new java.math.BigInteger(lowest)) < 0) {
                lowest = id;
            }
        }
        return lowest;
    }

    /** The OnFailure destination's message: which records were given up on (not the records themselves). */
    private void onFailure(String shardId, List<Record> records) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("condition", "RetryAttemptsExhausted");
        body.put("streamArn", streamArn);
        body.put("shardId", shardId);
        body.put("startSequenceNumber", records.getFirst().dynamodb().sequenceNumber());
        body.put("endSequenceNumber", records.getLast().dynamodb().sequenceNumber());
        body.put("batchSize", records.size());
        sqs.sendMessage(r -> r.queueUrl(onFailureQueueUrl).messageBody(Json.write(body)));
        LOG.warn("stream records given up on after retries", "function", function.name(), "records", records.size());
    }

    private DynamodbEvent event(List<Record> records) {
        List<DynamodbEvent.DynamodbStreamRecord> converted = new ArrayList<>();
        for (Record record : records) {
            DynamodbEvent.DynamodbStreamRecord event = new DynamodbEvent.DynamodbStreamRecord();
            event.setEventID(record.eventID());
            event.setEventName(record.eventNameAsString());
            event.setEventVersion(record.eventVersion());
            event.setEventSource("aws:dynamodb");
            event.setAwsRegion(LocalStack.REGION);
            event.setEventSourceARN(streamArn);
            var change = record.dynamodb();
            StreamRecord stream = new StreamRecord();
            stream.setSequenceNumber(change.sequenceNumber());
            stream.setSizeBytes(change.sizeBytes());
            if (change.streamViewType() != null) {
                stream.setStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType
                        .fromValue(change.streamViewTypeAsString()));
            }
            if (change.approximateCreationDateTime() != null) {
                stream.setApproximateCreationDateTime(Date.from(change.approximateCreationDateTime()));
            }
            stream.setKeys(image(change.keys()));
            stream.setNewImage(change.hasNewImage() ? image(change.newImage()) : null);
            stream.setOldImage(change.hasOldImage() ? image(change.oldImage()) : null);
            event.setDynamodb(stream);
            converted.add(event);
        }
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(converted);
        return event;
    }

    private static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image(
            Map<String, AttributeValue> item) {
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image =
                new LinkedHashMap<>();
        item.forEach((name, value) -> image.put(name, value(value)));
        return image;
    }

    private static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue value(AttributeValue value) {
        var converted = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
        switch (value.type()) {
            case S -> converted.setS(value.s());
            case N -> converted.setN(value.n());
            case B -> converted.setB(value.b().asByteBuffer());
            case BOOL -> converted.setBOOL(value.bool());
            case NUL -> converted.setNULL(true);
            case SS -> converted.setSS(value.ss());
            case NS -> converted.setNS(value.ns());
            case BS -> converted.setBS(value.bs().stream().map(b -> b.asByteBuffer()).toList());
            case L -> converted.setL(value.l().stream().map(DynamoDbStreamEventSource::value).toList());
            case M -> converted.setM(image(value.m()));
            default -> throw new IllegalArgumentException("unknown attribute value " + value);
        }
        return converted;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
