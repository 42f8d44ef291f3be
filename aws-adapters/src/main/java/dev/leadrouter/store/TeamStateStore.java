package dev.leadrouter.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.json.AttributeValues;
import dev.leadrouter.json.Json;
import dev.leadrouter.port.TeamTurns;
import dev.leadrouter.routing.TeamState;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Per-team turn state of the fair strategies, kept as {@code TEAM#<team>} records in the leads table.
 * Writes are optimistic on the state's version, so routers running at once take turns in order.
 */
public class TeamStateStore implements TeamTurns {
    private static final String PREFIX = "TEAM#";
    private final DynamoDbClient dynamo;
    private final String table;

    public TeamStateStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public TeamState get(String team) {
        var response = dynamo.getItem(r -> r.tableName(table).key(key(team)).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return TeamState.empty();
        }
        ObjectNode item = AttributeValues.fromItem(response.item());
        item.remove(LeadStore.KEY);
        return Json.convert(item, TeamState.class);
    }

    /** A transaction element replacing the state read at {@code previousVersion} with {@code next}. */
    TransactWriteItem put(String team, long previousVersion, TeamState next) {
        ObjectNode tree = Json.tree(next);
        tree.put(LeadStore.KEY, PREFIX + team);
        Put.Builder put = Put.builder().tableName(table).item(AttributeValues.toItem(tree));
        if (previousVersion == 0) {
            put.conditionExpression("attribute_not_exists(#k)").expressionAttributeNames(Map.of("#k", LeadStore.KEY));
        } else {
            put.conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", "version"))
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(previousVersion))));
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    private static Map<String, AttributeValue> key(String team) {
        return Map.of(LeadStore.KEY, AttributeValue.fromS(PREFIX + team));
    }
}
