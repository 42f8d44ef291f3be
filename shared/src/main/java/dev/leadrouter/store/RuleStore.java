package dev.leadrouter.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The ops-edited rules table, read whole (it is small) and compiled by the rules cache. */
public class RuleStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public RuleStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public List<ObjectNode> all() {
        return Scans.all(dynamo, table);
    }
}
