package dev.leadrouter.pipelinebench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.json.AttributeValues;
import dev.leadrouter.local.LocalStack;
import dev.leadrouter.local.Provisioner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The floor: the DynamoDB and SQS round trips one routed lead cannot do without, done back to back
 * against the same embedded services with no pipeline code, on tables and queues of its own (same
 * shapes, same items). The steps, in order:
 * <ol>
 * <li>intake: TransactWriteItems (the lead + its email claim, both conditional) — the lead is durable and
 * unique before the 2xx; SendMessage to qualification;</li>
 * <li>qualification: ReceiveMessage; GetItem (the lead, consistent); PutItem (QUALIFIED, conditional on its
 * version); SendMessage to routing; DeleteMessage;</li>
 * <li>routing: ReceiveMessage; GetItem (the lead); GetItem (the account of its email domain); Scan (the 50 reps);
 * GetItem (the team's turn state); TransactWriteItems (lead ASSIGNED + rep's openLeads + team state, all
 * conditional: capacity and fairness under concurrency); SendMessage to assignments; DeleteMessage.</li>
 * </ol>
 * Not in the floor, though the pipeline does them: marking the assignment message as sent on the lead
 * (a PutItem making redelivery safe) and the delayed SLA-check message; receives batch up to 10 there.
 */
final class Floor {
    static final List<String> STEPS = List.of(
            "intake TransactWriteItems (lead + claim)", "intake SendMessage",
            "qualification ReceiveMessage", "qualification GetItem lead", "qualification PutItem lead",
            "qualification SendMessage", "qualification DeleteMessage",
            "routing ReceiveMessage", "routing GetItem lead", "routing GetItem account", "routing Scan reps",
            "routing GetItem team state", "routing TransactWriteItems (lead + rep + team)",
            "routing SendMessage assignment", "routing DeleteMessage");
    private static final String LEADS = "bench-floor-leads";
    private static final String REPS = "bench-floor-reps";
    private static final String KEY = "leadId";

    /**
     * Per-lead totals and per-step samples in ms, one lead at a time; and leads per second with
     * {@code workers} leads at a time, each worker on its own team state.
     */
    record Figures(Distribution perLead, Map<String, Distribution> steps, int workers, double leadsPerSecond) {
    }

    private final DynamoDbClient dynamo;
    private final SqsClient sqs;
    private final String accountsTable;
    private final String handOffQueue;
    private final String outputQueue;
    private final Map<String, AttributeValue> received;
    private final Map<String, AttributeValue> qualified;
    private final Map<String, AttributeValue> assigned;
    private final String assignmentMessage;
    private final List<String> repIds = new ArrayList<>();
    private final Map<Integer, Long> teamVersions = new ConcurrentHashMap<>();

    /** @param leadItem a routed lead as the pipeline stored it: the floor writes items of that size */
    Floor(LocalStack stack, List<ObjectNode> reps, Map<String, AttributeValue> leadItem, String assignmentMessage) {
        this.dynamo = stack.dynamoDb();
        this.sqs = stack.sqs();
        this.accountsTable = stack.config().accountsTable();
        Provisioner provisioner = new Provisioner(dynamo, sqs, LocalStack.VISIBILITY_TIMEOUT);
        provisioner.createLeadsTable(LEADS);
        provisioner.createKeyValueTable(REPS, "repId");
        this.handOffQueue = sqs.createQueue(r -> r.queueName("bench-floor-handoff")).queueUrl();
        this.outputQueue = sqs.createQueue(r -> r.queueName("bench-floor-output")).queueUrl();
        for (ObjectNode rep : reps) {
            dynamo.putItem(r -> r.tableName(REPS).item(AttributeValues.toItem(rep)));
            repIds.add(rep.path("repId").asText());
        }
        this.assigned = withStatus(leadItem, "ASSIGNED", Set.of());
        this.qualified = withStatus(leadItem, "QUALIFIED", Set.of("assignment", "outputSent"));
        this.received = withStatus(leadItem, "RECEIVED", Set.of("assignment", "outputSent", "trace", "score", "grade"));
        this.assignmentMessage = assignmentMessage;
    }

    private static Map<String, AttributeValue> withStatus(Map<String, AttributeValue> item, String status,
                                                          Set<String> without) {
        Map<String, AttributeValue> copy = new HashMap<>(item);
        without.forEach(copy::remove);
        copy.put("status", AttributeValue.fromS(status));
        return copy;
    }

    /**
     * Runs {@code warmUp} unmeasured leads, then {@code count} measured ones one after the other, then
     * {@code count} more spread over {@code workers} threads for the throughput the services allow.
     */
    Figures measure(int warmUp, int count, int workers) {
        Map<String, List<Double>> steps = new LinkedHashMap<>();
        STEPS.forEach(step -> steps.put(step, new ArrayList<>()));
        List<Double> totals = new ArrayList<>();
        for (int i = 0; i < warmUp + count; i++) {
            long[] times = oneLead("floor-" + i, i, 0);
            if (i < warmUp) {
                continue;
            }
            double total = 0;
            for (int s = 0; s < STEPS.size(); s++) {
                double millis = (times[s + 1] - times[s]) / 1e6;
                steps.get(STEPS.get(s)).add(millis);
                total += millis;
            }
            totals.add(total);
        }
        double leadsPerSecond = parallel(warmUp + count, count, workers);
        sqs.purgeQueue(r -> r.queueUrl(outputQueue));
        Map<String, Distribution> stepFigures = new LinkedHashMap<>();
        steps.forEach((step, samples) -> stepFigures.put(step, Distribution.ofMillis(samples)));
        return new Figures(Distribution.ofMillis(totals), stepFigures, workers, leadsPerSecond);
    }

