package dev.leadrouter.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.json.AttributeValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Whole-table reads of the small ops-edited tables. */
final class Scans {
    private Scans() {
    }

    static List<ObjectNode> all(DynamoDbClient dynamo, String table) {
        return raw(dynamo, table).stream().map(AttributeValues::fromItem).toList();
    }

    /** Every item as DynamoDB returned it. */
    static List<Map<String, AttributeValue>> raw(DynamoDbClient dynamo, String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder request = ScanRequest.builder().tableName(table).consistentRead(true);
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            ScanResponse page = dynamo.scan(request.build());
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }
}
