package dev.leadrouter.store;

import dev.leadrouter.port.Aggregates;
import dev.leadrouter.stats.StatsDeltas;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The {@code GET /stats} aggregates: counter items in the leads table under {@link dev.leadrouter.stats.StatsKey}
 * keys, one top-level number attribute per counter (ADD works on top-level attributes only).
 */
public final class StatsStore implements Aggregates {
    /** BatchGetItem's most keys per call. */
    private static final int BATCH_GET_KEYS = 100;

    private final DynamoDbClient dynamo;
    private final String table;

    public StatsStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * Adds a chunk's deltas in one transaction of ADD updates. Its ClientRequestToken comes from the chunk's
     * sequence numbers: DynamoDB does not apply a transaction again whose token it saw succeed in the last
     * 10 minutes, so a redelivered batch is counted once.
     */
    @Override
    public void add(StatsDeltas.Chunk chunk) {
        if (chunk.deltas().isEmpty()) {
            return;
        }
        List<TransactWriteItem> updates = new ArrayList<>();
        chunk.deltas().forEach((key, counters) -> {
            Map<String, String> names = new HashMap<>();
            Map<String, AttributeValue> values = new HashMap<>();
            List<String> adds = new ArrayList<>();
            int i = 0;
            for (var counter : counters.entrySet()) {
                names.put("#c" + i, counter.getKey());
                values.put(":c" + i, AttributeValue.fromN(Long.toString(counter.getValue())));
                adds.add("#c" + i + " :c" + i);
                i++;
            }
            updates.add(TransactWriteItem.builder().update(u -> u.tableName(table)
                    .key(Map.of(LeadStore.KEY, AttributeValue.fromS(key)))
                    .updateExpression("ADD " + String.join(", ", adds))
                    .expressionAttributeNames(names).expressionAttributeValues(values)).build());
        });
        dynamo.transactWriteItems(r -> r.transactItems(updates).clientRequestToken(chunk.token()));
    }

    /** The sums of the counters of the aggregate items {@code keys} (missing items count nothing). */
    @Override
    public Map<String, Long> totals(List<String> keys) {
        Map<String, Long> totals = new LinkedHashMap<>();
        for (int from = 0; from < keys.size(); from += BATCH_GET_KEYS) {
            List<Map<String, AttributeValue>> batch = keys.subList(from, Math.min(keys.size(), from + BATCH_GET_KEYS))
                    .stream().map(key -> Map.of(LeadStore.KEY, AttributeValue.fromS(key))).toList();
            Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder().keys(batch).build());
            while (!pending.isEmpty()) {
                Map<String, KeysAndAttributes> request = pending;
                var response = dynamo.batchGetItem(r -> r.requestItems(request));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                    item.forEach((name, value) -> {
                        if (value.n() != null) {
                            totals.merge(name, Long.parseLong(value.n()), Long::sum);
                        }
                    });
                }
                pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return totals;
    }
}
