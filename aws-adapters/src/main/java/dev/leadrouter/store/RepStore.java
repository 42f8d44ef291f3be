package dev.leadrouter.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Rep;
import dev.leadrouter.json.AttributeValues;
import dev.leadrouter.log.Log;
import dev.leadrouter.port.RepRoster;
import dev.leadrouter.routing.RepValidator;
import dev.leadrouter.routing.StoredRep;
import dev.leadrouter.routing.Turn;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The reps table. Ops edit everything but {@code openLeads} and the rotation's {@code turns} and
 * {@code weightedTurns}, which only move through the transaction elements built here, so capacity and
 * turns are settled by DynamoDB conditions.
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
        return usable().stream().map(StoredRep::rep).toList();
    }

    /** {@link #all()} with the attributes each decision reads, as stored (one Scan). */
    @Override
    public List<StoredRep> usable() {
        List<StoredRep> reps = new ArrayList<>();
        for (Map<String, AttributeValue> item : Scans.raw(dynamo, table)) {
            usable(item).ifPresent(reps::add);
        }
        return reps;
    }

    /** Every rep item as stored, attributes the system does not know included. */
    @Override
    public List<ObjectNode> items() {
        return Scans.all(dynamo, table);
    }

    /** The rep when it exists and its item can be used. */
    @Override
    public Optional<Rep> get(String repId) {
        return read(repId).map(StoredRep::rep);
    }

    /** {@link #get} with the attributes a decision reads, as stored (a consistent GetItem). */
    @Override
    public Optional<StoredRep> read(String repId) {
        return rawItem(repId).flatMap(RepStore::usable);
    }

    @Override
    public Optional<ObjectNode> item(String repId) {
        return rawItem(repId).map(AttributeValues::fromItem);
    }

    private Optional<Map<String, AttributeValue>> rawItem(String repId) {
        var response = dynamo.getItem(r -> r.tableName(table).key(key(repId)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    /**
     * The usable reps among {@code repIds} (at most {@link #MAX_BATCH_READ}), read consistently in one
     * BatchGetItem (plus a retry of any keys DynamoDB left unprocessed); absent ids are missing or unusable.
     */
    @Override
    public Map<String, StoredRep> read(Collection<String> repIds) {
        Map<String, StoredRep> found = new HashMap<>();
        List<Map<String, AttributeValue>> keys = repIds.stream().distinct().limit(MAX_BATCH_READ).map(RepStore::key).toList();
        Map<String, KeysAndAttributes> request = keys.isEmpty() ? Map.of()
                : Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        while (!request.isEmpty()) {
            Map<String, KeysAndAttributes> asked = request;
            var response = dynamo.batchGetItem(r -> r.requestItems(asked));
            response.responses().getOrDefault(table, List.of())
                    .forEach(item -> usable(item).ifPresent(rep -> found.put(rep.repId(), rep)));
            request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
        return found;
    }

    private static Optional<StoredRep> usable(Map<String, AttributeValue> item) {
        ObjectNode json = AttributeValues.fromItem(item);
        RepValidator.Checked<Rep> checked = RepValidator.rep(json);
        if (!checked.usable()) {
            LOG.warn("rep item cannot be used, skipped", "repId", json.path("repId").asText(null),
                    "reason", String.join("; ", checked.problems()));
            return Optional.empty();
        }
        return Optional.of(DynamoReadAs.stored(checked.item(), item));
    }

    /**
     * Takes one unit of the rep's capacity. The condition re-checks, at commit, everything the decision was
     * based on: the rep still exists and each attribute it read ({@link StoredRep#DECIDED_ON}: active,
     * capacity, openLeads, away, teams, skills, hours, ...) is still as read, openLeads at most as read, so a
     * decision made on an older read of the rep (a cache) can only lose, never break capacity or place a lead
     * against an ops edit, and a close since the read does not make it lose. Failing, the transaction returns
     * the rep as it now is. {@code openLeads} is incremented in place; without capacity enforced (an account
     * owner) it may have moved either way. With {@code turn}, the rep's count of turns
     * in the team's rotation moves on, on condition that it is still the count read: only the chosen rep's
     * item is conditioned on, no team-wide item (README, "Fair turns without a team item").
     */
    TransactWriteItem reserve(StoredRep read, boolean enforceCapacity, Turn turn) {
        Rep rep = read.rep();
        Map<String, String> names = new HashMap<>(Map.of("#id", "repId"));
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> conditions = new ArrayList<>(List.of("attribute_exists(#id)"));
        for (int i = 0; i < StoredRep.DECIDED_ON.size(); i++) {
            String attribute = StoredRep.DECIDED_ON.get(i);
            if (!enforceCapacity && attribute.equals("openLeads")) {
                continue;
            }
            names.put("#a" + i, attribute);
            AttributeValue value = DynamoReadAs.of(read).get(attribute);
            if (value == null) {
                conditions.add("attribute_not_exists(#a" + i + ")");
            } else {
                values.put(":a" + i, value);
                // A close or hand-over freeing capacity since the read leaves the decision right (the rep is
                // no fuller than read), so only a rise of openLeads makes the reserve lose.
                conditions.add("#a" + i + (attribute.equals("openLeads") ? " <= :a" : " = :a") + i);
            }
        }
        names.put("#open", "openLeads");
        values.put(":zero", AttributeValue.fromN("0"));
        values.put(":one", AttributeValue.fromN("1"));
        // Enforced, openLeads is at most as read, which is below capacity: one more stays within it.
        String expression = "SET #open = if_not_exists(#open, :zero) + :one";
        if (enforceCapacity && rep.openLeads >= rep.capacity) {
            throw new IllegalArgumentException("rep " + rep.repId + " is at capacity");
        }
        if (turn != null) {
            expression += turnUpdate(turn, names, values, conditions);
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(rep.repId))
                .updateExpression(expression).conditionExpression(String.join(" AND ", conditions))
                .expressionAttributeNames(names).expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build();
    }

    /** The usable rep in a reserve's cancellation (its item as it now is), empty when gone or unusable. */
    static Optional<StoredRep> found(Map<String, AttributeValue> item) {
        return item == null || item.isEmpty() ? Optional.empty() : usable(item);
    }

    /** The SET clause moving the rep's count of turns on, its names, values and the condition on the count read. */
    private static String turnUpdate(Turn turn, Map<String, String> names, Map<String, AttributeValue> values,
                                     List<String> conditions) {
        names.put("#turns", turn.attribute());
        values.put(":map", AttributeValue.fromS("M"));
        if (!turn.mapPresent()) {
            // No map read (ops wrote the item without one, or something else than a map): start one.
            values.put(":turns", AttributeValue.fromM(Map.of(turn.team(), number(turn.next()))));
            conditions.add("(attribute_not_exists(#turns) OR NOT attribute_type(#turns, :map))");
            return ", #turns = :turns";
        }
        names.put("#team", turn.team());
        values.put(":turn", number(turn.next()));
        conditions.add("attribute_type(#turns, :map)");
        if (turn.previous() == null) {
            values.put(":number", AttributeValue.fromS("N"));
            conditions.add("(attribute_not_exists(#turns.#team) OR NOT attribute_type(#turns.#team, :number))");
        } else {
            values.put(":turnRead", AttributeValue.fromN(turn.previous().toPlainString()));
            conditions.add("#turns.#team = :turnRead");
        }
        return ", #turns.#team = :turn";
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
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
