package dev.leadrouter.stats;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.config.Config;
import dev.leadrouter.lambda.StreamImages;
import dev.leadrouter.log.Log;
import dev.leadrouter.port.Aggregates;
import dev.leadrouter.store.LeadStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The leads table's stream → the {@code GET /stats} aggregates: each batch's deltas ({@link StatsDeltas}) in one
 * transaction per chunk. A failed chunk is reported as the batch item failure, so that Lambda retries from its
 * first record and the chunks before it (written) are not sent again.
 */
public class StatsHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private static final Log LOG = Log.of(StatsHandler.class);

    private final Aggregates stats;

    public StatsHandler() {
        this(AwsPorts.fromEnvironment(), Config.fromEnv());
    }

    public StatsHandler(AwsPorts ports, Config config) {
        this.stats = ports.aggregates(config);
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<StatsDeltas.Change> changes = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            var change = record.getDynamodb();
            String key = change.getKeys() == null || change.getKeys().get(LeadStore.KEY) == null ? null
                    : change.getKeys().get(LeadStore.KEY).getS();
            if (key == null || key.contains("#")) {
                continue; // claims, idempotency answers and the aggregates themselves: not leads
            }
            try {
                changes.add(new StatsDeltas.Change(change.getSequenceNumber(),
                        StreamImages.leadWithoutTrace(change.getOldImage()),
                        StreamImages.leadWithoutTrace(change.getNewImage())));
            } catch (RuntimeException e) {
                // An item no lead reads as can never be counted; retrying it would hold up the shard.
                LOG.error("lead image not counted", e, "leadId", key, "requestId", requestId(context));
            }
        }
        for (StatsDeltas.Chunk chunk : StatsDeltas.chunks(changes)) {
            try {
                stats.add(chunk);
            } catch (RuntimeException e) {
                String first = chunk.changes().getFirst().sequenceNumber();
                LOG.error("aggregates not written, the batch is retried from this record", e,
                        "sequenceNumber", first, "records", chunk.changes().size(), "requestId", requestId(context));
                return StreamsEventResponse.builder().withBatchItemFailures(
                        List.of(StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(first).build()))
                        .build();
            }
        }
        LOG.info("aggregates written", "records", event.getRecords().size(), "leads", changes.size(),
                "requestId", requestId(context));
        return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
    }

    private static String requestId(Context context) {
        return context == null ? null : context.getAwsRequestId();
    }
}
