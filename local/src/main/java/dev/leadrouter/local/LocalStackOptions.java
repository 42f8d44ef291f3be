package dev.leadrouter.local;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;

/** How to run the local stack; names and defaults are those of CONTRACT.md, "2. Local stack (the embedded default)". */
public final class LocalStackOptions {
    private int port = 3000;
    private int dynamoDbPort = 8000;
    private int sqsPort = 9324;
    private String dynamoDbEndpoint;
    private String sqsEndpoint;
    private Path dataDir;
    private boolean seed = true;
    private boolean functionCredentials;
    private String apiToken;
    private String jwtSecret;
    private String googleAdsKey;
    private String metaAppSecret;
    private String metaVerifyToken;
    private String metaAccessToken;
    private String metaGraphUrl;
    private int sweepSeconds = 2;
    private int rulesCacheSeconds = 5;
    private int pollers = 2;
    private int retryDelaySeconds = 1;
    private int stuckAfterSeconds = 60;
    private Consumer<ClientOverrideConfiguration.Builder> handlerClients;
    private String sesEndpoint;
    private String salesforceUrl;
    private String salesforceToken;
    private String hubspotUrl;
    private String hubspotToken;
    private String linkSecret;
    private Clock clock = Clock.systemUTC();

    /** The command-line options below, one per line, as {@code --help} shows them. */
    public static final String USAGE = """
              --port N                  HTTP API port (default 3000; 0 picks a free port)
              --dynamodb-port N         embedded DynamoDB (Dynoxide) port (default 8000)
              --sqs-port N              embedded ElasticMQ port (default 9324)
              --dynamodb-endpoint URL   use this DynamoDB endpoint instead of the embedded one
              --sqs-endpoint URL        use this SQS endpoint instead of the embedded one
              --data-dir DIR            keep tables and queued messages in DIR (default: in memory)
              --no-seed                 do not load the sample sales org into empty tables
              --function-credentials    each function (and the SQS polling that feeds it) signs its AWS calls
                                        with access key id = its logical id in template.yaml, secret "local"
              --api-token TOKEN         bearer token of the non-public endpoints
                                        (env LEAD_ROUTER_API_TOKEN; default: random, printed)
              --jwt-secret S            also accept HS256 JWTs signed with S, as the JWT authorizer would
                                        (env LEAD_ROUTER_JWT_SECRET; default: random, printed)
              --google-ads-key KEY      Google Ads lead form key (env LEAD_ROUTER_GOOGLE_ADS_KEY)
              --meta-app-secret S       Meta app secret (env LEAD_ROUTER_META_APP_SECRET)
              --meta-verify-token T     Meta webhook verify token (env LEAD_ROUTER_META_VERIFY_TOKEN)
              --meta-access-token A     Meta Graph API access token (env LEAD_ROUTER_META_ACCESS_TOKEN)
              --meta-graph-url URL      where Meta lead answers are fetched (default: Meta's Graph API)
              --sweep-seconds N         how often the sweep runs (default 2)
              --rules-cache-seconds N   how long functions cache rules, reps and accounts (default 5)
              --pollers N               SQS pollers per consumed queue (default 2)
              --retry-delay-seconds N   delay before a failed SQS message is delivered again (default 1)
              --stuck-after-seconds N   how long a lead may sit in a stage before the sweep re-drives it (default 60)
              --ses-endpoint URL        SES v2 endpoint for rep notification emails (default: emails are printed)
              --salesforce-url URL      Salesforce instance for owner write-back (default: write-back off)
              --salesforce-token T      Salesforce bearer token (env LEAD_ROUTER_SALESFORCE_TOKEN)
              --hubspot-url URL         HubSpot API for owner write-back (default: write-back off)
              --hubspot-token T         HubSpot private app token (env LEAD_ROUTER_HUBSPOT_TOKEN)
              --help                    show this help
            """;

