package dev.leadrouter.local;

import dev.leadrouter.config.Config;
import dev.leadrouter.json.Json;
import dev.leadrouter.store.LeadStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Creates the tables and queues of template.yaml, by the local names of CONTRACT.md, "2. Local stack", where
 * they are missing, against any DynamoDB and SQS endpoint, and leaves existing ones as they are.
 * TemplateDriftIT keeps them alike.
 */
public final class Provisioner {
    public static final String STATUS_INDEX = LeadStore.STATUS_INDEX;
    public static final String TTL_ATTRIBUTE = "expiresAt";
    public static final int MAX_RECEIVE_COUNT = 5;
    private static final Duration DLQ_RETENTION = Duration.ofDays(14);
    private static final Duration INDEX_BUILD_TIMEOUT = Duration.ofMinutes(30);

    private final DynamoDbClient dynamo;
    private final SqsClient sqs;
    private final Duration visibilityTimeout;

    /** {@code visibilityTimeout}: how long a received message stays hidden before it is delivered again. */
    public Provisioner(DynamoDbClient dynamo, SqsClient sqs, Duration visibilityTimeout) {
        this.dynamo = dynamo;
        this.sqs = sqs;
        this.visibilityTimeout = visibilityTimeout;
    }

    /** Creates what is missing, waits until every table is ACTIVE and returns the local names with the real queue URLs. */
    public Config provision() {
        Map<String, String> queueUrls = new HashMap<>();
        for (Config.Queue queue : Config.Queue.values()) {
            queueUrls.put(Config.queueName(queue), queueWithDeadLetterQueue(Config.queueName(queue)));
            queueUrls.put(Config.dlqName(queue), queueUrl(Config.dlqName(queue)));
        }
        Config config = Config.local(queueUrls::get);
        createLeadsTable(config.leadsTable());
        createKeyValueTable(config.repsTable(), "repId");
        createKeyValueTable(config.rulesTable(), "ruleId");
        createKeyValueTable(config.accountsTable(), "domain");
        for (String table : tables(config)) {
            dynamo.waiter().waitUntilTableExists(r -> r.tableName(table));
        }
        enableTimeToLive(config.leadsTable());
        return config;
    }

    /** The tables {@link #provision} makes sure of. */
    public static List<String> tables(Config config) {
        return List.of(config.leadsTable(), config.repsTable(), config.rulesTable(), config.accountsTable());
    }

    /** The queues {@link #provision} makes sure of, each main queue followed by its dead-letter queue. */
    public static List<String> queues() {
        List<String> names = new ArrayList<>();
        for (Config.Queue queue : Config.Queue.values()) {
            names.add(Config.queueName(queue));
            names.add(Config.dlqName(queue));
        }
        return names;
    }

