package dev.leadrouter.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.leadrouter.api.LeadApiHandler;
import dev.leadrouter.aws.AwsClients;
import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.aws.SesMailer;
import dev.leadrouter.config.Config;
import dev.leadrouter.config.FunctionSettings;
import dev.leadrouter.handoff.HandOffConfig;
import dev.leadrouter.intake.CrmImportHandler;
import dev.leadrouter.intake.IntakeApiHandler;
import dev.leadrouter.lambda.LiveHandler;
import dev.leadrouter.log.Log;
import dev.leadrouter.notification.NotificationHandler;
import dev.leadrouter.port.Mailer;
import dev.leadrouter.qualification.QualificationHandler;
import dev.leadrouter.routing.RoutingHandler;
import dev.leadrouter.routing.SweepHandler;
import dev.leadrouter.stats.StatsHandler;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
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
    /** The secret key that goes with each function's access key id under --function-credentials. */
    public static final String FUNCTION_SECRET = "local";
    /** The local twin of template.yaml's FunctionSettings secret. */
    public static final String SETTINGS_SECRET_NAME = Config.LOCAL_PREFIX + "function-settings";
    private static final Log LOG = Log.of(LocalStack.class);
    /**
     * Idle connections the functions' HTTP client keeps per endpoint. A Lambda container makes one call at a
     * time, so the JDK's default of 5 serves it; here every function's threads share one JVM, and past 5 each
     * call to DynamoDB or SQS would open (and the service accept) a connection of its own.
     */
    private static final String KEPT_CONNECTIONS = "200";

    static {
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", KEPT_CONNECTIONS);
        }
    }

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private URI dynamoDbEndpoint;
    private URI sqsEndpoint;
    private DynamoDbClient dynamo;
    private SqsClient sqs;
    /** What the functions are given, the hand-off's settings included (their public API URL once it is up). */
    private Config config;
    private String apiToken;
    private String jwtSecret;
    private boolean seeded;
    private HttpApiServer api;
    /** What {@link #shape()} reports: filled as the functions are started. */
    private final Set<String> functionIds = new LinkedHashSet<>();
    /** Every function started, by logical id: what {@link #functionUsage()} reads. */
    private final Map<String, LambdaFunction<?, ?>> functions = new LinkedHashMap<>();
    private final List<SqsEventSource> eventSources = new ArrayList<>();
    private final Map<String, StackShape.Route> routes = new LinkedHashMap<>();
    private final Map<String, String> consumerOfQueue = new LinkedHashMap<>();
    private final Map<String, String> consumerOfStream = new LinkedHashMap<>();
    private final Set<String> scheduled = new LinkedHashSet<>();
    private FunctionClients clientsOfFunctions;
    private LocalSecretsManager secretsManager;
    private String settingsSecretArn;
    private Duration settingsTtl;

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
        secretsManager = started(LocalSecretsManager.start());
        Map<String, String> env = Map.of(
                "DYNAMODB_ENDPOINT", dynamoDbEndpoint.toString(),
                "SQS_ENDPOINT", sqsEndpoint.toString(),
                "SECRETSMANAGER_ENDPOINT", secretsManager.endpoint().toString(),
                "AWS_REGION", REGION);
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        dynamo = started(AwsClients.dynamoDb(env, credentials, dynamoOverrides(options).build()));
        sqs = started(AwsClients.sqs(env, credentials));

        Provisioner queues = new Provisioner(dynamo, sqs, VISIBILITY_TIMEOUT);
        config = queues.provision()
                .withRulesCacheTtl(Duration.ofSeconds(options.rulesCacheSeconds()))
                .withStuckAfter(Duration.ofSeconds(options.stuckAfterSeconds()))
                .withWebhookSecrets(options.googleAdsKey(), options.metaAppSecret(), options.metaVerifyToken(),
                        options.metaAccessToken(), options.metaGraphUrl())
                .withHandOff(new HandOffConfig(queues.queueUrl(Config.queueName(Config.Queue.NOTIFICATIONS)),
                        queues.queueUrl(Config.dlqName(Config.Queue.NOTIFICATIONS)),
                        options.linkSecret() != null ? options.linkSecret() : randomToken(), null,
                        options.sesEndpoint(), LOCAL_SENDER_EMAIL, options.salesforceUrl(), options.salesforceToken(),
                        options.hubspotUrl(), options.hubspotToken()));
        seeded = options.seed() && SampleOrg.load().seedIfEmpty(dynamo, config);
        apiToken = options.apiToken() != null ? options.apiToken() : randomToken();
        jwtSecret = options.jwtSecret() != null ? options.jwtSecret() : randomToken();
        settingsTtl = Duration.ofSeconds(options.rulesCacheSeconds());
        settingsSecretArn = secretsManager.put(SETTINGS_SECRET_NAME, settingsJson(config));
        clientsOfFunctions = new FunctionClients(env, options);
        startFunctions(options);
    }

    /** The embedded Dynoxide's clients send transactions without idempotency tokens ({@link TransactionsWithoutTokens}). */
    private static ClientOverrideConfiguration.Builder dynamoOverrides(LocalStackOptions options) {
        var overrides = ClientOverrideConfiguration.builder();
        if (options.dynamoDbEndpoint() == null) {
            overrides.addExecutionInterceptor(new TransactionsWithoutTokens());
        }
        return overrides;
    }

    /**
     * The SDK clients of each function (by its logical id in template.yaml) and of the event source feeding
     * it. Without --function-credentials all share the stack's clients (the handlers' ones with the
     * {@link LocalStackOptions#handlerClients} overrides, if any); with it each function signs as itself.
     */
    private final class FunctionClients {
        private final Map<String, String> env;
        private final LocalStackOptions options;
        private final Map<String, DynamoDbClient> dynamoOf = new HashMap<>();
        private final Map<String, SqsClient> sqsOf = new HashMap<>();
        private final Map<String, SqsClient> eventSourceSqsOf = new HashMap<>();
        private final Map<String, SecretsManagerClient> secretsManagerOf = new HashMap<>();

        FunctionClients(Map<String, String> env, LocalStackOptions options) {
            this.env = env;
            this.options = options;
        }

        DynamoDbClient dynamo(String function) {
            if (!options.functionCredentials() && options.handlerClients() == null) {
                return dynamo;
            }
            return dynamoOf.computeIfAbsent(signer(function),
                    id -> started(AwsClients.dynamoDb(env, credentials(id), handlerOverrides(dynamoOverrides(options)))));
        }

        SqsClient sqs(String function) {
            if (!options.functionCredentials() && options.handlerClients() == null) {
                return sqs;
            }
            return sqsOf.computeIfAbsent(signer(function),
                    id -> started(AwsClients.sqs(env, credentials(id),
                            handlerOverrides(ClientOverrideConfiguration.builder()))));
        }

        SecretsManagerClient secretsManager(String function) {
            return secretsManagerOf.computeIfAbsent(signer(function),
                    id -> started(AwsClients.secretsManager(env, credentials(id))));
        }

        /** The function's SES client at --ses-endpoint; null without one (emails are printed). */
        SesV2Client ses(String function) {
            if (options.sesEndpoint() == null) {
                return null;
            }
            return started(AwsClients.configured(SesV2Client.builder(),
                    Map.of("SES_ENDPOINT", options.sesEndpoint(), "AWS_REGION", REGION),
                    credentials(signer(function)), "SES_ENDPOINT").build());
        }

        /** A stream event source mapping reads the stream with the function's role, as the SQS ones poll. */
        DynamoDbStreamsClient streams(String function) {
            return started(AwsClients.configured(DynamoDbStreamsClient.builder(), env,
                    credentials(options.functionCredentials() ? function : "local"), "DYNAMODB_ENDPOINT").build());
        }

        /** Lambda's event source mapping polls with the function's role; it gets no fault-injecting overrides. */
        SqsClient eventSource(String function) {
            if (!options.functionCredentials()) {
                return sqs;
            }
            return eventSourceSqsOf.computeIfAbsent(function, id -> started(AwsClients.sqs(env, credentials(id))));
        }

        private String signer(String function) {
            return options.functionCredentials() ? function : "local";
        }

        private ClientOverrideConfiguration handlerOverrides(ClientOverrideConfiguration.Builder overrides) {
            if (options.handlerClients() != null) {
                options.handlerClients().accept(overrides);
            }
            return overrides.build();
        }

        private static StaticCredentialsProvider credentials(String accessKeyId) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, FUNCTION_SECRET));
        }
    }

    /** The Lambda handlers behind their event sources and the HTTP API, each with its own clients. */
    private void startFunctions(LocalStackOptions options) {
        Clock clock = options.clock();
        Duration retryDelay = Duration.ofSeconds(options.retryDelaySeconds());
        consume(config.crmImportQueueUrl(), function("CrmImportFunction",
                (ports, c) -> new CrmImportHandler(ports, c, clock)), options.pollers(), retryDelay);
        consume(config.qualificationQueueUrl(), function("QualificationFunction",
                (ports, c) -> new QualificationHandler(ports, c, clock)), options.pollers(), retryDelay);
        consume(config.routingQueueUrl(), function("RoutingFunction",
                (ports, c) -> new RoutingHandler(ports, c, c.handOff(), clock)), options.pollers(), retryDelay);
        // The /stats aggregates: StatsFunction on the leads table's stream, like its event source mapping.
        LambdaFunction<DynamodbEvent, StreamsEventResponse> stats = function("StatsFunction",
                (ports, c) -> new StatsHandler(ports, c));
        consumerOfStream.put(config.leadsTable(), stats.name());
        started(DynamoDbStreamEventSource.start(clientsOfFunctions.streams(stats.name()), config.leadsTable(), stats,
                clientsOfFunctions.eventSource(stats.name()), sqs.getQueueUrl(r -> r
                        .queueName(Provisioner.STATS_FAILURES_QUEUE)).queueUrl(), retryDelay));
        scheduleSweep(function("SweepFunction", (ports, c) -> new SweepHandler(ports, c, clock)),
                Duration.ofSeconds(options.sweepSeconds()));

        // Last: the API answers only once tables, queues and consumers are there.
        LambdaFunction<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> intake = function("IntakeFunction",
                (ports, c) -> new IntakeApiHandler(ports, c, clock));
        LambdaFunction<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> leadApi = function("LeadApiFunction",
                (ports, c) -> new LeadApiHandler(ports, c, c.handOff(), clock));
        List<HttpApiServer.Route> apiRoutes = List.of(
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
                new HttpApiServer.Route("POST", "/links/{token}", false, leadApi));
        apiRoutes.forEach(route -> routes.put(route.method() + " " + route.path(),
                new StackShape.Route(route.function().name(), route.authenticated())));
        api = started(HttpApiServer.start(options.port(), apiToken, jwtSecret, apiRoutes));

        // The notification function once the API is up: its links point at the API's URL.
        config = config.withHandOff(config.handOff().withPublicApiUrl(api.url().toString()));
        SesV2Client ses = clientsOfFunctions.ses("NotificationFunction");
        Mailer mailer = ses == null ? null : new SesMailer(ses);
        consume(config.handOff().notificationsQueueUrl(), function("NotificationFunction",
                (ports, c) -> new NotificationHandler(ports, mailer, c, c.handOff(), clock)), options.pollers(),
                retryDelay);
    }

    /**
     * Function {@code logicalId} of template.yaml: its handler built with that function's clients and, as in
     * AWS, with the settings (webhook secrets, tunables) read at run time from the settings secret.
     */
    private <I, O> LambdaFunction<I, O> function(String logicalId, LiveHandler.Factory<I, O> handler) {
        Config base = config;
        DynamoDbClient functionDynamo = clientsOfFunctions.dynamo(logicalId);
        SqsClient functionSqs = clientsOfFunctions.sqs(logicalId);
        SecretsManagerClient secrets = clientsOfFunctions.secretsManager(logicalId);
        functionIds.add(logicalId);
        LambdaFunction<I, O> function = new LambdaFunction<>(logicalId, () -> {
            FunctionSettings settings = new FunctionSettings(base,
                    () -> secrets.getSecretValue(r -> r.secretId(settingsSecretArn)).secretString(), settingsTtl,
                    Clock.systemUTC());
            AwsPorts ports = new AwsPorts(functionDynamo, functionSqs);
            LiveHandler<I, O> live = new LiveHandler<>(settings, c -> handler.create(ports, c));
            return live::handle;
        });
        functions.put(logicalId, function);
        return function;
    }

    /** The SQS requests each event source made so far, by queue name. */
    public Map<String, SqsEventSource.Polls> eventSourcePolls() {
        Map<String, SqsEventSource.Polls> polls = new LinkedHashMap<>();
        eventSources.forEach(source -> polls.put(source.queueName(), source.polls()));
        return polls;
    }

    /** Each function's invocations and billed milliseconds so far, by logical id (what a Lambda bill counts). */
    public Map<String, LambdaFunction.Usage> functionUsage() {
        Map<String, LambdaFunction.Usage> usage = new LinkedHashMap<>();
        functions.forEach((id, function) -> usage.put(id, function.usage()));
        return usage;
    }

    /** The settings secret's JSON for {@code config}: what template.yaml's FunctionSettings holds in AWS. */
    static String settingsJson(Config config) {
        Map<String, Object> settings = new java.util.LinkedHashMap<>();
        settings.put("googleAdsKey", config.googleAdsKey() == null ? "" : config.googleAdsKey());
        settings.put("metaAppSecret", config.metaAppSecret() == null ? "" : config.metaAppSecret());
        settings.put("metaVerifyToken", config.metaVerifyToken() == null ? "" : config.metaVerifyToken());
        settings.put("metaAccessToken", config.metaAccessToken() == null ? "" : config.metaAccessToken());
        settings.put("stuckAfterSeconds", config.stuckAfter().toSeconds());
        settings.put("rulesCacheSeconds", config.rulesCacheTtl().toSeconds());
        HandOffConfig handOff = config.handOff();
        settings.put("linkSecret", orEmpty(handOff.linkSecret()));
        settings.put("senderEmail", orEmpty(handOff.senderEmail()));
        settings.put("salesforceUrl", orEmpty(handOff.salesforceUrl()));
        settings.put("salesforceToken", orEmpty(handOff.salesforceToken()));
        settings.put("hubspotUrl", orEmpty(handOff.hubspotUrl()));
        settings.put("hubspotToken", orEmpty(handOff.hubspotToken()));
        return dev.leadrouter.json.Json.write(settings);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** Replaces the functions' settings, as a deploy with new parameter values does; they apply within the cache time. */
    public void updateSettings(Config settings) {
        secretsManager.put(SETTINGS_SECRET_NAME, settingsJson(settings));
    }

    private void consume(String queueUrl, LambdaFunction<SQSEvent, SQSBatchResponse> function, int pollers,
                         Duration retryDelay) {
        consumerOfQueue.put(queueUrl.substring(queueUrl.lastIndexOf('/') + 1), function.name());
        eventSources.add(started(SqsEventSource.start(clientsOfFunctions.eventSource(function.name()), queueUrl, function,
                pollers, retryDelay)));
    }

    /** Runs the sweep like its EventBridge schedule would, each run after the previous one ends. */
    private void scheduleSweep(LambdaFunction<Map<String, Object>, Map<String, Object>> sweep, Duration every) {
        scheduled.add(sweep.name());
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

    /** The functions, routes, queue consumers and schedules this stack runs, by template.yaml's names. */
    public StackShape shape() {
        return new StackShape(Set.copyOf(functionIds), Map.copyOf(routes), Map.copyOf(consumerOfQueue),
                Map.copyOf(consumerOfStream), Set.copyOf(scheduled), Set.copyOf(Provisioner.tables(config)), Set.copyOf(Provisioner.queues()));
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
        return config.handOff();
    }

    public URI secretsManagerEndpoint() {
        return secretsManager.endpoint();
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
