package dev.leadrouter.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.json.AttributeValues;
import dev.leadrouter.json.Json;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The ops-edited items the hand-off reads, as typed: a rep item ({@code notify}, {@code crmOwnerIds}) and the
 * settings item ({@code notify}, {@code webhookSecret}, {@code slaSeconds}). Read leniently, one item each:
 * a value that cannot be used is left out for that rep and never fails anyone else's delivery.
 */
final class OrgItems {
    private final DynamoDbClient dynamo;
    private final String repsTable;
    private final String rulesTable;

    OrgItems(DynamoDbClient dynamo, String repsTable, String rulesTable) {
        this.dynamo = dynamo;
        this.repsTable = repsTable;
        this.rulesTable = rulesTable;
    }

    Optional<ObjectNode> rep(String repId) {
        return item(repsTable, "repId", repId);
    }

    ObjectNode settings() {
        return item(rulesTable, "ruleId", "settings").orElseGet(Json::object);
    }

    private Optional<ObjectNode> item(String table, String key, String value) {
        var response = dynamo.getItem(r -> r.tableName(table).key(Map.of(key, AttributeValue.fromS(value))));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(AttributeValues.fromItem(response.item())) : Optional.empty();
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
