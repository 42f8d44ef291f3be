package dev.leadrouter.local.template;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * AWS limits the emulators do not all enforce: DynamoDB items up to 400 KB, transactions up to 100 items
 * and 4 MB; SQS messages (body and attributes) and batches up to 256 KB, delays up to 900 s, visibility
 * timeouts up to 12 h. Sizes are counted as AWS documents them (names and values in UTF-8).
 */
public final class AwsLimits {
    public static final int MAX_ITEM_BYTES = 400 * 1024;
    static final int MAX_TRANSACTION_ITEMS = 100;
    static final int MAX_TRANSACTION_BYTES = 4 * 1024 * 1024;
    static final int MAX_MESSAGE_BYTES = 256 * 1024;
    static final int MAX_DELAY_SECONDS = 900;
    static final int MAX_VISIBILITY_SECONDS = 12 * 3600;

    private AwsLimits() {
    }

    /** What {@code request} asks beyond AWS's limits; empty when nothing. */
    public static List<String> violations(SdkRequest request) {
        List<String> violations = new ArrayList<>();
        switch (request) {
            case PutItemRequest put -> item("PutItem on " + put.tableName(), put.item(), violations);
            case TransactWriteItemsRequest transaction -> {
                if (transaction.transactItems().size() > MAX_TRANSACTION_ITEMS) {
                    violations.add("TransactWriteItems with " + transaction.transactItems().size() + " items");
                }
                long total = 0;
                for (TransactWriteItem item : transaction.transactItems()) {
                    if (item.put() != null) {
                        total += item("transaction Put on " + item.put().tableName(), item.put().item(), violations);
                    }
                }
                if (total > MAX_TRANSACTION_BYTES) {
                    violations.add("TransactWriteItems of " + total + " bytes");
                }
            }
            case SendMessageRequest send -> {
                message("SendMessage", send.messageBody(), send.messageAttributes(), violations);
                delay("SendMessage", send.delaySeconds(), violations);
            }
            case SendMessageBatchRequest batch -> {
                long total = 0;
                for (SendMessageBatchRequestEntry entry : batch.entries()) {
                    total += message("SendMessageBatch entry", entry.messageBody(), entry.messageAttributes(), violations);
                    delay("SendMessageBatch entry", entry.delaySeconds(), violations);
                }
                if (total > MAX_MESSAGE_BYTES) {
                    violations.add("SendMessageBatch of " + total + " bytes");
                }
            }
            case ChangeMessageVisibilityRequest change when change.visibilityTimeout() != null
                    && change.visibilityTimeout() > MAX_VISIBILITY_SECONDS ->
                    violations.add("ChangeMessageVisibility to " + change.visibilityTimeout() + " s");
            default -> {
            }
        }
        return violations;
    }

    private static long item(String what, Map<String, AttributeValue> item, List<String> violations) {
        long size = 0;
        for (var attribute : item.entrySet()) {
            size += utf8(attribute.getKey()) + size(attribute.getValue());
        }
        if (size > MAX_ITEM_BYTES) {
            violations.add(what + ": item of " + size + " bytes");
        }
        return size;
    }

    public static long size(AttributeValue value) {
        return switch (value.type()) {
            case S -> utf8(value.s());
            case N -> value.n().length();
            case B -> value.b().asByteArray().length;
            case BOOL, NUL -> 1;
            case SS -> value.ss().stream().mapToLong(AwsLimits::utf8).sum();
            case NS -> value.ns().stream().mapToLong(String::length).sum();
            case BS -> value.bs().stream().mapToLong(b -> b.asByteArray().length).sum();
            case L -> 3 + value.l().stream().mapToLong(v -> 1 + size(v)).sum();
            case M -> 3 + value.m().entrySet().stream().mapToLong(e -> 1 + utf8(e.getKey()) + size(e.getValue())).sum();
            case UNKNOWN_TO_SDK_VERSION -> 0;
        };
    }

    private static long message(String what, String body, Map<String, MessageAttributeValue> attributes,
                                List<String> violations) {
        long size = utf8(body);
        for (var attribute : attributes.entrySet()) {
            MessageAttributeValue value = attribute.getValue();
            size += utf8(attribute.getKey()) + utf8(value.dataType())
                    + (value.stringValue() != null ? utf8(value.stringValue()) : 0)
                    + (value.binaryValue() != null ? value.binaryValue().asByteArray().length : 0);
        }
        if (size > MAX_MESSAGE_BYTES) {
            violations.add(what + ": message of " + size + " bytes");
        }
        return size;
    }

    private static void delay(String what, Integer seconds, List<String> violations) {
        if (seconds != null && (seconds < 0 || seconds > MAX_DELAY_SECONDS)) {
            violations.add(what + ": delay of " + seconds + " s");
        }
    }

    private static long utf8(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }
}
