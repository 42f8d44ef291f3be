package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.leadrouter.local.template.CloudFormationYaml;
import dev.leadrouter.routing.LeadRouter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guards the deployment template: least-privilege IAM per function, dead-letter queues and alarms,
 * batch failure reporting, table durability and which HTTP routes are public.
 */
class TemplatePolicyTest {

    private static final Path TEMPLATE = Path.of("../template.yaml");

    private static final String LEADS = "LeadsTable";
    private static final String REPS = "RepsTable";
    private static final String RULES = "RulesTable";
    private static final String ACCOUNTS = "AccountsTable";

    private static final Map<String, String> PUBLIC_ROUTES = Map.of(
            "POST /leads", "IntakeFunction",
            "GET /health", "IntakeFunction",
            "POST /webhooks/hubspot", "IntakeFunction",
            "POST /webhooks/google-ads", "IntakeFunction",
            "POST /webhooks/meta", "IntakeFunction",
            "GET /webhooks/meta", "IntakeFunction",
            "GET /links/{token}", "LeadApiFunction",
            "POST /links/{token}", "LeadApiFunction");

    private static final Map<String, String> AUTHENTICATED_ROUTES = Map.ofEntries(
            Map.entry("GET /leads/{leadId}", "LeadApiFunction"),
            Map.entry("POST /leads/{leadId}/accept", "LeadApiFunction"),
            Map.entry("POST /leads/{leadId}/close", "LeadApiFunction"),
            Map.entry("POST /routing/simulate", "LeadApiFunction"),
            Map.entry("GET /rules/validation", "LeadApiFunction"),
            Map.entry("GET /reps/validation", "LeadApiFunction"),
            Map.entry("GET /stats", "LeadApiFunction"),
            Map.entry("GET /leads", "LeadApiFunction"),
            Map.entry("POST /leads/{leadId}/decline", "LeadApiFunction"),
            Map.entry("POST /leads/{leadId}/reassign", "LeadApiFunction"),
            Map.entry("POST /reps/{repId}/offboard", "LeadApiFunction"));

    private static final int DLQ_RETENTION_SECONDS = 14 * 24 * 3600;

    private static Map<String, Object> template;

    @BeforeAll
    static void loadTemplate() throws IOException {
        template = CloudFormationYaml.load(TEMPLATE);
    }

    @Test
    void globalsRunJava21() {
        Map<String, Object> globals = map(map(template.get("Globals")).get("Function"));
        assertEquals("java21", globals.get("Runtime"), "Globals.Function.Runtime");
        resourcesOfType("AWS::Serverless::Function").forEach((name, function) ->
                assertEquals("java21", properties(function).getOrDefault("Runtime", "java21"),
                        name + " overrides the runtime"));
    }

    @Test
    void everyFunctionHasItsOwnGeneratedRole() {
        // What each role grants is checked against the calls the functions make: LeastPrivilegeTest.
        resourcesOfType("AWS::Serverless::Function").forEach((name, function) ->
                assertFalse(properties(function).containsKey("Role"), name + " must use its generated, scoped role"));
    }

    @Test
    void everyFunctionLogsToItsOwnRetainedLogGroupAndAlarmsOnErrorsAndThrottles() {
        Set<String> logGroups = new HashSet<>();
        Map<String, Set<String>> alarmedMetrics = new HashMap<>();
        resourcesOfType("AWS::CloudWatch::Alarm").values().forEach(alarm -> {
            Map<String, Object> props = properties(alarm);
            if ("AWS/Lambda".equals(props.get("Namespace"))) {
                list(props.get("Dimensions")).forEach(dimension -> alarmedMetrics
                        .computeIfAbsent(String.valueOf(map(map(dimension).get("Value")).get("Ref")), f -> new HashSet<>())
                        .add(String.valueOf(props.get("MetricName"))));
            }
        });
        resourcesOfType("AWS::Serverless::Function").forEach((name, function) -> {
            Object group = map(properties(function).getOrDefault("LoggingConfig", Map.of())).get("LogGroup");
            assertTrue(group instanceof Map<?, ?> ref && ref.get("Ref") instanceof String,
                    name + " needs LoggingConfig.LogGroup: !Ref <its log group>");
            String logGroup = (String) map(group).get("Ref");
            assertTrue(logGroups.add(logGroup), name + " shares log group " + logGroup);
            assertEquals("AWS::Logs::LogGroup", resource(logGroup).get("Type"), logGroup);
            assertNotNull(properties(resource(logGroup)).get("RetentionInDays"), logGroup + " needs a retention");
            assertTrue(alarmedMetrics.getOrDefault(name, Set.of()).containsAll(Set.of("Errors", "Throttles")),
                    name + " needs alarms on Errors and Throttles");
        });
    }