    private double parallel(int first, int count, int workers) {
        AtomicInteger next = new AtomicInteger(first);
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int w = 1; w <= workers; w++) {
            int worker = w;
            threads.add(Thread.ofPlatform().name("floor-" + w).start(() -> {
                for (int i = next.getAndIncrement(); i < first + count; i = next.getAndIncrement()) {
                    oneLead("floor-" + i, i, worker);
                }
            }));
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return count / ((System.nanoTime() - started) / 1e9);
    }

    /** The steps of one lead; returns the nano time before the first step and after each one. */
    private long[] oneLead(String leadId, int n, int worker) {
        long[] t = new long[STEPS.size() + 1];
        int s = 0;
        t[s++] = System.nanoTime();
        dynamo.transactWriteItems(r -> r.transactItems(
                create(item(received, leadId, 1)),
                create(Map.of(KEY, AttributeValue.fromS("EMAIL#" + leadId + "@floor.example.com"),
                        "targetLeadId", AttributeValue.fromS(leadId)))));
        t[s++] = System.nanoTime();
        sqs.sendMessage(r -> r.queueUrl(handOffQueue).messageBody("{\"leadId\":\"" + leadId + "\"}"));
        t[s++] = System.nanoTime();
        Message qualify = receiveOne();
        t[s++] = System.nanoTime();
        getLead(leadId);
        t[s++] = System.nanoTime();
        dynamo.putItem(r -> r.tableName(LEADS).item(item(qualified, leadId, 2))
                
                .conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", "version"))
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromN("1"))));
        t[s++] = System.nanoTime();
        sqs.sendMessage(r -> r.queueUrl(handOffQueue).messageBody("{\"leadId\":\"" + leadId + "\",\"type\":\"ROUTE\"}"));
        t[s++] = System.nanoTime();
        sqs.deleteMessage(r -> r.queueUrl(handOffQueue).receiptHandle(qualify.receiptHandle()));
        t[s++] = System.nanoTime();
        Message route = receiveOne();
        t[s++] = System.nanoTime();
        getLead(leadId);
        t[s++] = System.nanoTime();
        dynamo.getItem(r -> r.tableName(accountsTable).key(Map.of("domain", AttributeValue.fromS("floor.example.com"))));
        t[s++] = System.nanoTime();
        dynamo.scan(r -> r.tableName(REPS));
        t[s++] = System.nanoTime();
        dynamo.getItem(r -> r.tableName(LEADS).key(Map.of(KEY, AttributeValue.fromS("TEAM#floor-" + worker)))
                .consistentRead(true));
        t[s++] = System.nanoTime();
        dynamo.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(LEADS).item(item(assigned, leadId, 3))
                        .conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", "version"))
                        .expressionAttributeValues(Map.of(":v", AttributeValue.fromN("2"))).build()).build(),
                TransactWriteItem.builder().update(Update.builder().tableName(REPS)
                        .key(Map.of("repId", AttributeValue.fromS(repIds.get(n % repIds.size()))))
                        .updateExpression("SET #open = #open + :one")
                        .conditionExpression("#open < #cap")
                        .expressionAttributeNames(Map.of("#open", "openLeads", "#cap", "capacity"))
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))).build()).build(),
                teamState(worker)));
        t[s++] = System.nanoTime();
        sqs.sendMessage(r -> r.queueUrl(outputQueue).messageBody(assignmentMessage));
        t[s++] = System.nanoTime();
        sqs.deleteMessage(r -> r.queueUrl(handOffQueue).receiptHandle(route.receiptHandle()));
        t[s] = System.nanoTime();
        return t;
    }

    private TransactWriteItem teamState(int worker) {
        long teamVersion = teamVersions.getOrDefault(worker, 0L);
        Put.Builder put = Put.builder().tableName(LEADS).item(Map.of(KEY, AttributeValue.fromS("TEAM#floor-" + worker),
                "version", AttributeValue.fromN(Long.toString(teamVersion + 1)),
                "next", AttributeValue.fromN(Long.toString(teamVersion % repIds.size()))));
        if (teamVersion == 0) {
            put.conditionExpression("attribute_not_exists(leadId)");
        } else {
            put.conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", "version"))
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(teamVersion))));
        }
        teamVersions.put(worker, teamVersion + 1);
        return TransactWriteItem.builder().put(put.build()).build();
    }

    private static TransactWriteItem create(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(LEADS).item(item)
                .conditionExpression("attribute_not_exists(leadId)").build()).build();
    }

    private static Map<String, AttributeValue> item(Map<String, AttributeValue> template, String leadId, long version) {
        Map<String, AttributeValue> item = new HashMap<>(template);
        item.put(KEY, AttributeValue.fromS(leadId));
        item.put("version", AttributeValue.fromN(Long.toString(version)));
        return item;
    }

    private void getLead(String leadId) {
        dynamo.getItem(r -> r.tableName(LEADS).key(Map.of(KEY, AttributeValue.fromS(leadId))).consistentRead(true));
    }

    private Message receiveOne() {
        for (int attempt = 0; attempt < 10; attempt++) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(handOffQueue).maxNumberOfMessages(1)
                    .waitTimeSeconds(1)).messages();
            if (!messages.isEmpty()) {
                return messages.get(0);
            }
        }
        throw new IllegalStateException("the floor's own message did not come back from SQS");
    }
}
