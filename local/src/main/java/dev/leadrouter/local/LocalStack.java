package dev.leadrouter.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.leadrouter.api.LeadApiHandler;
import dev.leadrouter.aws.AwsClients;
import dev.leadrouter.config.Config;
import dev.leadrouter.handoff.HandOffConfig;
import dev.leadrouter.intake.CrmImportHandler;
import dev.leadrouter.intake.IntakeApiHandler;
import dev.leadrouter.log.Log;
import dev.leadrouter.notification.NotificationHandler;
import dev.leadrouter.qualification.QualificationHandler;
import dev.leadrouter.routing.RoutingHandler;
import dev.leadrouter.routing.SweepHandler;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole system on one machine: DynamoDB and SQS (embedded or at given endpoints), tables and
 * queues provisioned, the Lambda handlers behind a local HTTP API, SQS event sources and the sweep
 * schedule. {@link #close()} stops everything in reverse order.
 */
public final class LocalStack implements AutoCloseable {
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";
    /** Long enough that a slow batch is not delivered twice; failed messages come back after the retry delay instead. */
    public static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(30);
    /** Where local notification emails come from. */
    public static final String LOCAL_SENDER_EMAIL = "lead-router@localhost";
    private static final Log LOG = Log.of(LocalStack.class);

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private URI dynamoDbEndpoint;
    private URI sqsEndpoint;
    private DynamoDbClient dynamo;
    private SqsClient sqs;
    private Config config;
    private HandOffConfig handOff;
    private String apiToken;
    private String jwtSecret;
    private boolean seeded;
    private HttpApiServer api;

    private LocalStack() {
    }

    public static LocalStack start(LocalStackOptions options) {
        LocalStack stack = new LocalStack();
        try {
            stack.startAll(options);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(LocalStackOptions options) {
        if (options.dynamoDbEndpoint() == null) {
            EmbeddedDynamoDb embedded = started(EmbeddedDynamoDb.start(options.dynamoDbPort(), options.dataDir()));
            dynamoDbEndpoint = embedded.endpoint();
        } else {
            dynamoDbEndpoint = URI.create(options.dynamoDbEndpoint());
        }
        if (options.sqsEndpoint() == null) {
            EmbeddedSqs embedded = started(EmbeddedSqs.start(options.sqsPort(), options.dataDir()));
            sqsEndpoint = embedded.endpoint();
        } else {
            sqsEndpoint = URI.create(options.sqsEndpoint());
        }
        Map<String, String> env = Map.of(
                "DYNAMODB_ENDPOINT", dynamoDbEndpoint.toString(),
                "SQS_ENDPOINT", sqsEndpoint.toString(),
                "AWS_REGION", REGION);
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        dynamo = started(AwsClients.dynamoDb(env, credentials));
        sqs = started(AwsClients.sqs(env, credentials));

        config = new Provisioner(dynamo, sqs, VISIBILITY_TIMEOUT).provision()
                .withRulesCacheTtl(Duration.ofSeconds(options.rulesCacheSeconds()))
                .withStuckAfter(Duration.ofSeconds(options.stuckAfterSeconds()))
                .withWebhookSecrets(options.googleAdsKey(), options.metaAppSecret(), options.metaVerifyToken(),
                        options.metaAccessToken(), options.metaGraphUrl());
        Provisioner queues = new Provisioner(dynamo, sqs, VISIBILITY_TIMEOUT);
        handOff = new HandOffConfig(queues.queueUrl(Config.queueName(Config.Queue.NOTIFICATIONS)),
                queues.queueUrl(Config.dlqName(Config.Queue.NOTIFICATIONS)),
                options.linkSecret() != null ? options.linkSecret() : randomToken(), null, options.sesEndpoint(),
                LOCAL_SENDER_EMAIL,
                options.salesforceUrl(), options.salesforceToken(), options.hubspotUrl(), options.hubspotToken());
        seeded = options.seed() && SampleOrg.load().seedIfEmpty(dynamo, config);
        apiToken = options.apiToken() != null ? options.apiToken() : randomToken();
        jwtSecret = options.jwtSecret() != null ? options.jwtSecret() : randomToken();

        if (options.handlerClients() == null) {
            startFunctions(options, dynamo, sqs);
        } else {
            var overrides = ClientOverrideConfiguration.builder();
            options.handlerClients().accept(overrides);
            startFunctions(options, started(AwsClients.dynamoDb(env, credentials, overrides.build())),
                    started(AwsClients.sqs(env, credentials, overrides.build())));
        }
    }

    /** The Lambda handlers, given {@code dynamo} and {@code sqs}, behind their event sources and the HTTP API. */
    private void startFunctions(LocalStackOptions options, DynamoDbClient dynamo, SqsClient sqs) {
        Clock clock = Clock.systemUTC();
        Duration retryDelay = Duration.ofSeconds(options.retryDelaySeconds());
        consume(config.crmImportQueueUrl(), new LambdaFunction<>("CrmImportFunction",
                () -> new CrmImportHandler(dynamo, sqs, config, clock)), options.pollers(), retryDelay);
        consume(config.qualificationQueueUrl(), new LambdaFunction<>("QualificationFunction",
                () -> new QualificationHandler(dynamo, sqs, config, clock)), options.pollers(), retryDelay);
        consume(config.routingQueueUrl(), new LambdaFunction<>("RoutingFunction",
                () -> new RoutingHandler(dynamo, sqs, config, handOff, clock)), options.pollers(), retryDelay);
        scheduleSweep(new LambdaFunction<>("SweepFunction", () -> new SweepHandler(dynamo, sqs, config, clock)),
                Duration.ofSeconds(options.sweepSeconds()));

        // Last: the API answers only once tables, queues and consumers are there.
        var intake = new LambdaFunction<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>("IntakeFunction",
                () -> new IntakeApiHandler(dynamo, sqs, config, clock));
        var leadApi = new LambdaFunction<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>("LeadApiFunction",
                () -> new LeadApiHandler(dynamo, sqs, config, handOff, clock));
        api = started(HttpApiServer.start(options.port(), apiToken, jwtSecret, List.of(
                new HttpApiServer.Route("POST", "/leads", false, intake),
                new HttpApiServer.Route("GET", "/health", false, intake),
                new HttpApiServer.Route("POST", "/webhooks/hubspot", false, intake),
                new HttpApiServer.Route("POST", "/webhooks/google-ads", false, intake),
                new HttpApiServer.Route("POST", "/webhooks/meta", false, intake),
                new HttpApiServer.Route("GET", "/webhooks/meta", false, intake),
                new HttpApiServer.Route("GET", "/leads/{leadId}", true, leadApi),
                new HttpApiServer.Route("POST", "/leads/{leadId}/accept", true, leadApi),
                new HttpApiServer.Route("POST", "/leads/{leadId}/close", true, leadApi),
                new HttpApiServer.Route("POST", "/routing/simulate", true, leadApi),
                new HttpApiServer.Route("GET", "/rules/validation", true, leadApi),
                new HttpApiServer.Route("GET", "/reps/validation", true, leadApi),
                new HttpApiServer.Route("GET", "/stats", true, leadApi),
                // Who may do what: lead list, decline, reassign, offboard.
                new HttpApiServer.Route("GET", "/leads", true, leadApi),
                new HttpApiServer.Route("POST", "/leads/{leadId}/decline", true, leadApi),
                new HttpApiServer.Route("POST", "/leads/{leadId}/reassign", true, leadApi),
                new HttpApiServer.Route("POST", "/reps/{repId}/offboard", true, leadApi),
                new HttpApiServer.Route("GET", "/links/{token}", false, leadApi),
                new HttpApiServer.Route("POST", "/links/{token}", false, leadApi))));
        startNotifications(options, dynamo, sqs, clock, retryDelay);
    }

    /** The notification function, once the API is up: its links point at the API's URL. */
    private void startNotifications(LocalStackOptions options, DynamoDbClient dynamo, SqsClient sqs, Clock clock,
                                    Duration retryDelay) {
        handOff = handOff.withPublicApiUrl(api.url().toString());
        SesV2Client ses = options.sesEndpoint() == null ? null : started(AwsClients.configured(SesV2Client.builder(),
                Map.of("SES_ENDPOINT", options.sesEndpoint(), "AWS_REGION", REGION),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")), "SES_ENDPOINT").build());
        HandOffConfig notificationConfig = handOff;
        consume(handOff.notificationsQueueUrl(), new LambdaFunction<>("NotificationFunction",
                () -> new NotificationHandler(dynamo, sqs, ses, config, notificationConfig, clock)), options.pollers(),
                retryDelay);
    }

    private void consume(String queueUrl, LambdaFunction<SQSEvent, SQSBatchResponse> function, int pollers,
                         Duration retryDelay) {
        started(SqsEventSource.start(sqs, queueUrl, function, pollers, retryDelay));
    }

    /** Runs the sweep like its EventBridge schedule would, each run after the previous one ends. */
    private void scheduleSweep(LambdaFunction<Map<String, Object>, Map<String, Object>> sweep, Duration every) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("sweep").factory());
        timer.scheduleWithFixedDelay(() -> {
            try {
                sweep.invoke(Map.of("source", "aws.events", "detail-type", "Scheduled Event",
                        "time", Instant.now().toString()));
            } catch (RuntimeException e) {
                LOG.error("sweep failed", e);
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        started(() -> {
            timer.shutdown();
            if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        });
    }

    private <T extends AutoCloseable> T started(T component) {
        running.push(component);
        return component;
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public URI apiUrl() {
        return api.url();
    }

    public int apiPort() {
        return api.port();
    }

    public URI dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    /** What the hand-off functions were given: notifications queue, link secret, SES and CRM endpoints. */
    public HandOffConfig handOffConfig() {
        return handOff;
    }

    /** Resource names and settings the functions were given. */
    public Config config() {
        return config;
    }

    public DynamoDbClient dynamoDb() {
        return dynamo;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public String apiToken() {
        return apiToken;
    }

    /** The secret HS256 JWTs must be signed with to pass the API's authorizer. */
    public String jwtSecret() {
        return jwtSecret;
    }

    /** Whether the sample org was loaded at this start. */
    public boolean seeded() {
        return seeded;
    }

    /** The lines printed on start: one per endpoint, then the API token. */
    public List<String> endpointLines() {
        return List.of(
                String.format("%-10s %s", "API", apiUrl()),
                String.format("%-10s %s", "DynamoDB", dynamoDbEndpoint),
                String.format("%-10s %s", "SQS", sqsEndpoint),
                String.format("%-10s %s", "API token", apiToken),
                String.format("%-10s %s", "JWT secret", jwtSecret));
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /** Stops the API, the sweep, the pollers, then SQS and DynamoDB; safe to call more than once. */
    @Override
    public synchronized void close() {
        List<Exception> failures = new ArrayList<>();
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        closed.countDown();
        failures.forEach(e -> LOG.error("stop failed", e));
    }
}
