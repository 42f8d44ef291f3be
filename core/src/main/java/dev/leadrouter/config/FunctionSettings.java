package dev.leadrouter.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.json.Json;
import dev.leadrouter.log.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The deployment's secrets and tunables, read at run time from the settings secret (its JSON:
 * {@code googleAdsKey, metaAppSecret, metaVerifyToken, metaAccessToken, stuckAfterSeconds, rulesCacheSeconds}, and the
 * hand-off's {@code linkSecret, senderEmail, salesforceUrl, salesforceToken, hubspotUrl, hubspotToken})
 * and kept for {@code ttl}. Lambda serves traffic from a published version whose environment never changes,
 * so a value in the environment would only change with a new version; read here, a change of the stack's
 * parameters reaches every running function within {@code ttl}. Nothing is read before the first
 * invocation, so a SnapStart snapshot holds no secret.
 */
public final class FunctionSettings {
    /** How long a function keeps the settings it read (env SETTINGS_CACHE_SECONDS). */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
    private static final Log LOG = Log.of(FunctionSettings.class);

    private final Config base;
    private final Supplier<String> secret;
    private final Duration ttl;
    private final Clock clock;
    private Config current;
    private Instant readAt;

    /** {@code base}: names from the environment; {@code secret}: reads the settings secret's JSON. */
    public FunctionSettings(Config base, Supplier<String> secret, Duration ttl, Clock clock) {
        this.base = base;
        this.secret = secret;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The configuration with the settings as last read; re-read when older than the TTL. */
    public synchronized Config current() {
        Instant now = clock.instant();
        if (current == null || !now.isBefore(readAt.plus(ttl))) {
            try {
                current = apply(base, Json.parse(secret.get()));
                readAt = now;
            } catch (RuntimeException e) {
                if (current == null) {
                    throw e;
                }
                LOG.warn("settings not re-read, keeping the last ones", "error", e.getMessage());
                readAt = now;
            }
        }
        return current;
    }

    /** {@code base} with the values of {@code settings}; an empty secret turns its webhook (or hand-off part) off. */
    static Config apply(Config base, JsonNode settings) {
        return base
                .withRulesCacheTtl(Duration.ofSeconds(settings.path("rulesCacheSeconds").asLong(base.rulesCacheTtl().toSeconds())))
                .withStuckAfter(Duration.ofSeconds(settings.path("stuckAfterSeconds").asLong(base.stuckAfter().toSeconds())))
                .withWebhookSecrets(text(settings, "googleAdsKey"), text(settings, "metaAppSecret"),
                        text(settings, "metaVerifyToken"), text(settings, "metaAccessToken"), base.metaGraphUrl())
                .withHandOff(base.handOff().withSettings(text(settings, "linkSecret"), text(settings, "senderEmail"),
                        text(settings, "salesforceUrl"), text(settings, "salesforceToken"),
                        text(settings, "hubspotUrl"), text(settings, "hubspotToken")));
    }

    private static String text(JsonNode settings, String name) {
        String value = settings.path(name).asText("");
        return value.isEmpty() ? null : value;
    }
}
