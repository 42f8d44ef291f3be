package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.leadrouter.store.LeadStore;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** A leads table kept (--data-dir) from before the lead list existed gets the list's indexes on start. */
@Tag("integration")
@ExtendWith(StackExtension.class)
class ProvisionerUpgradeIT {

    @Test
    void anOlderLeadsTableGetsTheStatusShardAndListIndexes(LocalStack stack) {
        DynamoDbClient dynamo = stack.dynamoDb();
        String table = "lead-router-leads-older-" + UUID.randomUUID().toString().substring(0, 8);
        dynamo.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        a -> a.attributeName("leadId").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("status").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("dueAt").attributeType(ScalarAttributeType.N))
                .keySchema(k -> k.attributeName("leadId").keyType(KeyType.HASH))
                .globalSecondaryIndexes(g -> g.indexName("byStatus")
                        .keySchema(k -> k.attributeName("status").keyType(KeyType.HASH),
                                k -> k.attributeName("dueAt").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL))));

        new Provisioner(dynamo, stack.sqs(), LocalStack.VISIBILITY_TIMEOUT).createLeadsTable(table);

        Set<String> indexes = dynamo.describeTable(r -> r.tableName(table)).table().globalSecondaryIndexes().stream()
                .map(GlobalSecondaryIndexDescription::indexName).collect(Collectors.toSet());
        Set<String> expected = new java.util.HashSet<>(Set.of("byStatus", Provisioner.STATUS_INDEX));
        for (LeadStore.ListIndex index : LeadStore.ListIndex.values()) {
            expected.add(index.indexName);
        }
        assertEquals(expected, indexes);
        dynamo.deleteTable(r -> r.tableName(table));
    }
}
