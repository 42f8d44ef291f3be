package dev.leadrouter.notification;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * One record per (lead, assignment, event, channel) in the leads table, so that each is delivered once
 * however often its message comes back. A delivery first takes a short lease (a conditional write), sends,
 * then marks the record sent; a lease left by a crashed delivery runs out before SQS shows the message again.
 */
final class DeliveryMarks {
    /** Shorter than the queues' visibility timeout, longer than any one delivery's HTTP timeouts. */
    static final Duration LEASE = Duration.ofSeconds(25);
    private static final Duration KEEP = Duration.ofDays(30);
    private static final String KEY = "leadId";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    DeliveryMarks(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    static String key(String leadId, String assignedAt, String event, String channel) {
        return "NOTIFY#" + leadId + "#" + assignedAt + "#" + event + "#" + channel;
    }

    /** Takes the delivery; false when it was sent already or another delivery of it is under way. */
    boolean claim(String key) {
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

    void sent(String key) {
        dynamo.updateItem(r -> r.tableName(table).key(Map.of(KEY, AttributeValue.fromS(key)))
                .updateExpression("SET #s = :sent REMOVE leaseUntil")
                .expressionAttributeNames(Map.of("#s", "state"))
                .expressionAttributeValues(Map.of(":sent", AttributeValue.fromS("SENT"))));
    }

    /** Gives a failed delivery's lease back, so its retry may take it at once. */
    void release(String key) {
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