    @Test
    void queueConsumersReportBatchItemFailuresAndOutlastTheirConsumer() {
        resourcesOfType("AWS::Serverless::Function").forEach((name, function) ->
                map(properties(function).getOrDefault("Events", Map.of())).forEach((event, definition) ->
                        assertNotEquals("SQS", map(definition).get("Type"), name + "." + event
                                + ": SAM SQS events attach AWSLambdaSQSQueueExecutionRole (any queue);"
                                + " declare an AWS::Lambda::EventSourceMapping instead")));

        Map<String, String> consumerOfQueue = new HashMap<>();
        resourcesOfType("AWS::Lambda::EventSourceMapping").forEach((name, mapping) -> {
            Map<String, Object> props = properties(mapping);
            String function = aliasTarget(props.get("FunctionName"));
            assertTrue(list(props.get("FunctionResponseTypes")).contains("ReportBatchItemFailures"),
                    name + " lacks ReportBatchItemFailures");
            if (isStreamMapping(props)) {
                // A stream is read in order: a record that keeps failing must not hold its shard up for good.
                assertEquals(true, props.get("BisectBatchOnFunctionError"), name + " BisectBatchOnFunctionError");
                assertTrue(props.containsKey("MaximumRetryAttempts"), name + " retries without end");
                assertNotNull(onFailureQueue(props), name + " has no on-failure destination");
                return;
            }
            String queue = getAttTarget(props.get("EventSourceArn"), "Arn");

            int visibility = integer(properties(resource(queue)).getOrDefault("VisibilityTimeout", 30));
            int timeout = timeoutOf(function);
            assertTrue(visibility >= 6 * timeout,
                    queue + " visibility timeout " + visibility + " s is under 6 x " + function + "'s " + timeout + " s");
            consumerOfQueue.put(queue, function);
        });

        assertEquals(new TreeSet<>(consumerOfQueue.values()).size(), consumerOfQueue.size(),
                "one consumer function per queue: " + consumerOfQueue);
    }

    private static boolean isStreamMapping(Map<String, Object> mappingProperties) {
        Object target = map(mappingProperties.get("EventSourceArn")).get("Fn::GetAtt");
        return String.valueOf(target instanceof List<?> parts ? parts.get(1) : target).endsWith("StreamArn");
    }

    /** The queue of a mapping's DestinationConfig.OnFailure; null without one. */
    private static String onFailureQueue(Map<String, Object> mappingProperties) {
        Object destination = map(map(mappingProperties.getOrDefault("DestinationConfig", Map.of()))
                .getOrDefault("OnFailure", Map.of())).get("Destination");
        return destination == null ? null : getAttTarget(destination, "Arn");
    }

    @Test
    void theFunctionsThatAssignLeadsEndWithinTheRoutersLongestHandling() {
        // An unmarked assignment younger than that is left to the handling that made it (LeadRouter).
        for (String function : List.of("RoutingFunction", "LeadApiFunction")) {
            assertTrue(timeoutOf(function) <= LeadRouter.LONGEST_HANDLING.toSeconds(),
                    function + "'s timeout " + timeoutOf(function) + " s exceeds " + LeadRouter.LONGEST_HANDLING);
        }
    }

