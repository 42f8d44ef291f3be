package dev.leadrouter.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Rep;
import dev.leadrouter.json.AttributeValues;
import dev.leadrouter.log.Log;
import dev.leadrouter.port.RepRoster;
import dev.leadrouter.routing.RepValidator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The reps table. Ops edit everything but {@code openLeads}, which only moves through the
 * transaction elements built here, so capacity is settled by DynamoDB conditions.
 */
public class RepStore implements RepRoster {
    private static final Log LOG = Log.of(RepStore.class);

    private final DynamoDbClient dynamo;
    private final String table;

    public RepStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * Every rep that can be used as written. An item that cannot (wrong types, unknown time zone, ...) is
     * skipped for itself alone and logged with its id; {@code GET /reps/validation} reports it.
     */
    @Override
    public List<Rep> all() {
        List<Rep> reps = new ArrayList<>();
        for (ObjectNode item : items()) {
            RepValidator.Checked<Rep> checked = RepValidator.rep(item);
            if (checked.usable()) {
                reps.add(checked.item());
            } else {
                LOG.warn("rep item cannot be used, skipped", "repId", item.path("repId").asText(null),
                        "reason", String.join("; ", checked.problems()));
            }
        }
        return reps;
    }

    /** Every rep item as stored, attributes the system does not know included. */
    @Override
    public List<ObjectNode> items() {
        return Scans.all(dynamo, table);
    }

    @Override
    public Optional<Rep> get(String repId) {
        return item(repId).map(item -> RepValidator.rep(item).item());
    }

    @Override
    public Optional<ObjectNode> item(String repId) {
        var response = dynamo.getItem(r -> r.tableName(table).key(key(repId)).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(AttributeValues.fromItem(response.item()));
    }

    /**
     * Takes one unit of the rep's capacity. The condition re-checks, at commit, what the decision was
     * based on: the rep still exists and is active, and (when enforced) {@code openLeads} is still the
     * value read, which was below capacity; ops' edits to capacity or active in between fail it too.
     */
    TransactWriteItem reserve(Rep rep, boolean enforceCapacity) {
        String active = "attribute_exists(#id) AND (attribute_not_exists(#active) OR #active IN (:yes, :yesText))";
        Map<String, String> names = new HashMap<>(Map.of("#id", "repId", "#open", "openLeads", "#active", "active"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":yes", AttributeValue.fromBool(true), ":yesText", AttributeValue.fromS("true")));
        if (!enforceCapacity) {
            values.put(":one", AttributeValue.fromN("1"));
            values.put(":zero", AttributeValue.fromN("0"));
            return update(rep.repId, "SET #open = if_not_exists(#open, :zero) + :one", active, names, values);
        }
        if (rep.openLeads >= rep.capacity) {
            throw new IllegalArgumentException("rep " + rep.repId + " is at capacity");
        }
        // Numbers typed by ops may be stored as N or S: accept either form of the values read.
        names.put("#cap", "capacity");
        values.put(":open", AttributeValue.fromN(Integer.toString(rep.openLeads)));
        values.put(":openText", AttributeValue.fromS(Integer.toString(rep.openLeads)));
        values.put(":cap", AttributeValue.fromN(Integer.toString(rep.capacity)));
        values.put(":capText", AttributeValue.fromS(Integer.toString(rep.capacity)));
        values.put(":next", AttributeValue.fromN(Integer.toString(rep.openLeads + 1)));
        String openUnchanged = rep.openLeads == 0
                ? "(attribute_not_exists(#open) OR #open IN (:open, :openText))"
                : "#open IN (:open, :openText)";
        return update(rep.repId, "SET #open = :next",
                active + " AND " + openUnchanged + " AND #cap IN (:cap, :capText)", names, values);
    }

    @Override
    public boolean deactivate(String repId) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(repId)).updateExpression("SET #active = :no")
                    .conditionExpression("attribute_exists(#id)")
                    .expressionAttributeNames(Map.of("#active", "active", "#id", "repId"))
                    .expressionAttributeValues(Map.of(":no", AttributeValue.fromBool(false))));
            return true;
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException missing) {
            return false;
        }
    }

    /** Gives one unit of capacity back; never below zero. */
    TransactWriteItem release(String repId) {
        return update(repId, "SET #open = #open - :one", "attribute_exists(#id) AND #open > :zero",
                Map.of("#id", "repId", "#open", "openLeads"),
                Map.of(":one", AttributeValue.fromN("1"), ":zero", AttributeValue.fromN("0")));
    }

    private TransactWriteItem update(String repId, String expression, String condition, Map<String, String> names,
                                     Map<String, AttributeValue> values) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(repId))
                .updateExpression(expression).conditionExpression(condition)
                .expressionAttributeNames(names).expressionAttributeValues(values).build()).build();
    }

    private static Map<String, AttributeValue> key(String repId) {
        return Map.of("repId", AttributeValue.fromS(repId));
    }
}
