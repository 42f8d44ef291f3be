package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.config.Config;
import dev.leadrouter.json.AttributeValues;
import dev.leadrouter.json.Json;
import dev.leadrouter.store.LeadStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What the local stack provisions and how it delivers SQS messages, checked against whichever
 * DynamoDB and SQS a subclass runs it on.
 */
abstract class StackChecks {
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

    abstract LocalStack stack();

    private DynamoDbClient dynamo() {
        return stack().dynamoDb();
    }

    private SqsClient sqs() {
        return stack().sqs();
    }

    @Test
    void tablesHaveTheContractKeys() {
        Config config = stack().config();
        assertEquals(List.of("repId"), hashKey(describe(config.repsTable())));
        assertEquals(List.of("ruleId"), hashKey(describe(config.rulesTable())));
        assertEquals(List.of("domain"), hashKey(describe(config.accountsTable())));

        TableDescription leads = describe(config.leadsTable());
        assertEquals(List.of("leadId"), hashKey(leads));
        GlobalSecondaryIndexDescription byStatus = leads.globalSecondaryIndexes().stream()
                .filter(index -> index.indexName().equals(Provisioner.STATUS_INDEX)).findFirst().orElseThrow();
        assertEquals(List.of("statusShard:HASH", "dueAt:RANGE"),
                byStatus.keySchema().stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList());
        assertEquals(ProjectionType.INCLUDE, byStatus.projection().projectionType());
        assertEquals(Set.copyOf(LeadStore.DUE_ATTRIBUTES), Set.copyOf(byStatus.projection().nonKeyAttributes()));
        assertEquals(Map.of("statusShard", "S", "dueAt", "N", "leadId", "S", "receivedAt", "S",
                "assigneeRepId", "S", "email", "S", "externalId", "S"), leads.attributeDefinitions().stream()
                .collect(Collectors.toMap(a -> a.attributeName(), a -> a.attributeTypeAsString())));
        // The lead list's indexes: newest first by receivedAt, projecting only what the list shows.
        for (LeadStore.ListIndex list : LeadStore.ListIndex.values()) {
            GlobalSecondaryIndexDescription index = leads.globalSecondaryIndexes().stream()
                    .filter(candidate -> candidate.indexName().equals(list.indexName)).findFirst().orElseThrow();
            assertEquals(List.of(list.partitionKey + ":HASH", "receivedAt:RANGE"),
                    index.keySchema().stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList());
            assertEquals(ProjectionType.INCLUDE, index.projection().projectionType(), list.indexName);
        }

        var ttl = dynamo().describeTimeToLive(r -> r.tableName(config.leadsTable())).timeToLiveDescription();
        assertEquals(Provisioner.TTL_ATTRIBUTE, ttl.attributeName());
        assertTrue(Set.of(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING).contains(ttl.timeToLiveStatus()));
    }