    /** Options from the environment's LEAD_ROUTER_* variables, then {@code args} on top. */
    public static LocalStackOptions parse(String[] args, Map<String, String> env) {
        LocalStackOptions options = new LocalStackOptions()
                .apiToken(env.get("LEAD_ROUTER_API_TOKEN"))
                .jwtSecret(env.get("LEAD_ROUTER_JWT_SECRET"))
                .googleAdsKey(env.get("LEAD_ROUTER_GOOGLE_ADS_KEY"))
                .metaAppSecret(env.get("LEAD_ROUTER_META_APP_SECRET"))
                .metaVerifyToken(env.get("LEAD_ROUTER_META_VERIFY_TOKEN"))
                .metaAccessToken(env.get("LEAD_ROUTER_META_ACCESS_TOKEN"))
                .salesforceToken(env.get("LEAD_ROUTER_SALESFORCE_TOKEN"))
                .hubspotToken(env.get("LEAD_ROUTER_HUBSPOT_TOKEN"))
                .linkSecret(env.get("LEAD_ROUTER_LINK_SECRET"));
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            if (name.equals("--no-seed")) {
                options.seed(false);
                continue;
            }
            if (name.equals("--function-credentials")) {
                options.functionCredentials(true);
                continue;
            }
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(name + " needs a value");
            }
            switch (name) {
                case "--port" -> options.port(port(name, value));
                case "--dynamodb-port" -> options.dynamoDbPort(port(name, value));
                case "--sqs-port" -> options.sqsPort(port(name, value));
                case "--dynamodb-endpoint" -> options.dynamoDbEndpoint(url(name, value));
                case "--sqs-endpoint" -> options.sqsEndpoint(url(name, value));
                case "--data-dir" -> options.dataDir(Path.of(value));
                case "--api-token" -> options.apiToken(nonBlank(name, value));
                case "--jwt-secret" -> options.jwtSecret(nonBlank(name, value));
                case "--google-ads-key" -> options.googleAdsKey(value);
                case "--meta-app-secret" -> options.metaAppSecret(value);
                case "--meta-verify-token" -> options.metaVerifyToken(value);
                case "--meta-access-token" -> options.metaAccessToken(value);
                case "--meta-graph-url" -> options.metaGraphUrl(url(name, value));
                case "--sweep-seconds" -> options.sweepSeconds(number(name, value, 1));
                case "--rules-cache-seconds" -> options.rulesCacheSeconds(number(name, value, 0));
                case "--pollers" -> options.pollers(number(name, value, 1));
                case "--retry-delay-seconds" -> options.retryDelaySeconds(number(name, value, 0));
                case "--stuck-after-seconds" -> options.stuckAfterSeconds(number(name, value, 1));
                case "--ses-endpoint" -> options.sesEndpoint(url(name, value));
                case "--salesforce-url" -> options.salesforceUrl(url(name, value));
                case "--salesforce-token" -> options.salesforceToken(value);
                case "--hubspot-url" -> options.hubspotUrl(url(name, value));
                case "--hubspot-token" -> options.hubspotToken(value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (options.dataDir != null && options.dynamoDbEndpoint != null) {
            throw new IllegalArgumentException("--data-dir is for the embedded DynamoDB; it cannot go with --dynamodb-endpoint");
        }
        return options;
    }

    private static int port(String name, String value) {
        int port = number(name, value, 0);
        if (port > 65535) {
            throw new IllegalArgumentException(name + " must be a port number (0-65535), not " + value);
        }
        return port;
    }

    private static int number(String name, String value, int min) {
        try {
            int number = Integer.parseInt(value);
            if (number >= min) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number of at least " + min + ", not " + value);
    }

    private static String url(String name, String value) {
        if (!value.matches("https?://\\S+")) {
            throw new IllegalArgumentException(name + " must be an http(s) URL, not " + value);
        }
        return value;
    }

    private static String nonBlank(String name, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    public int port() {
        return port;
    }

    public LocalStackOptions port(int port) {
        this.port = port;
        return this;
    }

    public int dynamoDbPort() {
        return dynamoDbPort;
    }

    public LocalStackOptions dynamoDbPort(int dynamoDbPort) {
        this.dynamoDbPort = dynamoDbPort;
        return this;
    }

    public int sqsPort() {
        return sqsPort;
    }

    public LocalStackOptions sqsPort(int sqsPort) {
        this.sqsPort = sqsPort;
        return this;
    }

    /** Null: run the embedded DynamoDB emulator (Dynoxide). */
    public String dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    public LocalStackOptions dynamoDbEndpoint(String dynamoDbEndpoint) {
        this.dynamoDbEndpoint = dynamoDbEndpoint;
        return this;
    }

    /** Null: run ElasticMQ in this JVM. */
    public String sqsEndpoint() {
        return sqsEndpoint;
    }

    public LocalStackOptions sqsEndpoint(String sqsEndpoint) {
        this.sqsEndpoint = sqsEndpoint;
        return this;
    }

    /** Null: tables and queues in memory. */
    public Path dataDir() {
        return dataDir;
    }

    public LocalStackOptions dataDir(Path dataDir) {
        this.dataDir = dataDir;
        return this;
    }

    public boolean seed() {
        return seed;
    }

    public LocalStackOptions seed(boolean seed) {
        this.seed = seed;
        return this;
    }

    /** Whether each function signs with its own access key id (its logical id in template.yaml). */
    public boolean functionCredentials() {
        return functionCredentials;
    }

    public LocalStackOptions functionCredentials(boolean functionCredentials) {
        this.functionCredentials = functionCredentials;
        return this;
    }

    /** Null: a random token is made at start. */
    public String apiToken() {
        return apiToken;
    }

    public LocalStackOptions apiToken(String apiToken) {
        this.apiToken = apiToken;
        return this;
    }

    /** Null: a random secret is made at start. */
    public String jwtSecret() {
        return jwtSecret;
    }

    public LocalStackOptions jwtSecret(String jwtSecret) {
        this.jwtSecret = jwtSecret;
        return this;
    }

    public String googleAdsKey() {
        return googleAdsKey;
    }

    public LocalStackOptions googleAdsKey(String googleAdsKey) {
        this.googleAdsKey = googleAdsKey;
        return this;
    }

    public String metaAppSecret() {
        return metaAppSecret;
    }

    public LocalStackOptions metaAppSecret(String metaAppSecret) {
        this.metaAppSecret = metaAppSecret;
        return this;
    }

    public String metaVerifyToken() {
        return metaVerifyToken;
    }

    public LocalStackOptions metaVerifyToken(String metaVerifyToken) {
        this.metaVerifyToken = metaVerifyToken;
        return this;
    }

    public String metaAccessToken() {
        return metaAccessToken;
    }

    public LocalStackOptions metaAccessToken(String metaAccessToken) {
        this.metaAccessToken = metaAccessToken;
        return this;
    }

    /** Null: Meta's Graph API. */
    public String metaGraphUrl() {
        return metaGraphUrl;
    }

    public LocalStackOptions metaGraphUrl(String metaGraphUrl) {
        this.metaGraphUrl = metaGraphUrl;
        return this;
    }

    public int sweepSeconds() {
        return sweepSeconds;
    }

    public LocalStackOptions sweepSeconds(int sweepSeconds) {
        this.sweepSeconds = sweepSeconds;
        return this;
    }

    public int rulesCacheSeconds() {
        return rulesCacheSeconds;
    }

    public LocalStackOptions rulesCacheSeconds(int rulesCacheSeconds) {
        this.rulesCacheSeconds = rulesCacheSeconds;
        return this;
    }

    public int pollers() {
        return pollers;
    }

    public LocalStackOptions pollers(int pollers) {
        this.pollers = pollers;
        return this;
    }

    public int retryDelaySeconds() {
        return retryDelaySeconds;
    }

    public LocalStackOptions retryDelaySeconds(int retryDelaySeconds) {
        this.retryDelaySeconds = retryDelaySeconds;
        return this;
    }

    public int stuckAfterSeconds() {
        return stuckAfterSeconds;
    }

    public LocalStackOptions stuckAfterSeconds(int stuckAfterSeconds) {
        this.stuckAfterSeconds = stuckAfterSeconds;
        return this;
    }

    /** Null: the functions share the stack's own SDK clients. */
    public Consumer<ClientOverrideConfiguration.Builder> handlerClients() {
        return handlerClients;
    }

    /**
     * Overrides for the SDK clients the Lambda handlers are given (e.g. extra interceptors or another
     * retry strategy, to inject faults); the stack's own provisioning and SQS pollers keep plain clients.
     */
    public LocalStackOptions handlerClients(Consumer<ClientOverrideConfiguration.Builder> handlerClients) {
        this.handlerClients = handlerClients;
        return this;
    }

    /** Null: emails are printed, not sent. */
    public String sesEndpoint() {
        return sesEndpoint;
    }

    public LocalStackOptions sesEndpoint(String sesEndpoint) {
        this.sesEndpoint = sesEndpoint;
        return this;
    }

    /** Null: no owner write-back to Salesforce. */
    public String salesforceUrl() {
        return salesforceUrl;
    }

    public LocalStackOptions salesforceUrl(String salesforceUrl) {
        this.salesforceUrl = salesforceUrl;
        return this;
    }

    public String salesforceToken() {
        return salesforceToken;
    }

    public LocalStackOptions salesforceToken(String salesforceToken) {
        this.salesforceToken = salesforceToken;
        return this;
    }

    /** Null: no owner write-back to HubSpot. */
    public String hubspotUrl() {
        return hubspotUrl;
    }

    public LocalStackOptions hubspotUrl(String hubspotUrl) {
        this.hubspotUrl = hubspotUrl;
        return this;
    }

    public String hubspotToken() {
        return hubspotToken;
    }

    public LocalStackOptions hubspotToken(String hubspotToken) {
        this.hubspotToken = hubspotToken;
        return this;
    }

    /** Null: a random secret at each start (links of an earlier run then answer 404). */
    public String linkSecret() {
        return linkSecret;
    }

    public LocalStackOptions linkSecret(String linkSecret) {
        this.linkSecret = linkSecret;
        return this;
    }

    /** The functions' clock (not a command-line option): tests of time hand in one they move themselves. */
    public Clock clock() {
        return clock;
    }

    public LocalStackOptions clock(Clock clock) {
        this.clock = clock;
        return this;
    }
}
