package dev.leadrouter.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.json.Json;
import dev.leadrouter.pipeline.BoundedTtlCache;
import dev.leadrouter.port.RepRoster;
import dev.leadrouter.port.RuleSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The ops-edited items the hand-off reads, as typed: a rep item ({@code notify}, {@code crmOwnerIds}) and the
 * settings item ({@code notify}, {@code webhookSecret}, {@code slaSeconds}). Read leniently, one item each:
 * a value that cannot be used is left out for that rep and never fails anyone else's delivery. The settings
 * item is kept for the rules cache's TTL, as every other function keeps it, so that a message costs the rep's
 * item alone and a settings edit still takes effect within the TTL.
 */
final class OrgItems {
    private static final String SETTINGS_ID = "settings";

    private final RepRoster reps;
    private final RuleSource rules;
    private final BoundedTtlCache<String, ObjectNode> settings;

    OrgItems(RepRoster reps, RuleSource rules, Duration rulesCacheTtl, Clock clock) {
        this.reps = reps;
        this.rules = rules;
        this.settings = new BoundedTtlCache<>(1, rulesCacheTtl, clock);
    }

    Optional<ObjectNode> rep(String repId) {
        return reps.item(repId);
    }

    /** The settings item as read within the TTL; shared, so read only. */
    ObjectNode settings() {
        return settings.get(SETTINGS_ID, id -> rules.item(id).orElseGet(Json::object));
    }

    /** A text attribute, or null when absent, blank or not text. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() && !value.textValue().isBlank() ? value.textValue().strip() : null;
    }

    /** Where a rep is told: each of the rep item's {@code notify} values, else the settings item's. */
    record Notify(boolean email, String slackWebhookUrl, String teamsWebhookUrl, String webhookUrl) {
        static Notify of(ObjectNode rep, ObjectNode settings) {
            JsonNode own = rep.path("notify");
            JsonNode fallback = settings.path("notify");
            return new Notify(flag(own, fallback, "email"), url(own, fallback, "slackWebhookUrl"),
                    url(own, fallback, "teamsWebhookUrl"), url(own, fallback, "webhookUrl"));
        }

        private static boolean flag(JsonNode own, JsonNode fallback, String field) {
            JsonNode value = own.isObject() && own.has(field) && !own.get(field).isNull() ? own.get(field)
                    : fallback.path(field);
            return value.isBoolean() ? value.booleanValue() : "true".equalsIgnoreCase(value.asText().strip());
        }

        /** The rep's own value wins, even an empty one, which turns the settings' default off for that rep. */
        private static String url(JsonNode own, JsonNode fallback, String field) {
            if (own.isObject() && own.has(field)) {
                return text(own, field);
            }
            return fallback.isObject() ? text(fallback, field) : null;
        }
    }
}
