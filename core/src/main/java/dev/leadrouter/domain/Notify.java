package dev.leadrouter.domain;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where a rep is told of an assignment (CONTRACT.md, "Hand-off to the rep"): email (to the rep item's address),
 * a Slack or Teams incoming webhook, the signed generic webhook. Resolved from the rep item's {@code notify} map
 * over the settings item's, read leniently: a value that cannot be used is no channel, and never fails anything.
 */
public record Notify(boolean email, String slackWebhookUrl, String teamsWebhookUrl, String webhookUrl) {
    /** No channel at all: the default when the settings item has no {@code notify}. */
    public static final Notify NONE = new Notify(false, null, null, null);

    /** The settings item's {@code notify} map (null or anything but a map: no channel), the default of every rep. */
    public static Notify defaults(JsonNode settingsNotify) {
        return of(settingsNotify, NONE);
    }

    /**
     * The rep item's {@code notify} map over {@code defaults}: each value the rep's map has wins, even an empty URL,
     * which turns that default off for this rep; a null {@code email} leaves the default.
     */
    public static Notify of(JsonNode repNotify, Notify defaults) {
        JsonNode own = repNotify != null && repNotify.isObject() ? repNotify : null;
        return new Notify(
                own != null && own.has("email") && !own.get("email").isNull() ? flag(own.get("email")) : defaults.email,
                url(own, "slackWebhookUrl", defaults.slackWebhookUrl),
                url(own, "teamsWebhookUrl", defaults.teamsWebhookUrl),
                url(own, "webhookUrl", defaults.webhookUrl));
    }

    private static boolean flag(JsonNode value) {
        return value.isBoolean() ? value.booleanValue() : "true".equalsIgnoreCase(value.asText().strip());
    }

    private static String url(JsonNode own, String field, String fallback) {
        if (own == null || !own.has(field)) {
            return fallback;
        }
        JsonNode value = own.get(field);
        return value.isTextual() && !value.textValue().isBlank() ? value.textValue().strip() : null;
    }
}