    @Test
    void everyQueueHasADeadLetterQueueWithAnAlarm() {
        Map<String, Map<String, Object>> queues = resourcesOfType("AWS::SQS::Queue");
        Map<String, String> dlqOfQueue = new TreeMap<>();
        queues.forEach((name, queue) -> {
            Object redrive = properties(queue).get("RedrivePolicy");
            if (redrive != null) {
                assertEquals(5, integer(map(redrive).get("maxReceiveCount")), name + " maxReceiveCount");
                dlqOfQueue.put(name, getAttTarget(map(redrive).get("deadLetterTargetArn"), "Arn"));
            }
        });
        Set<String> dlqs = new TreeSet<>(dlqOfQueue.values());
        Set<String> mainQueues = new TreeSet<>(queues.keySet());
        mainQueues.removeAll(dlqs);
        resourcesOfType("AWS::Lambda::EventSourceMapping").values().stream().map(TemplatePolicyTest::properties)
                .filter(TemplatePolicyTest::isStreamMapping).forEach(props -> mainQueues.remove(onFailureQueue(props)));

        assertEquals(mainQueues, dlqOfQueue.keySet(), "every queue that is not a DLQ needs a RedrivePolicy");
        assertEquals(Set.of("CrmImportQueue", "QualificationQueue", "RoutingQueue", "AssignmentsQueue", "NurtureQueue",
                "NotificationsQueue"), mainQueues);
        assertEquals(mainQueues.size(), dlqs.size(), "each queue has its own DLQ");
        // The stream consumers' on-failure queues are dead-letter queues too.
        resourcesOfType("AWS::Lambda::EventSourceMapping").values().stream().map(TemplatePolicyTest::properties)
                .filter(TemplatePolicyTest::isStreamMapping).forEach(props -> dlqs.add(onFailureQueue(props)));
        mainQueues.removeAll(dlqs);

        Set<String> alarmedQueues = new HashSet<>();
        resourcesOfType("AWS::CloudWatch::Alarm").values().forEach(alarm -> {
            Map<String, Object> props = properties(alarm);
            if ("AWS/SQS".equals(props.get("Namespace"))
                    && "ApproximateNumberOfMessagesVisible".equals(props.get("MetricName"))
                    && "GreaterThanThreshold".equals(props.get("ComparisonOperator"))
                    && integer(props.get("Threshold")) == 0) {
                list(props.get("Dimensions")).forEach(dimension ->
                        alarmedQueues.add(getAttTarget(map(dimension).get("Value"), "QueueName")));
            }
        });
        for (String dlq : dlqs) {
            assertTrue(alarmedQueues.contains(dlq), dlq + " has no 'messages visible > 0' alarm");
            assertEquals(DLQ_RETENTION_SECONDS, integer(properties(resource(dlq)).get("MessageRetentionPeriod")),
                    dlq + " retention");
        }
    }

    @Test
    void tablesAreOnDemandWithPointInTimeRecovery() {
        Map<String, Map<String, Object>> tables = resourcesOfType("AWS::DynamoDB::Table");
        assertEquals(Set.of(LEADS, REPS, RULES, ACCOUNTS), tables.keySet());
        tables.forEach((name, table) -> {
            Map<String, Object> props = properties(table);
            assertEquals("PAY_PER_REQUEST", props.get("BillingMode"), name + " billing mode");
            assertEquals(true, map(props.get("PointInTimeRecoverySpecification")).get("PointInTimeRecoveryEnabled"),
                    name + " point-in-time recovery");
        });
    }

