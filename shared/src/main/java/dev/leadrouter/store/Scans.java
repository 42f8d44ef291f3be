package dev.leadrouter.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.json.AttributeValues;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Whole-table reads of the small ops-edited tables. */
final class Scans {
    private Scans() {
    }

    static List<ObjectNode> all(DynamoDbClient dynamo, String table) {
        List<ObjectNode> items = new ArrayList<>();
        dynamo.scanPaginator(r -> r.tableName(table).consistentRead(true))
                .items().forEach(item -> items.add(AttributeValues.fromItem(item)));
        return items;
    }
}
