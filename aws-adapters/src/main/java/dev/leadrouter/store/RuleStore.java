package dev.leadrouter.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.json.AttributeValues;
import dev.leadrouter.port.RuleSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The ops-edited rules table, read whole (it is small) and compiled by the rules cache. */
public class RuleStore implements RuleSource {
    private final DynamoDbClient dynamo;
    private final String table;

    public RuleStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public List<ObjectNode> all() {
        return Scans.all(dynamo, table);
    }

    @Override
    public Optional<ObjectNode> item(String ruleId) {
        var response = dynamo.getItem(r -> r.tableName(table).key(Map.of("ruleId", AttributeValue.fromS(ruleId))));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(AttributeValues.fromItem(response.item())) : Optional.empty();
    }
}
