package dev.leadrouter.local;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;

/** How to run the local stack; names and defaults are those of CONTRACT.md, "2. Local stack (the embedded default)". */
public final class LocalStackOptions {
    /** SQS pollers per consumed queue unless {@code --pollers} says otherwise. */
    public static final int DEFAULT_POLLERS = 2;
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
    private int pollers = DEFAULT_POLLERS;
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

    /** The command-line options, one per line, as {@code --help} shows them. */
    public static final String USAGE = commandLine().getHelp().optionList();

    /**
     * The command line as picocli reads it. Defaults are a new {@link LocalStackOptions}'s; the secrets not
     * given fall back to their LEAD_ROUTER_* variables in {@link #parse}.
     */
    @Command(name = "lead-router-local", sortOptions = false, usageHelpWidth = 118)
    static final class CommandLineOptions {
        private static final LocalStackOptions DEFAULTS = new LocalStackOptions();

        @Option(names = "--port", paramLabel = "N", converter = PortNumber.class,
                description = "HTTP API port (default 3000; 0 picks a free port)")
        int port = DEFAULTS.port;
        @Option(names = "--dynamodb-port", paramLabel = "N", converter = PortNumber.class,
                description = "embedded DynamoDB (Dynoxide) port (default 8000)")
        int dynamoDbPort = DEFAULTS.dynamoDbPort;
        @Option(names = "--sqs-port", paramLabel = "N", converter = PortNumber.class,
                description = "embedded ElasticMQ port (default 9324)")
        int sqsPort = DEFAULTS.sqsPort;
        @Option(names = "--dynamodb-endpoint", paramLabel = "URL", converter = HttpUrl.class,
                description = "use this DynamoDB endpoint instead of the embedded one")
        String dynamoDbEndpoint;
        @Option(names = "--sqs-endpoint", paramLabel = "URL", converter = HttpUrl.class,
                description = "use this SQS endpoint instead of the embedded one")
        String sqsEndpoint;
        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "keep tables and queued messages in DIR (default: in memory)")
        Path dataDir;
        @Option(names = "--no-seed", description = "do not load the sample sales org into empty tables")
        boolean noSeed;
        @Option(names = "--function-credentials", description = "each function (and the SQS polling that feeds it) "
                + "signs its AWS calls with access key id = its logical id in template.yaml, secret \"local\"")
        boolean functionCredentials;
        @Option(names = "--api-token", paramLabel = "TOKEN", converter = NonBlank.class,
                description = "bearer token of the non-public endpoints (env LEAD_ROUTER_API_TOKEN; default: random, printed)")
        String apiToken;
        @Option(names = "--jwt-secret", paramLabel = "S", converter = NonBlank.class, description = "also accept HS256 JWTs "
                + "signed with S, as the JWT authorizer would (env LEAD_ROUTER_JWT_SECRET; default: random, printed)")
        String jwtSecret;
        @Option(names = "--google-ads-key", paramLabel = "KEY",
                description = "Google Ads lead form key (env LEAD_ROUTER_GOOGLE_ADS_KEY)")
        String googleAdsKey;
        @Option(names = "--meta-app-secret", paramLabel = "S", description = "Meta app secret (env LEAD_ROUTER_META_APP_SECRET)")
        String metaAppSecret;
        @Option(names = "--meta-verify-token", paramLabel = "T",
                description = "Meta webhook verify token (env LEAD_ROUTER_META_VERIFY_TOKEN)")
        String metaVerifyToken;
        @Option(names = "--meta-access-token", paramLabel = "A",
                description = "Meta Graph API access token (env LEAD_ROUTER_META_ACCESS_TOKEN)")
        String metaAccessToken;
        @Option(names = "--meta-graph-url", paramLabel = "URL", converter = HttpUrl.class,
                description = "where Meta lead answers are fetched (default: Meta's Graph API)")
        String metaGraphUrl;
        @Option(names = "--sweep-seconds", paramLabel = "N", converter = AtLeastOne.class,
                description = "how often the sweep runs (default 2)")
        int sweepSeconds = DEFAULTS.sweepSeconds;
        @Option(names = "--rules-cache-seconds", paramLabel = "N", converter = AtLeastZero.class,
                description = "how long functions cache rules, reps and accounts (default 5)")
        int rulesCacheSeconds = DEFAULTS.rulesCacheSeconds;
        @Option(names = "--pollers", paramLabel = "N", converter = AtLeastOne.class,
                description = "SQS pollers per consumed queue (default " + DEFAULT_POLLERS + ")")
        int pollers = DEFAULTS.pollers;
        @Option(names = "--retry-delay-seconds", paramLabel = "N", converter = AtLeastZero.class,
                description = "delay before a failed SQS message is delivered again (default 1)")
        int retryDelaySeconds = DEFAULTS.retryDelaySeconds;
        @Option(names = "--stuck-after-seconds", paramLabel = "N", converter = AtLeastOne.class,
                description = "how long a lead may sit in a stage before the sweep re-drives it (default 60)")
        int stuckAfterSeconds = DEFAULTS.stuckAfterSeconds;
        @Option(names = "--ses-endpoint", paramLabel = "URL", converter = HttpUrl.class,
                description = "SES v2 endpoint for rep notification emails (default: emails are printed)")
        String sesEndpoint;
        @Option(names = "--salesforce-url", paramLabel = "URL", converter = HttpUrl.class,
                description = "Salesforce instance for owner write-back (default: write-back off)")
        String salesforceUrl;
        @Option(names = "--salesforce-token", paramLabel = "T", description = "Salesforce bearer token (env LEAD_ROUTER_SALESFORCE_TOKEN)")
        String salesforceToken;
        @Option(names = "--hubspot-url", paramLabel = "URL", converter = HttpUrl.class,
                description = "HubSpot API for owner write-back (default: write-back off)")
        String hubspotUrl;
        @Option(names = "--hubspot-token", paramLabel = "T", description = "HubSpot private app token (env LEAD_ROUTER_HUBSPOT_TOKEN)")
        String hubspotToken;
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
        boolean help;
    }

    private static CommandLine commandLine() {
        return new CommandLine(new CommandLineOptions());
    }

    /** Options from {@code args}, then the environment's LEAD_ROUTER_* variables for the secrets not given. */
    public static LocalStackOptions parse(String[] args, Map<String, String> env) {
        CommandLine commandLine = commandLine();
        try {
            commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(reason(e), e);
        }
        CommandLineOptions parsed = commandLine.getCommand();
        LocalStackOptions options = new LocalStackOptions()
                .port(parsed.port).dynamoDbPort(parsed.dynamoDbPort).sqsPort(parsed.sqsPort)
                .dynamoDbEndpoint(parsed.dynamoDbEndpoint).sqsEndpoint(parsed.sqsEndpoint)
                .dataDir(parsed.dataDir)
                .seed(!parsed.noSeed)
                .functionCredentials(parsed.functionCredentials)
                .apiToken(orEnv(parsed.apiToken, env, "LEAD_ROUTER_API_TOKEN"))
                .jwtSecret(orEnv(parsed.jwtSecret, env, "LEAD_ROUTER_JWT_SECRET"))
                .googleAdsKey(orEnv(parsed.googleAdsKey, env, "LEAD_ROUTER_GOOGLE_ADS_KEY"))
                .metaAppSecret(orEnv(parsed.metaAppSecret, env, "LEAD_ROUTER_META_APP_SECRET"))
                .metaVerifyToken(orEnv(parsed.metaVerifyToken, env, "LEAD_ROUTER_META_VERIFY_TOKEN"))
                .metaAccessToken(orEnv(parsed.metaAccessToken, env, "LEAD_ROUTER_META_ACCESS_TOKEN"))
                .metaGraphUrl(parsed.metaGraphUrl)
                .sweepSeconds(parsed.sweepSeconds)
                .rulesCacheSeconds(parsed.rulesCacheSeconds)
                .pollers(parsed.pollers)
                .retryDelaySeconds(parsed.retryDelaySeconds)
                .stuckAfterSeconds(parsed.stuckAfterSeconds)
                .sesEndpoint(parsed.sesEndpoint)
                .salesforceUrl(parsed.salesforceUrl)
                .salesforceToken(orEnv(parsed.salesforceToken, env, "LEAD_ROUTER_SALESFORCE_TOKEN"))
                .hubspotUrl(parsed.hubspotUrl)
                .hubspotToken(orEnv(parsed.hubspotToken, env, "LEAD_ROUTER_HUBSPOT_TOKEN"))
                .linkSecret(env.get("LEAD_ROUTER_LINK_SECRET"));
        if (options.dataDir != null && options.dynamoDbEndpoint != null) {
            throw new IllegalArgumentException("--data-dir is for the embedded DynamoDB; it cannot go with --dynamodb-endpoint");
        }
        return options;
    }

    private static String orEnv(String given, Map<String, String> env, String variable) {
        return given != null ? given : env.get(variable);
    }

    /** What was wrong, naming the option: "unknown option --x", "--port needs a value", "--port must be ...". */
    private static String reason(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            return "unknown option " + unmatched.getUnmatched().get(0).replaceFirst("=.*", "");
        }
        if (e instanceof CommandLine.MissingParameterException missing && !missing.getMissing().isEmpty()
                && missing.getMissing().get(0) instanceof CommandLine.Model.OptionSpec option) {
            return option.longestName() + " needs a value";
        }
        String name = e.getArgSpec() instanceof CommandLine.Model.OptionSpec option ? option.longestName() : null;
        if (name != null && e.getCause() instanceof CommandLine.TypeConversionException conversion) {
            return name + " " + conversion.getMessage() + ", not " + e.getValue();
        }
        return e.getMessage();
    }

    private static final class PortNumber implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return wholeNumber(value, 0, 65535, "must be a port number (0-65535)");
        }
    }

    private static final class AtLeastZero implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return wholeNumber(value, 0, Integer.MAX_VALUE, "must be a whole number of at least 0");
        }
    }

    private static final class AtLeastOne implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return wholeNumber(value, 1, Integer.MAX_VALUE, "must be a whole number of at least 1");
        }
    }

    private static int wholeNumber(String value, int min, int max, String rule) {
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new CommandLine.TypeConversionException(rule);
    }

    private static final class HttpUrl implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.matches("https?://\\S+")) {
                throw new CommandLine.TypeConversionException("must be an http(s) URL");
            }
            return value;
        }
    }

    private static final class NonBlank implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.isBlank()) {
                throw new CommandLine.TypeConversionException("must not be blank");
            }
            return value;
        }
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
