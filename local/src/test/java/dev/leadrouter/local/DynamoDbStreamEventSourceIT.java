package dev.leadrouter.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.leadrouter.aws.AwsClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The stream event source batches as template.yaml's StatsStreamConsumer: records that arrive over a short time
 * are one invocation, a full batch goes without waiting for the batching window, a failed record is retried from
 * itself, and a stop delivers what was gathered at once. On Dynoxide and ElasticMQ of this class alone, with a
 * function that only notes its batches.
 */
@Tag("integration")
class DynamoDbStreamEventSourceIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private static EmbeddedDynamoDb dynamoDbServer;
    private static EmbeddedSqs sqsServer;
    private static DynamoDbClient dynamoDb;
    private static DynamoDbStreamsClient streams;
    private static SqsClient sqs;
    private static String onFailureQueueUrl;
    /** The GetRecords answers that held records, and the records they held, over all tests. */
    private static final AtomicInteger PAGES_WITH_RECORDS = new AtomicInteger();
    private static final AtomicInteger RECORDS_READ = new AtomicInteger();

    /** One invocation: when it began and the keys of its records, in order. */
    private record Batch(long startedNanos, List<String> ids) {
    }

    private final List<Batch> batches = new CopyOnWriteArrayList<>();
    private DynamoDbStreamEventSource source;

    @BeforeAll
    static void emulators() {
        dynamoDbServer = EmbeddedDynamoDb.start(0, null);
        sqsServer = EmbeddedSqs.start(0, null);
        Map<String, String> env = Map.of("DYNAMODB_ENDPOINT", dynamoDbServer.endpoint().toString(),
                "SQS_ENDPOINT", sqsServer.endpoint().toString(), "AWS_REGION", LocalStack.REGION);
        dynamoDb = AwsClients.dynamoDb(env, CREDENTIALS);
        streams = AwsClients.configured(DynamoDbStreamsClient.builder(), env, CREDENTIALS, "DYNAMODB_ENDPOINT")
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                        if (context.response() instanceof GetRecordsResponse page && !page.records().isEmpty()) {
                            PAGES_WITH_RECORDS.incrementAndGet();
                            RECORDS_READ.addAndGet(page.records().size());
                        }
                    }
                })).build();
        sqs = AwsClients.sqs(env, CREDENTIALS);
        onFailureQueueUrl = sqs.createQueue(r -> r.queueName("stream-on-failure")).queueUrl();
    }

    @AfterAll
    static void stopEmulators() {
        streams.close();
        dynamoDb.close();
        sqs.close();
        sqsServer.close();
        dynamoDbServer.close();
    }

    @AfterEach
    void stopSource() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void recordsArrivingOverAShortTimeAreOneInvocation() throws InterruptedException {
        String table = streamedTable();
        start(table, succeeding());
        int pagesBefore = PAGES_WITH_RECORDS.get();
        long firstWrite = System.nanoTime();
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            written.add(put(table, i));
            Thread.sleep(60); // spread over more than two of the poller's reads, well within the window
        }

        await().atMost(TIMEOUT).until(() -> delivered().size() == written.size());
        assertEquals(1, batches.size(), batches.toString());
        assertEquals(written, batches.getFirst().ids());
        assertTrue(PAGES_WITH_RECORDS.get() - pagesBefore > 1, "the records came in one page");
        assertTrue(batches.getFirst().startedNanos() - firstWrite >= DynamoDbStreamEventSource.BATCHING_WINDOW.toNanos(),
                "invoked before the batching window passed");
    }

    @Test
    void aFullBatchGoesWithoutWaitingForTheWindow() {
        String table = streamedTable();
        start(table, succeeding());
        int extra = 7;
        long firstWrite = System.nanoTime();
        List<String> written = putAll(table, DynamoDbStreamEventSource.BATCH_SIZE + extra);

        await().atMost(TIMEOUT).until(() -> delivered().size() == written.size());
        assertEquals(written, delivered().stream().sorted().toList());
        Batch full = batches.getFirst();
        assertEquals(DynamoDbStreamEventSource.BATCH_SIZE, full.ids().size());
        assertTrue(full.startedNanos() - firstWrite < DynamoDbStreamEventSource.BATCHING_WINDOW.toNanos(),
                "the full batch waited for the window");
        assertEquals(List.of(extra), batches.stream().skip(1).map(batch -> batch.ids().size()).toList());
    }

    @Test
    void aFailedRecordIsRetriedFromItselfInTheSameBatch() {
        String table = streamedTable();
        AtomicInteger invocations = new AtomicInteger();
        start(table, event -> {
            // The first invocation reports its third record failed; the retry must start there.
            if (invocations.getAndIncrement() == 0) {
                String third = event.getRecords().get(2).getDynamodb().getSequenceNumber();
                return new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure(third)));
            }
            return new StreamsEventResponse();
        });
        List<String> written = putAll(table, 5);

        await().atMost(TIMEOUT).until(() -> batches.size() == 2);
        assertEquals(written, batches.get(0).ids().stream().sorted().toList());
        assertEquals(batches.get(0).ids().subList(2, 5), batches.get(1).ids());
    }

    @Test
    void aStopDeliversWhatWasGatheredWithoutWaitingForTheWindow() {
        String table = streamedTable();
        start(table, succeeding());
        int readBefore = RECORDS_READ.get();
        List<String> written = putAll(table, 3);
        await().atMost(TIMEOUT).until(() -> RECORDS_READ.get() - readBefore == written.size());

        long stopping = System.nanoTime();
        source.close();
        long stopped = System.nanoTime();

        assertEquals(1, batches.size(), batches.toString());
        assertEquals(written, batches.getFirst().ids().stream().sorted().toList());
        assertTrue(stopped - stopping < DynamoDbStreamEventSource.BATCHING_WINDOW.toNanos() / 2,
                "the stop waited " + Duration.ofNanos(stopped - stopping));
    }

    private static Function<DynamodbEvent, StreamsEventResponse> succeeding() {
        return event -> new StreamsEventResponse();
    }

    /** Starts the event source on {@code table}'s stream, for a function that notes each batch and answers {@code respond}. */
    private void start(String table, Function<DynamodbEvent, StreamsEventResponse> respond) {
        LambdaFunction<DynamodbEvent, StreamsEventResponse> function = new LambdaFunction<>("StreamedFunction",
                () -> (event, context) -> {
                    batches.add(new Batch(System.nanoTime(),
                            event.getRecords().stream().map(r -> r.getDynamodb().getKeys().get("id").getS()).toList()));
                    return respond.apply(event);
                });
        source = DynamoDbStreamEventSource.start(streams, table, function, sqs, onFailureQueueUrl, Duration.ZERO);
    }

    private List<String> delivered() {
        return batches.stream().flatMap(batch -> batch.ids().stream()).toList();
    }

    private static String streamedTable() {
        String table = "streamed-" + UUID.randomUUID();
        dynamoDb.createTable(r -> r.tableName(table).billingMode("PAY_PER_REQUEST")
                .keySchema(k -> k.attributeName("id").keyType("HASH"))
                .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        return table;
    }

    private static String put(String table, int i) {
        String id = "item-%04d".formatted(i);
        dynamoDb.putItem(r -> r.tableName(table).item(Map.of("id", AttributeValue.fromS(id))));
        return id;
    }

    /** {@code count} items written as fast as BatchWriteItem takes them, in this order. */
    private static List<String> putAll(String table, int count) {
        List<String> ids = new ArrayList<>();
        for (int from = 0; from < count; from += 25) {
            List<WriteRequest> writes = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + 25); i++) {
                String id = "item-%04d".formatted(i);
                ids.add(id);
                writes.add(WriteRequest.builder().putRequest(PutRequest.builder()
                        .item(Map.of("id", AttributeValue.fromS(id))).build()).build());
            }
            var unprocessed = dynamoDb.batchWriteItem(r -> r.requestItems(Map.of(table, writes))).unprocessedItems();
            assertTrue(unprocessed.isEmpty(), "unprocessed writes: " + unprocessed);
        }
        return ids;
    }
}
