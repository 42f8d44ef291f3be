package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.json.Json;
import dev.leadrouter.local.template.CloudFormationYaml;
import dev.leadrouter.local.template.LocalResources;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The local stack cannot drift from template.yaml: the same functions, HTTP routes (method, path, public or
 * behind the authorizer, which function), queue consumers and schedules, and the same tables (keys, attribute
 * types, GSIs, TTL) and queues (dead-letter queue, maxReceiveCount) as the template declares, nothing more, and
 * event sources that batch and retry as the template's mappings do.
 */
@Tag("integration")
@ExtendWith(StackExtension.class)
class TemplateDriftIT {
    private static final Path TEMPLATE = Path.of("../template.yaml");

    private static Map<String, Object> resources;
    private static LocalStack stack;

    @BeforeAll
    static void load(LocalStack shared) throws IOException {
        resources = map(CloudFormationYaml.load(TEMPLATE).get("Resources"));
        stack = shared;
    }

    @Test
    void sameFunctions() {
        assertEquals(new TreeSet<>(ofType("AWS::Serverless::Function").keySet()), new TreeSet<>(stack.shape().functions()));
    }

    @Test
    void sameRoutesWithTheSameAuthorizationAndFunction() {
        Map<String, StackShape.Route> template = new TreeMap<>();
        events("HttpApi").forEach(event -> {
            Object authorizer = map(event.properties().getOrDefault("Auth", Map.of())).get("Authorizer");
            template.put(event.properties().get("Method") + " " + event.properties().get("Path"),
                    new StackShape.Route(event.function(), !"NONE".equals(authorizer)));
        });
        assertEquals(template, new TreeMap<>(stack.shape().routes()));
    }

    @Test
    void sameQueueConsumersAndSchedules() {
        Map<String, String> template = new TreeMap<>();
        mappings(false).forEach((source, function) -> template.put(queueName(source), function));
        events("SQS").forEach(event -> template.put(
                queueName(getAttTarget(event.properties().get("Queue"))), event.function()));
        assertEquals(template, new TreeMap<>(stack.shape().consumerOfQueue()));
        assertEquals(new TreeSet<>(events("Schedule").stream().map(Event::function).toList()),
                new TreeSet<>(stack.shape().scheduled()));
    }

    @Test
    void sameStreamConsumers() {
        Map<String, String> template = new TreeMap<>();
        mappings(true).forEach((table, function) -> template.put(name(map(resources.get(table)), "TableName"), function));
        assertEquals(template, new TreeMap<>(stack.shape().consumerOfStream()));
    }

    /**
     * The event sources gather and retry as their mappings do: a stream's batch size, batching window, retries and
     * starting position are DynamoDbStreamEventSource's; a queue's batch size is SqsEventSource's, which invokes
     * with what a receive returned (no batching window).
     */
    @Test
    void sameBatchingAndRetries() {
        Map<String, Map<String, Object>> streams = mappingProperties(true);
        assertTrue(!streams.isEmpty(), "no stream event source mapping");
        streams.forEach((id, props) -> {
            assertEquals(String.valueOf(DynamoDbStreamEventSource.BATCH_SIZE), String.valueOf(props.get("BatchSize")), id);
            assertEquals(String.valueOf(DynamoDbStreamEventSource.BATCHING_WINDOW.toSeconds()),
                    String.valueOf(props.get("MaximumBatchingWindowInSeconds")), id);
            assertEquals(String.valueOf(DynamoDbStreamEventSource.MAX_RETRIES),
                    String.valueOf(props.get("MaximumRetryAttempts")), id);
            assertEquals("TRIM_HORIZON", props.get("StartingPosition"), id);
        });
        mappingProperties(false).forEach((id, props) -> {
            assertEquals(String.valueOf(SqsEventSource.BATCH_SIZE), String.valueOf(props.get("BatchSize")), id);
            assertEquals("0", String.valueOf(props.getOrDefault("MaximumBatchingWindowInSeconds", 0)), id);
        });
    }

