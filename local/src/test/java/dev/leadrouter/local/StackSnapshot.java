package dev.leadrouter.local;

import dev.leadrouter.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Everything the local stack holds: every item of the four tables and the message counts of every
 * queue, so that a test can show that an operation changed nothing at all.
 */
record StackSnapshot(Map<String, Map<String, Map<String, AttributeValue>>> tables, Map<String, Map<QueueAttributeName, String>> queues) {
    private static final List<QueueAttributeName> COUNTS = List.of(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);

    static StackSnapshot take(LocalStack stack) {
        Config config = stack.config();
        Map<String, Map<String, Map<String, AttributeValue>>> tables = new TreeMap<>();
        tables.put(config.leadsTable(), items(stack, config.leadsTable(), "leadId"));
        tables.put(config.repsTable(), items(stack, config.repsTable(), "repId"));
        tables.put(config.rulesTable(), items(stack, config.rulesTable(), "ruleId"));
        tables.put(config.accountsTable(), items(stack, config.accountsTable(), "domain"));
        Map<String, Map<QueueAttributeName, String>> queues = new TreeMap<>();
        for (String url : stack.sqs().listQueues(r -> r.queueNamePrefix(Config.LOCAL_PREFIX)).queueUrls()) {
            Map<QueueAttributeName, String> attributes = stack.sqs().getQueueAttributes(r -> r.queueUrl(url)
                    .attributeNames(COUNTS)).attributes();
            queues.put(url, new TreeMap<>(attributes));
        }
        return new StackSnapshot(tables, queues);
    }

    /** A snapshot once two taken {@code interval} apart are equal: nothing is in flight any more. */
    static StackSnapshot quiet(LocalStack stack, Duration interval, Duration timeout) {
        AtomicReference<StackSnapshot> previous = new AtomicReference<>(take(stack));
        return Awaitility.await("the stack comes to rest").atMost(timeout).pollDelay(interval).pollInterval(interval)
                .until(() -> take(stack), current -> current.equals(previous.getAndSet(current)));
    }

    /** What differs from {@code other}, for a failure message. */
    String differencesFrom(StackSnapshot other) {
        StringBuilder differences = new StringBuilder();
        tables.forEach((table, items) -> {
            Map<String, Map<String, AttributeValue>> others = other.tables.getOrDefault(table, Map.of());
            TreeSet<String> keys = new TreeSet<>(items.keySet());
            keys.addAll(others.keySet());
            for (String key : keys) {
                if (!java.util.Objects.equals(items.get(key), others.get(key))) {
                    differences.append(table).append(' ').append(key).append(": ").append(items.get(key))
                            .append(" -> ").append(others.get(key)).append('\n');
                }
            }
        });
        queues.forEach((queue, counts) -> {
            if (!counts.equals(other.queues.get(queue))) {
                differences.append(queue).append(": ").append(counts).append(" -> ").append(other.queues.get(queue))
                        .append('\n');
            }
        });
        return differences.toString();
    }

    private static Map<String, Map<String, AttributeValue>> items(LocalStack stack, String table, String key) {
        Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder request = ScanRequest.builder().tableName(table).consistentRead(true);
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            ScanResponse page = stack.dynamoDb().scan(request.build());
            page.items().forEach(item -> items.put(item.get(key).s(), item));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }
}