    @Test
    void everyQueueRedrivesToItsDeadLetterTwinAfterFiveReceives() {
        for (Config.Queue queue : Config.Queue.values()) {
            String queueUrl = queueUrl(Config.queueName(queue));
            String dlqUrl = queueUrl(Config.dlqName(queue));
            Map<QueueAttributeName, String> attributes = sqs().getQueueAttributes(r -> r.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.REDRIVE_POLICY)).attributes();
            JsonNode redrive = Json.parse(attributes.get(QueueAttributeName.REDRIVE_POLICY));
            assertEquals(queueArn(dlqUrl), redrive.path("deadLetterTargetArn").asText(), queueUrl);
            assertEquals(Provisioner.MAX_RECEIVE_COUNT, redrive.path("maxReceiveCount").asInt(), queueUrl);
        }
        Config config = stack().config();
        assertEquals(List.of(queueUrl("lead-router-crm-import"), queueUrl("lead-router-crm-import-dlq"),
                        queueUrl("lead-router-qualification"), queueUrl("lead-router-qualification-dlq"),
                        queueUrl("lead-router-routing"), queueUrl("lead-router-routing-dlq"),
                        queueUrl("lead-router-assignments"), queueUrl("lead-router-nurture")),
                List.of(config.crmImportQueueUrl(), config.crmImportDlqUrl(),
                        config.qualificationQueueUrl(), config.qualificationDlqUrl(),
                        config.routingQueueUrl(), config.routingDlqUrl(),
                        config.assignmentsQueueUrl(), config.nurtureQueueUrl()));
    }

    @Test
    void sampleOrgIsLoaded() {
        Config config = stack().config();
        List<JsonNode> reps = scan(config.repsTable());
        assertTrue(reps.size() >= 8, "reps: " + reps.size());
        Set<String> teams = new HashSet<>();
        reps.forEach(rep -> rep.path("teams").forEach(team -> teams.add(team.asText())));
        assertTrue(teams.size() >= 3, "teams: " + teams);
        assertTrue(reps.stream().map(rep -> rep.path("timezone").asText()).distinct().count() >= 5);

        JsonNode settings = AttributeValues.fromItem(dynamo().getItem(r -> r.tableName(config.rulesTable())
                .key(Map.of("ruleId", AttributeValue.fromS("settings")))).item());
        assertEquals("SETTINGS", settings.path("stage").asText());
        assertEquals(60, settings.path("hotScore").asInt());
        assertEquals(30, settings.path("warmScore").asInt());
        String fallbackTeam = settings.path("fallbackTeam").asText();
        assertTrue(reps.stream().anyMatch(rep -> rep.path("active").asBoolean()
                        && rep.path("workingHours").isMissingNode()
                        && rep.path("teams").toString().contains("\"" + fallbackTeam + "\"")),
                "the fallback team needs a rep who works at any hour");

        List<JsonNode> rules = scan(config.rulesTable());
        assertTrue(rules.stream().anyMatch(rule -> rule.path("stage").asText().equals("QUALIFICATION")));
        assertTrue(rules.stream().filter(rule -> rule.path("stage").asText().equals("ROUTING")).count() >= 3);
        assertTrue(scan(config.accountsTable()).size() >= 3);
    }

    @Test
    void provisioningAndSeedingAgainChangeNothing() {
        Config again = new Provisioner(dynamo(), sqs(), LocalStack.VISIBILITY_TIMEOUT).provision();
        assertEquals(stack().config().qualificationQueueUrl(), again.qualificationQueueUrl());
        assertEquals(stack().config().crmImportDlqUrl(), again.crmImportDlqUrl());
        assertEquals(TableStatus.ACTIVE, describe(again.leadsTable()).tableStatus());
        assertFalse(SampleOrg.load().seedIfEmpty(dynamo(), again));
    }

    @Test
    void deliversMessagesAsSqsEventsAndDeletesThemOnSuccess() {
        String queueUrl = testQueue();
        List<SQSEvent.SQSMessage> received = new CopyOnWriteArrayList<>();
        try (var source = SqsEventSource.start(sqs(), queueUrl, new LambdaFunction<>("TestFunction", () -> (event, context) -> {
            received.addAll(event.getRecords());
            return new SQSBatchResponse(List.of());
        }), 2, Duration.ofSeconds(1))) {
            sqs().sendMessage(r -> r.queueUrl(queueUrl).messageBody("{\"hello\":\"world\"}")
                    .messageAttributes(Map.of("format", MessageAttributeValue.builder()
                            .dataType("String").stringValue("salesforce").build())));
            await(() -> received.size() == 1, "the message is delivered");
            SQSEvent.SQSMessage message = received.getFirst();
            assertEquals("{\"hello\":\"world\"}", message.getBody());
            assertEquals("aws:sqs", message.getEventSource());
            assertEquals(source.queueArn(), message.getEventSourceArn());
            assertTrue(message.getEventSourceArn().startsWith("arn:aws:sqs:us-east-1:000000000000:lead-router-test-"));
            assertEquals("us-east-1", message.getAwsRegion());
            assertNotNull(message.getMessageId());
            assertNotNull(message.getReceiptHandle());
            assertNotNull(message.getMd5OfBody());
            assertEquals("1", message.getAttributes().get("ApproximateReceiveCount"));
            assertNotNull(message.getAttributes().get("SentTimestamp"));
            assertEquals("salesforce", message.getMessageAttributes().get("format").getStringValue());
            assertEquals("String", message.getMessageAttributes().get("format").getDataType());
            await(() -> messagesIn(queueUrl) == 0, "the message is deleted");
            // A later message delivered, and the first not again: the poller went on past the deleted one.
            sqs().sendMessage(r -> r.queueUrl(queueUrl).messageBody("{\"later\":true}"));
            await(() -> received.size() >= 2, "a later message is delivered");
            assertEquals(List.of("{\"hello\":\"world\"}", "{\"later\":true}"),
                    received.stream().map(SQSEvent.SQSMessage::getBody).toList(), "a deleted message is not delivered again");
        }
    }

    @Test
    void retriesReportedFailuresAndMovesThemToTheDeadLetterQueueAfterFiveReceives() {
        String queueUrl = testQueue();
        String dlqUrl = queueUrl(queueName(queueUrl) + "-dlq");
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        try (var source = SqsEventSource.start(sqs(), queueUrl, new LambdaFunction<>("TestFunction", () -> (event, context) -> {
            List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
            for (SQSEvent.SQSMessage message : event.getRecords()) {
                deliveries.computeIfAbsent(message.getBody(), body -> new AtomicInteger()).incrementAndGet();
                if (message.getBody().equals("poison")) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                }
            }
            return new SQSBatchResponse(failures);
        }), 2, Duration.ofSeconds(1))) {
            sqs().sendMessage(r -> r.queueUrl(queueUrl).messageBody("poison"));
            sqs().sendMessage(r -> r.queueUrl(queueUrl).messageBody("fine"));
            await(() -> messagesIn(dlqUrl) == 1, "the failing message reaches the dead-letter queue");
            await(() -> messagesIn(queueUrl) == 0, "the queue is empty");
        }
        assertEquals(Provisioner.MAX_RECEIVE_COUNT, deliveries.get("poison").get());
        assertEquals(1, deliveries.get("fine").get());
        var inDlq = sqs().receiveMessage(r -> r.queueUrl(dlqUrl).waitTimeSeconds(1)).messages();
        assertEquals(List.of("poison"), inDlq.stream().map(m -> m.body()).toList());
    }

    @Test
    void redeliversTheWholeBatchWhenTheFunctionThrows() {
        String queueUrl = testQueue();
        AtomicInteger calls = new AtomicInteger();
        List<String> receiveCounts = new CopyOnWriteArrayList<>();
        try (var ignored = SqsEventSource.start(sqs(), queueUrl, new LambdaFunction<>("TestFunction", () -> (event, context) -> {
            event.getRecords().forEach(m -> receiveCounts.add(m.getAttributes().get("ApproximateReceiveCount")));
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("first call fails");
            }
            return null;
        }), 1, Duration.ofSeconds(1))) {
            sqs().sendMessage(r -> r.queueUrl(queueUrl).messageBody("again"));
            await(() -> messagesIn(queueUrl) == 0 && calls.get() >= 2, "the message is retried and then deleted");
        }
        assertEquals(List.of("1", "2"), receiveCounts);
    }

    /** A fresh queue with a dead-letter twin, so that tests do not see each other's messages. */
    private String testQueue() {
        return new Provisioner(dynamo(), sqs(), LocalStack.VISIBILITY_TIMEOUT)
                .queueWithDeadLetterQueue("lead-router-test-" + UUID.randomUUID().toString().substring(0, 8));
    }

    int messagesIn(String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs().getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }

    private String queueUrl(String name) {
        return sqs().getQueueUrl(r -> r.queueName(name)).queueUrl();
    }

    private String queueArn(String queueUrl) {
        return sqs().getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static String queueName(String queueUrl) {
        return queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
    }

    private TableDescription describe(String table) {
        return dynamo().describeTable(r -> r.tableName(table)).table();
    }

    private static List<String> hashKey(TableDescription table) {
        return table.keySchema().stream().filter(k -> k.keyType() == KeyType.HASH).map(KeySchemaElement::attributeName).toList();
    }

    private List<JsonNode> scan(String table) {
        return dynamo().scanPaginator(r -> r.tableName(table)).items().stream()
                .map(item -> (JsonNode) AttributeValues.fromItem(item)).toList();
    }

    static void await(BooleanSupplier condition, String what) {
        Awaitility.await(what).atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(condition::getAsBoolean);
    }
}