    /** The event source mappings on queues ({@code streams} false) or on table streams: source's logical id to function. */
    private static Map<String, String> mappings(boolean streams) {
        Map<String, String> mappings = new TreeMap<>();
        mappingProperties(streams).values().forEach(props -> {
            String alias = (String) map(props.get("FunctionName")).get("Ref");
            mappings.put(getAttTarget(props.get("EventSourceArn")), alias.replaceFirst("\\.Alias$", ""));
        });
        return mappings;
    }

    /** The properties of the event source mappings on queues ({@code streams} false) or on table streams, by logical id. */
    private static Map<String, Map<String, Object>> mappingProperties(boolean streams) {
        Map<String, Map<String, Object>> mappings = new TreeMap<>();
        ofType("AWS::Lambda::EventSourceMapping").forEach((id, mapping) -> {
            Map<String, Object> props = map(mapping.get("Properties"));
            Object target = map(props.get("EventSourceArn")).get("Fn::GetAtt");
            String attribute = target instanceof String s ? s.split("\\.", 2)[1] : (String) ((List<?>) target).get(1);
            if (attribute.equals("StreamArn") == streams) {
                mappings.put(id, props);
            }
        });
        return mappings;
    }

    @Test
    void sameTablesKeysIndexesAndTimeToLive() {
        Map<String, Map<String, Object>> tables = ofType("AWS::DynamoDB::Table");
        assertEquals(new TreeSet<>(tables.values().stream().map(t -> name(t, "TableName")).toList()),
                new TreeSet<>(stack.shape().tables()), "tables");
        tables.forEach((id, table) -> {
            Map<String, Object> props = map(table.get("Properties"));
            String name = name(table, "TableName");
            TableDescription local = stack.dynamoDb().describeTable(r -> r.tableName(name)).table();
            assertEquals(keys(props.get("KeySchema")), keys(local.keySchema()), id + " key schema");
            Map<Object, Object> templateAttributes = new TreeMap<>();
            list(props.get("AttributeDefinitions")).stream().map(TemplateDriftIT::map)
                    .forEach(a -> templateAttributes.put(a.get("AttributeName"), a.get("AttributeType")));
            Map<Object, Object> localAttributes = new TreeMap<>();
            local.attributeDefinitions().forEach(a -> localAttributes.put(a.attributeName(), a.attributeTypeAsString()));
            assertEquals(templateAttributes, localAttributes, id + " attribute definitions");
            Map<String, String> templateIndexes = new TreeMap<>();
            list(props.get("GlobalSecondaryIndexes")).stream().map(TemplateDriftIT::map).forEach(index ->
                    templateIndexes.put((String) index.get("IndexName"), keys(index.get("KeySchema")) + " "
                            + map(index.get("Projection")).get("ProjectionType") + " "
                            + new java.util.TreeSet<>(list(map(index.get("Projection")).get("NonKeyAttributes")))));
            Map<String, String> localIndexes = new TreeMap<>();
            if (local.hasGlobalSecondaryIndexes()) {
                local.globalSecondaryIndexes().forEach(index -> localIndexes.put(index.indexName(),
                        keys(index.keySchema()) + " " + index.projection().projectionTypeAsString() + " "
                                + new java.util.TreeSet<Object>(index.projection().nonKeyAttributes())));
            }
            assertEquals(templateIndexes, localIndexes, id + " global secondary indexes");
            Object ttl = props.get("TimeToLiveSpecification");
            var localTtl = stack.dynamoDb().describeTimeToLive(r -> r.tableName(name)).timeToLiveDescription();
            assertEquals(ttl == null ? null : map(ttl).get("AttributeName"), localTtl.attributeName(), id + " TTL");
            Object stream = props.get("StreamSpecification");
            assertEquals(stream == null ? null : map(stream).get("StreamViewType"), local.streamSpecification() == null
                    || !Boolean.TRUE.equals(local.streamSpecification().streamEnabled()) ? null
                    : local.streamSpecification().streamViewTypeAsString(), id + " stream");
        });
    }

