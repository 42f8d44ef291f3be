package dev.leadrouter.local;

import dev.leadrouter.aws.AwsClients;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.cleanse.FreeMailDomains;
import dev.leadrouter.config.Config;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.domain.Source;
import dev.leadrouter.json.AttributeValues;
import dev.leadrouter.json.Json;
import dev.leadrouter.store.LeadStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * A local stack of one test class alone, without the sample org, so that the class can write exactly
 * the org it needs as plain DynamoDB items. Handlers a test calls directly get {@link #direct()}: the
 * stack's tables with private queues, which the stack's own consumers never read, so every message
 * such a handler sends stays where the test can count it.
 */
final class IsolatedStack implements AutoCloseable {

    private final LocalStack stack;
    private final Config direct;
    private final LeadStore leads;

    private IsolatedStack(LocalStack stack, Config direct) {
        this.stack = stack;
        this.direct = direct;
        this.leads = new LeadStore(stack.dynamoDb(), direct.leadsTable());
    }

    /** Started with a 1 s sweep and no rules cache, so that ops edits reach the stack's consumers at once. */
    static IsolatedStack start() {
        return start(0);
    }

    /** {@link #start()} with the stack's caches (rules, reps, accounts) kept for {@code cacheSeconds}. */
    static IsolatedStack start(int cacheSeconds) {
        LocalStack stack = LocalStack.start(StackExtension.freePorts().seed(false).sweepSeconds(1).rulesCacheSeconds(cacheSeconds));
        try {
            Provisioner provisioner = new Provisioner(stack.dynamoDb(), stack.sqs(), LocalStack.VISIBILITY_TIMEOUT);
            String prefix = "lead-router-direct-" + UUID.randomUUID().toString().substring(0, 8) + "-";
            String qualification = provisioner.queueWithDeadLetterQueue(prefix + "qualification");
            String routing = provisioner.queueWithDeadLetterQueue(prefix + "routing");
            Config c = stack.config();
            Config direct = new Config(c.leadsTable(), c.repsTable(), c.rulesTable(), c.accountsTable(),
                    c.crmImportQueueUrl(), c.crmImportDlqUrl(),
                    qualification, provisioner.queueUrl(prefix + "qualification-dlq"),
                    routing, provisioner.queueUrl(prefix + "routing-dlq"),
                    provisioner.queueWithDeadLetterQueue(prefix + "assignments"),
                    provisioner.queueWithDeadLetterQueue(prefix + "nurture"),
                    c.rulesCacheTtl(), c.stuckAfter(), null, null, null, null, c.metaGraphUrl(), c.handOff());
            return new IsolatedStack(stack, direct);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    DynamoDbClient dynamo() {
        return stack.dynamoDb();
    }

    SqsClient sqs() {
        return stack.sqs();
    }

    /** A DynamoDB client of the stack's that signs as {@code accessKeyId}, so its calls can be counted apart. */
    DynamoDbClient dynamoSignedAs(String accessKeyId) {
        return AwsClients.dynamoDb(Map.of("DYNAMODB_ENDPOINT", stack.dynamoDbEndpoint().toString()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "local")));
    }

    /** Names and queues the stack's own functions use. */
    Config config() {
        return stack.config();
    }

    /** An HS256 JWT the stack's API accepts, with {@code claims} and an hour to live unless they say otherwise. */
    String token(Map<String, ?> claims) {
        Map<String, Object> all = new java.util.LinkedHashMap<>(Map.of("exp", Instant.now().getEpochSecond() + 3600));
        all.putAll(claims);
        return new Hs256Jwt(stack.jwtSecret(), Clock.systemUTC()).sign(all);
    }

    /** {@code method} on {@code path} with {@code body} (null: none) and bearer {@code token} (null: none). */
    HttpResponse<String> call(String method, String path, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
                .timeout(Duration.ofSeconds(30));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(request);
    }

    String apiToken() {
        return stack.apiToken();
    }

    String jwtSecret() {
        return stack.jwtSecret();
    }

    /** The stack's own HTTP API, as clients call it. */
    ApiClient api() {
        return ApiClient.of(stack);
    }

    URI dynamoDbEndpoint() {
        return stack.dynamoDbEndpoint();
    }

    /** The stack's tables with private queues, for handlers constructed by the test. */
    Config direct() {
        return direct;
    }

    LeadStore leads() {
        return leads;
    }

    /** Writes an ops item as it would be typed into the console: plain JSON types. */
    void put(String table, String json) {
        dynamo().putItem(r -> r.tableName(table).item(AttributeValues.toItem(Json.parse(json))));
    }

    void putRep(String json) {
        put(direct.repsTable(), json);
    }

    void putRule(String json) {
        put(direct.rulesTable(), json);
    }

    /**
     * Every lead qualified (hot and warm scores 0) and routed round robin to {@code team}: reps {@code r-<team>-0}
     * and on, each taking up to 1,000 leads; SLA 600 s, parked leads tried again hourly.
     */
    void roundRobinOrg(String team, int reps) {
        putRule("""
                {"ruleId": "settings", "stage": "SETTINGS", "hotScore": 0, "warmScore": 0,
                 "slaSeconds": 600, "parkRetrySeconds": 3600}""");
        putRule("""
                {"ruleId": "everyone", "stage": "ROUTING", "priority": 10, "enabled": true, "conditions": [],
                 "team": "%s", "strategy": "ROUND_ROBIN"}""".formatted(team));
        for (int i = 0; i < reps; i++) {
            putRep("""
                    {"repId": "r-%s-%d", "name": "Rep %d", "email": "rep%d@example.com", "teams": ["%s"],
                     "active": true, "capacity": 1000, "openLeads": 0, "weight": 1, "timezone": "UTC"}"""
                    .formatted(team, i, i, i, team));
        }
    }

    /** The open leads of the reps of {@link #roundRobinOrg}, summed. */
    int openLeads(String team, int reps) {
        return IntStream.range(0, reps).map(i -> rep("r-" + team + "-" + i).path("openLeads").asInt()).sum();
    }

    void putAccount(String json) {
        put(direct.accountsTable(), json);
    }

    ObjectNode rep(String repId) {
        return item(direct.repsTable(), Map.of("repId", AttributeValue.fromS(repId)));
    }

    Lead lead(String leadId) {
        return leads.get(leadId).orElseThrow(() -> new AssertionError("no lead " + leadId));
    }

    /** A new lead in {@code status}, as intake or qualification would have stored it, written through the lead store. */
    Lead newLead(String status, String email, Map<String, String> attributes) {
        return newLead(status, email, attributes, Instant.now());
    }

    /** {@link #newLead(String, String, Map)} received at {@code receivedAt}. */
    Lead newLead(String status, String email, Map<String, String> attributes, Instant receivedAt) {
        Lead lead = new Lead();
        lead.leadId = UUID.randomUUID().toString();
        lead.status = LeadStatus.valueOf(status);
        lead.source = Source.WEB_FORM;
        lead.email = email;
        lead.emailDomain = email.substring(email.indexOf('@') + 1);
        lead.freeMail = FreeMailDomains.contains(lead.emailDomain);
        lead.company = "Company of " + email;
        lead.attributes.putAll(attributes);
        lead.receivedAt = receivedAt.toString();
        lead.updatedAt = lead.receivedAt;
        lead.addHistory(lead.receivedAt, status, "written by the test");
        return lead;
    }

    Lead store(Lead lead) {
        if (!leads.saveIfVersion(lead)) {
            throw new AssertionError("lead " + lead.leadId + " already exists");
        }
        return lead;
    }

    private ObjectNode item(String table, Map<String, AttributeValue> key) {
        var response = dynamo().getItem(r -> r.tableName(table).key(key).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            throw new AssertionError("no item " + key + " in " + table);
        }
        return AttributeValues.fromItem(response.item());
    }

    HttpResponse<String> getAuthenticated(String path) {
        return send(request(path).GET());
    }

    HttpResponse<String> postAuthenticated(String path, String json) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(stack.apiUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").header("authorization", "Bearer " + stack.apiToken());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        return ApiClient.send(request);
    }

    /** An SQS event of one record per body, as the Lambda service would deliver it. */
    static SQSEvent event(String... bodies) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (String body : bodies) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(UUID.randomUUID().toString());
            record.setReceiptHandle(UUID.randomUUID().toString());
            record.setBody(body);
            record.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            record.setMessageAttributes(Map.of());
            record.setEventSource("aws:sqs");
            record.setAwsRegion(LocalStack.REGION);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    static String routeMessage(String leadId) {
        return "{\"leadId\":\"" + leadId + "\",\"type\":\"ROUTE\"}";
    }

    /** Takes every message now in the queue (delayed ones excepted) off it. */
    List<Message> drain(String queueUrl) {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (batch.isEmpty()) {
                return all;
            }
            for (Message message : batch) {
                sqs().deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
            all.addAll(batch);
        }
    }

    /** Bodies of {@link #drain}, parsed. */
    List<JsonNode> drainBodies(String queueUrl) {
        return drain(queueUrl).stream().map(message -> Json.parse(message.body())).toList();
    }

    @Override
    public void close() {
        stack.close();
    }
}
