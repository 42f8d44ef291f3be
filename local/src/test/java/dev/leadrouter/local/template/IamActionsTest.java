package dev.leadrouter.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;

class IamActionsTest {
    private static final Map<String, AttributeValue> KEY = Map.of("k", AttributeValue.fromS("v"));

    @Test
    void aTransactionIsAuthorizedItemByItemAndTableByTable() {
        var transaction = TransactWriteItemsRequest.builder().transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName("leads").item(KEY).build()).build(),
                TransactWriteItem.builder().update(Update.builder().tableName("reps").key(KEY).build()).build(),
                TransactWriteItem.builder().delete(Delete.builder().tableName("leads").key(KEY).build()).build(),
                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName("rules").key(KEY).build()).build())
                .build();
        assertEquals(List.of(
                new IamActions.Call("dynamodb:PutItem", LocalResources.tableArn("leads")),
                new IamActions.Call("dynamodb:UpdateItem", LocalResources.tableArn("reps")),
                new IamActions.Call("dynamodb:DeleteItem", LocalResources.tableArn("leads")),
                new IamActions.Call("dynamodb:ConditionCheckItem", LocalResources.tableArn("rules"))),
                IamActions.of("TransactWriteItems", transaction));
    }

    @Test
    void indexReadsAreOnTheIndexAndSqsBatchesOnTheSingleMessageAction() {
        assertEquals(List.of(new IamActions.Call("dynamodb:Query", LocalResources.tableArn("leads") + "/index/byStatus")),
                IamActions.of("Query", QueryRequest.builder().tableName("leads").indexName("byStatus").build()));
        assertEquals(List.of(new IamActions.Call("sqs:DeleteMessage", LocalResources.queueArn("q"))),
                IamActions.of("DeleteMessageBatch", DeleteMessageBatchRequest.builder()
                        .queueUrl("http://localhost:9324/000000000000/q").build()));
        assertEquals("sqs:ChangeMessageVisibility", IamActions.iamName("sqs:ChangeMessageVisibilityBatch"));
    }

    @Test
    void anEmailIsAuthorizedOnItsSendingIdentity() {
        assertEquals(List.of(new IamActions.Call("ses:SendEmail", LocalResources.sesIdentityArn("sales@example.com"))),
                IamActions.of("SendEmail", software.amazon.awssdk.services.sesv2.model.SendEmailRequest.builder()
                        .fromEmailAddress("sales@example.com").build()));
    }

    @Test
    void wildcardsMatchAsInIam() {
        var grant = new RolePolicy.Grant(true, "dynamodb:Get*", LocalResources.tableArn("leads"));
        assertTrue(grant.covers(new IamActions.Call("dynamodb:GetItem", LocalResources.tableArn("leads"))));
        assertFalse(grant.covers(new IamActions.Call("dynamodb:GetItem", LocalResources.tableArn("reps"))));
        assertTrue(grant.isWildcard());
    }
}
