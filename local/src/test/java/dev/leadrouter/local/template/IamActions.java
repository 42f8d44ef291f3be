package dev.leadrouter.local.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbStreamsRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sqs.model.SqsRequest;

/** Which IAM actions, on which resources, AWS authorizes for one SDK call. */
public final class IamActions {
    /** SQS batch calls are authorized as the single-message action. */
    private static final Map<String, String> SQS_BATCH_ACTIONS = Map.of(
            "SendMessageBatch", "SendMessage",
            "DeleteMessageBatch", "DeleteMessage",
            "ChangeMessageVisibilityBatch", "ChangeMessageVisibility");

    private static final Pattern STREAM_ARN = Pattern.compile("arn:aws:dynamodb:[^:]*:[0-9]*:table/([^/]+)/stream/(.+)");
    private static final Map<String, String> STREAM_OF_ITERATOR = new java.util.concurrent.ConcurrentHashMap<>();

    /** One IAM action on one resource ARN. */
    public record Call(String action, String resource) {
        @Override
        public String toString() {
            return action + " on " + resource;
        }
    }

    private IamActions() {
    }

    public static List<Call> of(String operation, SdkRequest request) {
        if (request instanceof DynamoDbRequest dynamo) {
            return dynamoDb(operation, dynamo);
        }
        if (request instanceof DynamoDbStreamsRequest streams) {
            return List.of(stream(operation, streams));
        }
        if (request instanceof SqsRequest sqs) {
            return List.of(sqs(operation, sqs));
        }
        if (request instanceof SecretsManagerRequest secrets) {
            return List.of(new Call("secretsmanager:" + operation,
                    secrets.getValueForField("SecretId", String.class).orElse("*")));
        }
        if (request instanceof SendEmailRequest email) {
            // SES authorizes a send on the sending identity (and on a configuration set, none used here).
            return List.of(new Call("ses:SendEmail", LocalResources.sesIdentityArn(email.fromEmailAddress())));
        }
        return List.of(new Call(operation, "*"));
    }

    /** The name IAM knows {@code action} by ("sqs:DeleteMessageBatch" is authorized as "sqs:DeleteMessage"). */
    public static String iamName(String action) {
        if (action.startsWith("sqs:")) {
            String name = action.substring(4);
            return "sqs:" + SQS_BATCH_ACTIONS.getOrDefault(name, name);
        }
        return action;
    }

    private static List<Call> dynamoDb(String operation, DynamoDbRequest request) {
        List<Call> calls = new ArrayList<>();
        switch (request) {
            case TransactWriteItemsRequest transaction -> {
                for (TransactWriteItem item : transaction.transactItems()) {
                    if (item.put() != null) {
                        calls.add(dynamo("PutItem", item.put().tableName()));
                    } else if (item.update() != null) {
                        calls.add(dynamo("UpdateItem", item.update().tableName()));
                    } else if (item.delete() != null) {
                        calls.add(dynamo("DeleteItem", item.delete().tableName()));
                    } else if (item.conditionCheck() != null) {
                        calls.add(dynamo("ConditionCheckItem", item.conditionCheck().tableName()));
                    }
                }
            }
            case TransactGetItemsRequest transaction ->
                    transaction.transactItems().forEach(item -> calls.add(dynamo("GetItem", item.get().tableName())));
            case BatchWriteItemRequest batch ->
                    batch.requestItems().keySet().forEach(table -> calls.add(dynamo("BatchWriteItem", table)));
            case BatchGetItemRequest batch ->
                    batch.requestItems().keySet().forEach(table -> calls.add(dynamo("BatchGetItem", table)));
            case QueryRequest query -> calls.add(indexed("Query", query.tableName(), query.indexName()));
            case ScanRequest scan -> calls.add(indexed("Scan", scan.tableName(), scan.indexName()));
            default -> calls.add(request.getValueForField("TableName", String.class)
                    .map(table -> dynamo(operation, table))
                    .orElse(new Call("dynamodb:" + operation, "*")));
        }
        return calls;
    }

    /**
     * Actions IAM evaluates on {@code "*"} alone (no resource-level permissions), so a role can only grant them so:
     * ListStreams, which AWS's own policy for stream event sources grants on {@code "*"} too.
     */
    public static final java.util.Set<String> ON_ANY_RESOURCE = java.util.Set.of("dynamodb:ListStreams");

    /**
     * A stream read, on the stream's ARN (in local terms: the emulator names its streams in a region of its own):
     * named by DescribeStream and GetShardIterator, and for GetRecords the stream its shard iterator was issued for
     * ({@link #iteratorIssued}); ListStreams on {@code "*"} ({@link #ON_ANY_RESOURCE}).
     */
    private static Call stream(String operation, DynamoDbStreamsRequest request) {
        String action = "dynamodb:" + operation;
        if (ON_ANY_RESOURCE.contains(action)) {
            return new Call(action, "*");
        }
        var arn = request.getValueForField("StreamArn", String.class)
                .or(() -> request.getValueForField("ShardIterator", String.class).map(STREAM_OF_ITERATOR::get));
        if (arn.isPresent()) {
            Matcher matcher = STREAM_ARN.matcher(arn.get());
            return new Call(action, matcher.matches()
                    ? LocalResources.tableArn(matcher.group(1)) + "/stream/" + matcher.group(2) : arn.get());
        }
        return request.getValueForField("TableName", String.class)
                .map(table -> new Call(action, LocalResources.tableArn(table) + "/stream/*"))
                .orElse(new Call(action, "*"));
    }

    /** Records that {@code iterator} (from GetShardIterator, or a GetRecords' next one) reads {@code streamArn}. */
    public static void iteratorIssued(String iterator, String streamArn) {
        if (iterator != null && streamArn != null) {
            STREAM_OF_ITERATOR.put(iterator, streamArn);
        }
    }

    /**
     * A GetRecords answered with {@code next}: it reads the stream {@code used} read. Kept, not removed: the emulators
     * of two stacks may issue the same iterator text for their own streams.
     */
    public static void iteratorReplaced(String used, String next) {
        iteratorIssued(next, STREAM_OF_ITERATOR.get(used));
    }

    private static Call dynamo(String action, String table) {
        return new Call("dynamodb:" + action, LocalResources.tableArn(table));
    }

    private static Call indexed(String action, String table, String index) {
        String arn = LocalResources.tableArn(table);
        return new Call("dynamodb:" + action, index == null ? arn : arn + "/index/" + index);
    }

    private static Call sqs(String operation, SqsRequest request) {
        String action = "sqs:" + SQS_BATCH_ACTIONS.getOrDefault(operation, operation);
        String queueName = request.getValueForField("QueueUrl", String.class)
                .map(url -> url.substring(url.lastIndexOf('/') + 1))
                .or(() -> request.getValueForField("QueueName", String.class))
                .orElse(null);
        return new Call(action, queueName == null ? "*" : LocalResources.queueArn(queueName));
    }
}
