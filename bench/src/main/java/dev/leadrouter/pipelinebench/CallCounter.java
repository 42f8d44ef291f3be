package dev.leadrouter.pipelinebench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Capacity;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Counts the SDK calls the Lambda handlers make, by function (told by the thread that runs it), service and
 * operation, and the DynamoDB capacity units each consumed, as the emulator reports them when asked
 * ({@code ReturnConsumedCapacity INDEXES}: table and each index, transactions at twice the units).
 * Installed through the local stack's handler client overrides; the event sources' own polls are not counted.
 */
final class CallCounter implements ExecutionInterceptor {

    /** What one kind of call added up to. */
    record Tally(long calls, double readUnits, double writeUnits, double indexWriteUnits) {
    }

    private record Totals(LongAdder calls, DoubleAdder readUnits, DoubleAdder writeUnits, DoubleAdder indexWriteUnits) {
        Totals() {
            this(new LongAdder(), new DoubleAdder(), new DoubleAdder(), new DoubleAdder());
        }
    }

    private final Map<String, Totals> totals = new ConcurrentHashMap<>();

    /** The tallies so far, by "function service operation". */
    Map<String, Tally> snapshot() {
        Map<String, Tally> copy = new TreeMap<>();
        totals.forEach((key, t) -> copy.put(key, new Tally(t.calls().sum(), t.readUnits().sum(), t.writeUnits().sum(),
                t.indexWriteUnits().sum())));
        return copy;
    }

    /** {@code after} minus {@code before}, key by key. */
    static Map<String, Tally> difference(Map<String, Tally> after, Map<String, Tally> before) {
        Map<String, Tally> difference = new TreeMap<>();
        after.forEach((key, a) -> {
            Tally b = before.getOrDefault(key, new Tally(0, 0, 0, 0));
            if (a.calls() > b.calls()) {
                difference.put(key, new Tally(a.calls() - b.calls(), a.readUnits() - b.readUnits(),
                        a.writeUnits() - b.writeUnits(), a.indexWriteUnits() - b.indexWriteUnits()));
            }
        });
        return difference;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        ReturnConsumedCapacity indexes = ReturnConsumedCapacity.INDEXES;
        return switch (context.request()) {
            case GetItemRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case PutItemRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case UpdateItemRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case DeleteItemRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case QueryRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case ScanRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case BatchGetItemRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case BatchWriteItemRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case TransactGetItemsRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
            case TransactWriteItemsRequest r -> r.toBuilder().returnConsumedCapacity(indexes).build();
            default -> context.request();
        };
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        String key = function(Thread.currentThread().getName()) + " "
                + attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + " "
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME) + target(context.request());
        Totals t = totals.computeIfAbsent(key, k -> new Totals());
        t.calls().increment();
        boolean read = context.request() instanceof GetItemRequest || context.request() instanceof QueryRequest
                || context.request() instanceof ScanRequest || context.request() instanceof BatchGetItemRequest
                || context.request() instanceof TransactGetItemsRequest;
        for (ConsumedCapacity consumed : consumed(context.response())) {
            if (read) {
                t.readUnits().add(units(consumed.capacityUnits()));
            } else {
                t.writeUnits().add(units(consumed.capacityUnits()));
                if (consumed.globalSecondaryIndexes() != null) {
                    consumed.globalSecondaryIndexes().values().stream().map(Capacity::capacityUnits)
                            .forEach(u -> t.indexWriteUnits().add(units(u)));
                }
            }
        }
    }

    /** The queue a message goes to, the table a DynamoDB call reads or writes: " → name". */
    private static String target(SdkRequest request) {
        String target = switch (request) {
            case SendMessageRequest r -> queueName(r.queueUrl());
            case SendMessageBatchRequest r -> queueName(r.queueUrl());
            case GetItemRequest r -> r.tableName();
            case PutItemRequest r -> r.tableName();
            case UpdateItemRequest r -> r.tableName();
            case DeleteItemRequest r -> r.tableName();
            case QueryRequest r -> r.tableName() + (r.indexName() == null ? "" : "/" + r.indexName());
            case ScanRequest r -> r.tableName();
            default -> null;
        };
        return target == null ? "" : " → " + target.replace("lead-router-", "");
    }

    private static String queueName(String queueUrl) {
        return queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
    }

    private static List<ConsumedCapacity> consumed(Object response) {
        List<ConsumedCapacity> list = switch (response) {
            case GetItemResponse r -> single(r.consumedCapacity());
            case PutItemResponse r -> single(r.consumedCapacity());
            case UpdateItemResponse r -> single(r.consumedCapacity());
            case DeleteItemResponse r -> single(r.consumedCapacity());
            case QueryResponse r -> single(r.consumedCapacity());
            case ScanResponse r -> single(r.consumedCapacity());
            case BatchGetItemResponse r -> r.consumedCapacity();
            case BatchWriteItemResponse r -> r.consumedCapacity();
            case TransactGetItemsResponse r -> r.consumedCapacity();
            case TransactWriteItemsResponse r -> r.consumedCapacity();
            default -> List.of();
        };
        return list == null ? List.of() : list;
    }

    private static List<ConsumedCapacity> single(ConsumedCapacity consumed) {
        return consumed == null ? List.of() : List.of(consumed);
    }

    private static double units(Double units) {
        return units == null ? 0 : units;
    }

    /** The function a handler thread runs: SQS pollers are named after their queue, the HTTP API's threads are virtual. */
    static String function(String thread) {
        if (thread.startsWith("sqs-")) {
            String queue = thread.substring(4).replaceAll("-\\d+$", "").replace("lead-router-", "");
            return switch (queue) {
                case "qualification" -> "qualification";
                case "routing" -> "routing";
                case "notifications" -> "notification";
                case "crm-import" -> "crm-import";
                default -> queue;
            };
        }
        return thread.equals("sweep") ? "sweep" : "http-api";
    }
}