    @Test
    void onlyThePublicRoutesSkipTheAuthorizer() {
        Map<String, Object> api = properties(resource("HttpApi"));
        Map<String, Object> auth = map(api.get("Auth"));
        Object defaultAuthorizer = auth.get("DefaultAuthorizer");
        assertNotNull(defaultAuthorizer, "the HTTP API needs a default authorizer");
        assertTrue(map(auth.get("Authorizers")).containsKey(defaultAuthorizer), "default authorizer is defined");

        Map<String, String> routes = new TreeMap<>();
        resourcesOfType("AWS::Serverless::Function").forEach((function, resource) ->
                map(properties(resource).getOrDefault("Events", Map.of())).forEach((event, definition) -> {
                    if (!"HttpApi".equals(map(definition).get("Type"))) {
                        return;
                    }
                    Map<String, Object> props = map(map(definition).get("Properties"));
                    assertEquals(Map.of("Ref", "HttpApi"), props.get("ApiId"), function + "." + event + " API");
                    String route = props.get("Method") + " " + props.get("Path");
                    Object authorizer = map(props.getOrDefault("Auth", Map.of())).get("Authorizer");
                    if (PUBLIC_ROUTES.containsKey(route)) {
                        assertEquals("NONE", authorizer, route + " is public");
                    } else {
                        assertTrue(authorizer == null || authorizer.equals(defaultAuthorizer),
                                route + " must stay behind the authorizer");
                    }
                    routes.put(route, function);
                }));

        Map<String, String> expected = new TreeMap<>(PUBLIC_ROUTES);
        expected.putAll(AUTHENTICATED_ROUTES);
        assertEquals(expected, routes, "routes and their functions");
    }

    @Test
    void corsOriginsAreAParameterOfTheDeployment() {
        Map<String, Object> cors = map(properties(resource("HttpApi")).get("CorsConfiguration"));
        Object origins = cors.get("AllowOrigins");
        assertTrue(origins instanceof Map<?, ?> ref && ref.containsKey("Ref"),
                "AllowOrigins must reference a parameter, not be fixed in the template: " + origins);
        Map<String, Object> parameter = map(map(template.get("Parameters")).get(map(origins).get("Ref")));
        assertEquals("CommaDelimitedList", parameter.get("Type"), "one or more origins");
        assertFalse(String.valueOf(parameter.get("Default")).contains("*"), "no wildcard origin by default");
    }

    /** The logical id X of {@code !GetAtt X.attribute} (short or list form). */
    private static String getAttTarget(Object value, String attribute) {
        if (value instanceof Map<?, ?> intrinsic && intrinsic.containsKey("Fn::GetAtt")) {
            Object target = intrinsic.get("Fn::GetAtt");
            List<?> parts = target instanceof String s ? List.of(s.split("\\.", 2)) : (List<?>) target;
            assertEquals(attribute, parts.get(1), "attribute of " + value);
            String logicalId = (String) parts.get(0);
            assertNotNull(resources().get(logicalId), "no resource " + logicalId);
            return logicalId;
        }
        return fail("expected !GetAtt <resource>." + attribute + " but found " + value);
    }

    /** The function F of {@code !Ref F.Alias}, the alias SAM publishes for AutoPublishAlias. */
    private static String aliasTarget(Object value) {
        if (value instanceof Map<?, ?> intrinsic && intrinsic.get("Ref") instanceof String ref && ref.endsWith(".Alias")) {
            return ref.substring(0, ref.length() - ".Alias".length());
        }
        return fail("expected !Ref <function>.Alias but found " + value);
    }

    private static int timeoutOf(String function) {
        Object own = properties(resource(function)).get("Timeout");
        return integer(own != null ? own : map(map(template.get("Globals")).get("Function")).get("Timeout"));
    }

    // ------------------------------------------------------------------ template access

    private static Map<String, Object> resources() {
        return map(template.get("Resources"));
    }

    private static Map<String, Object> resource(String logicalId) {
        return map(resources().get(logicalId));
    }

    private static Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> matching = new LinkedHashMap<>();
        resources().forEach((name, resource) -> {
            if (type.equals(map(resource).get("Type"))) {
                matching.put(name, map(resource));
            }
        });
        return matching;
    }

    private static Map<String, Object> properties(Map<String, Object> resource) {
        return map(resource.getOrDefault("Properties", Map.of()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertTrue(value instanceof Map, "expected a mapping but found " + value);
        return (Map<String, Object>) value;
    }

    /** IAM and CloudFormation accept a single value where a list is expected. */
    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> values ? (List<Object>) values : List.of(value);
    }

    private static int integer(Object value) {
        return value instanceof Number number ? number.intValue() : Integer.parseInt(String.valueOf(value));
    }
}
