package dev.leadrouter.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.leadrouter.aws.AwsClients;
import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.config.Config;
import dev.leadrouter.config.FunctionSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A handler built from the configuration with the current {@link FunctionSettings}, and built anew when they
 * change (rare: a deploy that changed a secret or tunable), so that every invocation runs with them.
 */
public final class LiveHandler<I, O> {
    /** Builds the handler from the function's ports and configuration. */
    public interface Factory<I, O> {
        RequestHandler<I, O> create(AwsPorts ports, Config config);
    }

    private final FunctionSettings settings;
    private final Function<Config, RequestHandler<I, O>> build;
    private Config builtWith;
    private RequestHandler<I, O> handler;

    public LiveHandler(FunctionSettings settings, Function<Config, RequestHandler<I, O>> build) {
        this.settings = settings;
        this.build = build;
    }

    /**
     * As Lambda runs the function: clients built once (no call at init), names from the environment, the
     * settings from the secret named by SETTINGS_SECRET_ARN.
     */
    public static <I, O> LiveHandler<I, O> fromEnv(Factory<I, O> factory) {
        Map<String, String> env = System.getenv();
        AwsPorts ports = AwsPorts.fromEnvironment();
        SecretsManagerClient secrets = AwsClients.secretsManager();
        String secretArn = env.get("SETTINGS_SECRET_ARN");
        if (secretArn == null || secretArn.isBlank()) {
            throw new IllegalStateException("environment variable SETTINGS_SECRET_ARN is not set");
        }
        Duration ttl = Duration.ofSeconds(Long.parseLong(env.getOrDefault("SETTINGS_CACHE_SECONDS",
                Long.toString(FunctionSettings.DEFAULT_TTL.toSeconds()))));
        FunctionSettings settings = new FunctionSettings(Config.fromEnv(env),
                () -> secrets.getSecretValue(r -> r.secretId(secretArn)).secretString(), ttl, Clock.systemUTC());
        return new LiveHandler<>(settings, config -> factory.create(ports, config));
    }

    public O handle(I input, Context context) {
        return current().handleRequest(input, context);
    }

    private synchronized RequestHandler<I, O> current() {
        Config config = settings.current();
        if (!config.equals(builtWith)) {
            handler = build.apply(config);
            builtWith = config;
        }
        return handler;
    }
}