    /**
     * Makes sure queue {@code name} and its "-dlq" twin exist, the queue redriving to the twin after
     * {@value #MAX_RECEIVE_COUNT} receives; returns the queue's URL.
     */
    public String queueWithDeadLetterQueue(String name) {
        String dlqUrl = queueUrlOrCreate(name + "-dlq", Map.of(
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, Long.toString(DLQ_RETENTION.toSeconds())));
        String redrivePolicy = Json.write(Map.of(
                "deadLetterTargetArn", queueArn(dlqUrl),
                "maxReceiveCount", Integer.toString(MAX_RECEIVE_COUNT)));
        return queueUrlOrCreate(name, Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibilityTimeout.toSeconds()),
                QueueAttributeName.REDRIVE_POLICY, redrivePolicy));
    }

    public String queueUrl(String name) {
        return sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
    }

    public String queueArn(String queueUrl) {
        return sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private String queueUrlOrCreate(String name, Map<QueueAttributeName, String> attributes) {
        try {
            return queueUrl(name);
        } catch (QueueDoesNotExistException missing) {
            return sqs.createQueue(r -> r.queueName(name).attributes(attributes)).queueUrl();
        }
    }

    /**
     * Creates a leads table (key, status index and lead list indexes as the pipeline and API need them)
     * unless it exists; a table made before the list indexes existed gets them added.
     */
    public void createLeadsTable(String table) {
        if (exists(table)) {
            addMissingListIndexes(table);
            return;
        }
        List<AttributeDefinition> attributes = new java.util.ArrayList<>(List.of(
                attribute("leadId", ScalarAttributeType.S),
                attribute(LeadStore.STATUS_SHARD, ScalarAttributeType.S),
                attribute("dueAt", ScalarAttributeType.N),
                attribute(LeadStore.ListIndex.SORT_KEY, ScalarAttributeType.S)));
        List<GlobalSecondaryIndex> indexes = new java.util.ArrayList<>(List.of(statusIndex()));
        for (LeadStore.ListIndex index : LeadStore.ListIndex.values()) {
            if (!index.partitionKey.equals(LeadStore.STATUS_SHARD)) {
                attributes.add(attribute(index.partitionKey, ScalarAttributeType.S));
            }
            indexes.add(listIndex(index));
        }
        dynamo.createTable(r -> r.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attributes)
                .keySchema(key("leadId", KeyType.HASH))
                .globalSecondaryIndexes(indexes));
    }

    private boolean hasIndex(String table, String indexName) {
        var description = dynamo.describeTable(r -> r.tableName(table)).table();
        return description.hasGlobalSecondaryIndexes() && description.globalSecondaryIndexes().stream()
                .anyMatch(existing -> existing.indexName().equals(indexName));
    }

    private static GlobalSecondaryIndex statusIndex() {
        return GlobalSecondaryIndex.builder()
                .indexName(STATUS_INDEX)
                .keySchema(key(LeadStore.STATUS_SHARD, KeyType.HASH), key("dueAt", KeyType.RANGE))
                .projection(Projection.builder().projectionType(ProjectionType.INCLUDE)
                        .nonKeyAttributes(LeadStore.DUE_ATTRIBUTES).build())
                .build();
    }

    private static GlobalSecondaryIndex listIndex(LeadStore.ListIndex index) {
        return GlobalSecondaryIndex.builder()
                .indexName(index.indexName)
                .keySchema(key(index.partitionKey, KeyType.HASH), key(LeadStore.ListIndex.SORT_KEY, KeyType.RANGE))
                .projection(Projection.builder().projectionType(ProjectionType.INCLUDE)
                        .nonKeyAttributes(index.projected()).build())
                .build();
    }

    /**
     * Adds the status and lead list indexes a table kept from an older version lacks, one at a time as
     * DynamoDB requires.
     */
    private void addMissingListIndexes(String table) {
        if (!hasIndex(table, STATUS_INDEX)) {
            GlobalSecondaryIndex status = statusIndex();
            dynamo.updateTable(r -> r.tableName(table)
                    .attributeDefinitions(attribute(LeadStore.STATUS_SHARD, ScalarAttributeType.S),
                            attribute("dueAt", ScalarAttributeType.N))
                    .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName(status.indexName())
                            .keySchema(status.keySchema()).projection(status.projection()))));
            awaitIndexesActive(table);
        }
        for (LeadStore.ListIndex index : LeadStore.ListIndex.values()) {
            if (hasIndex(table, index.indexName)) {
                continue;
            }
            dynamo.updateTable(r -> r.tableName(table)
                    .attributeDefinitions(attribute(index.partitionKey, ScalarAttributeType.S),
                            attribute(LeadStore.ListIndex.SORT_KEY, ScalarAttributeType.S))
                    .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName(index.indexName)
                            .keySchema(key(index.partitionKey, KeyType.HASH),
                                    key(LeadStore.ListIndex.SORT_KEY, KeyType.RANGE))
                            .projection(listIndex(index).projection()))));
            awaitIndexesActive(table);
        }
    }

    /** Waits until the table's indexes are built: DynamoDB creates only one at a time. */
    private void awaitIndexesActive(String table) {
        long deadline = System.nanoTime() + INDEX_BUILD_TIMEOUT.toNanos();
        while (true) {
            var description = dynamo.describeTable(r -> r.tableName(table)).table();
            boolean active = description.tableStatus() == TableStatus.ACTIVE && description.globalSecondaryIndexes()
                    .stream().allMatch(index -> index.indexStatus() == IndexStatus.ACTIVE);
            if (active) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("indexes of " + table + " not built within " + INDEX_BUILD_TIMEOUT);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** Creates a table keyed by the string {@code keyAttribute} unless it exists. */
    public void createKeyValueTable(String table, String keyAttribute) {
        if (exists(table)) {
            return;
        }
        dynamo.createTable(r -> r.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute(keyAttribute, ScalarAttributeType.S))
                .keySchema(key(keyAttribute, KeyType.HASH)));
    }

    private void enableTimeToLive(String table) {
        TimeToLiveStatus status = dynamo.describeTimeToLive(r -> r.tableName(table))
                .timeToLiveDescription().timeToLiveStatus();
        if (status != TimeToLiveStatus.ENABLED && status != TimeToLiveStatus.ENABLING) {
            dynamo.updateTimeToLive(r -> r.tableName(table)
                    .timeToLiveSpecification(s -> s.attributeName(TTL_ATTRIBUTE).enabled(true)));
        }
    }

    private boolean exists(String table) {
        try {
            dynamo.describeTable(r -> r.tableName(table));
            return true;
        } catch (ResourceNotFoundException missing) {
            return false;
        }
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
