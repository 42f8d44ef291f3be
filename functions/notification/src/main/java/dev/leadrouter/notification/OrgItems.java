package dev.leadrouter.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Settings;
import dev.leadrouter.json.Json;
import dev.leadrouter.pipeline.BoundedTtlCache;
import dev.leadrouter.port.RepRoster;
import dev.leadrouter.port.RuleSource;
import dev.leadrouter.rules.RuleSet;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The ops-edited items the hand-off reads, as typed: a rep item ({@code notify}, {@code crmOwnerIds}) and the
 * settings item ({@code notify}, {@code webhookSecret}, {@code slaSeconds}). Read leniently, one item each:
 * a value that cannot be used is left out for that rep and never fails anyone else's delivery ({@link
 * dev.leadrouter.domain.Notify}, as routing reads it to tell whether there is anything to hand off). The settings
 * item is kept for the rules cache's TTL, as every other function keeps it, so that a message costs the rep's
 * item alone and a settings edit still takes effect within the TTL.
 */
final class OrgItems {
    private static final String SETTINGS_ID = "settings";

    private final RepRoster reps;
    private final RuleSource rules;
    private final BoundedTtlCache<String, SettingsItem> settings;

    OrgItems(RepRoster reps, RuleSource rules, Duration rulesCacheTtl, Clock clock) {
        this.reps = reps;
        this.rules = rules;
        this.settings = new BoundedTtlCache<>(1, rulesCacheTtl, clock);
    }

    Optional<ObjectNode> rep(String repId) {
        return reps.item(repId);
    }

    /** The settings item and its settings, compiled as routing compiles them; shared, so read only. */
    record SettingsItem(ObjectNode item, Settings settings) {
    }

    /** The settings item as read within the TTL. */
    SettingsItem settings() {
        return settings.get(SETTINGS_ID, id -> {
            ObjectNode item = rules.item(id).orElseGet(Json::object);
            return new SettingsItem(item, RuleSet.settingsOf(item));
        });
    }

    /** A text attribute, or null when absent, blank or not text. */
    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() && !value.textValue().isBlank() ? value.textValue().strip() : null;
    }
}