    @Test
    void sameQueuesAndDeadLetterQueues() {
        Map<String, Map<String, Object>> queues = ofType("AWS::SQS::Queue");
        Map<String, String> template = new TreeMap<>();
        queues.forEach((id, queue) -> {
            Object redrive = map(queue.get("Properties")).get("RedrivePolicy");
            template.put(name(queue, "QueueName"), redrive == null ? "no DLQ"
                    : queueName(getAttTarget(map(redrive).get("deadLetterTargetArn"))) + " after "
                            + map(redrive).get("maxReceiveCount"));
        });
        Map<String, String> local = new TreeMap<>();
        stack.shape().queues().forEach(name -> {
            String url = stack.sqs().getQueueUrl(r -> r.queueName(name)).queueUrl();
            String redrive = stack.sqs().getQueueAttributes(r -> r.queueUrl(url)
                    .attributeNames(QueueAttributeName.REDRIVE_POLICY)).attributes().get(QueueAttributeName.REDRIVE_POLICY);
            String description = "no DLQ";
            if (redrive != null) {
                JsonNode policy = Json.parse(redrive);
                String arn = policy.path("deadLetterTargetArn").asText();
                description = arn.substring(arn.lastIndexOf(':') + 1) + " after " + policy.path("maxReceiveCount").asText();
            }
            local.put(name, description);
        });
        assertEquals(template, local);
    }

    // ------------------------------------------------------------------ template access

    /** One event of a function: its type's properties. */
    private record Event(String function, Map<String, Object> properties) {
    }

    private static List<Event> events(String type) {
        return ofType("AWS::Serverless::Function").entrySet().stream()
                .flatMap(function -> map(map(function.getValue().get("Properties")).getOrDefault("Events", Map.of()))
                        .values().stream().map(TemplateDriftIT::map)
                        .filter(event -> type.equals(event.get("Type")))
                        .map(event -> new Event(function.getKey(), map(event.getOrDefault("Properties", Map.of())))))
                .toList();
    }

    private static Map<String, Map<String, Object>> ofType(String type) {
        Map<String, Map<String, Object>> matching = new TreeMap<>();
        resources.forEach((id, resource) -> {
            if (type.equals(map(resource).get("Type"))) {
                matching.put(id, map(resource));
            }
        });
        return matching;
    }

    /** The resource's name property ({@code !Sub ${AWS::StackName}-leads}) as the local stack names it. */
    private static String name(Map<String, Object> resource, String property) {
        Object value = map(resource.get("Properties")).get(property);
        Object sub = value instanceof Map<?, ?> intrinsic ? intrinsic.get("Fn::Sub") : value;
        assertTrue(sub instanceof String, property + " must be a plain !Sub: " + value);
        return ((String) sub).replace("${AWS::StackName}", LocalResources.STACK_NAME);
    }

    private static String queueName(String logicalId) {
        return name(map(resources.get(logicalId)), "QueueName");
    }

    /** X of {@code !GetAtt X.Arn}. */
    private static String getAttTarget(Object value) {
        Object target = map(value).get("Fn::GetAtt");
        return target instanceof String s ? s.split("\\.", 2)[0] : (String) ((List<?>) target).getFirst();
    }

    private static String keys(Object keySchema) {
        return list(keySchema).stream().map(TemplateDriftIT::map)
                .map(k -> k.get("AttributeName") + ":" + k.get("KeyType")).toList().toString();
    }

    private static String keys(List<KeySchemaElement> keySchema) {
        return keySchema.stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList().toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertTrue(value instanceof Map, "expected a mapping but found " + value);
        return (Map<String, Object>) value;
    }

    private static List<Object> list(Object value) {
        return value == null ? List.of() : ((List<?>) value).stream().map(Object.class::cast).toList();
    }
}
