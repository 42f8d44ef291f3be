package dev.leadrouter.store;

import dev.leadrouter.port.DeliveryMarks;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** The delivery marks as records of the leads table, the lease taken by a conditional write. */
public final class DynamoDeliveryMarks implements DeliveryMarks {
    /** Shorter than the queues' visibility timeout, longer than any one delivery's HTTP timeouts. */
    private static final Duration LEASE = Duration.ofSeconds(25);
    private static final Duration KEEP = Duration.ofDays(30);
    private static final String KEY = "leadId";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDeliveryMarks(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public boolean claim(String key) {
        long now = clock.millis();
        try {
            dynamo.putItem(r -> r.tableName(table)
                    .item(Map.of(KEY, AttributeValue.fromS(key),
                            "state", AttributeValue.fromS("SENDING"),
                            "leaseUntil", AttributeValue.fromN(Long.toString(now + LEASE.toMillis())),
                            "expiresAt", AttributeValue.fromN(Long.toString((now + KEEP.toMillis()) / 1000))))
                    .conditionExpression("attribute_not_exists(#k) OR (#s = :sending AND leaseUntil < :now)")
                    .expressionAttributeNames(Map.of("#k", KEY, "#s", "state"))
                    .expressionAttributeValues(Map.of(":sending", AttributeValue.fromS("SENDING"),
                            ":now", AttributeValue.fromN(Long.toString(now)))));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    @Override
    public void sent(String key) {
        dynamo.updateItem(r -> r.tableName(table).key(Map.of(KEY, AttributeValue.fromS(key)))
                .updateExpression("SET #s = :sent REMOVE leaseUntil")
                .expressionAttributeNames(Map.of("#s", "state"))
                .expressionAttributeValues(Map.of(":sent", AttributeValue.fromS("SENT"))));
    }

    @Override
    public void release(String key) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(Map.of(KEY, AttributeValue.fromS(key)))
                .updateExpression("SET leaseUntil = :zero")
                .conditionExpression("#s = :sending")
                .expressionAttributeNames(Map.of("#s", "state"))
                .expressionAttributeValues(Map.of(":zero", AttributeValue.fromN("0"),
                        ":sending", AttributeValue.fromS("SENDING"))));
        } catch (ConditionalCheckFailedException notOurs) {
            // sent meanwhile by a redelivery: nothing to give back
        }
    }
}
