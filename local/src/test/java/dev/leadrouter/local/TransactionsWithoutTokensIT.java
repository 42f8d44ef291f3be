package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The embedded Dynoxide gets a transaction without the idempotency token the SDK made up for it, whole, and commits
 * it; a token the caller gave, and any other request, go as the SDK made them.
 */
@Tag("integration")
class TransactionsWithoutTokensIT {
    /** The body of each request as it goes out, by operation (the last of each). */
    private static final class SentBodies implements ExecutionInterceptor {
        final Map<String, String> byTarget = new ConcurrentHashMap<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            String target = context.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("?");
            context.requestBody().ifPresent(body -> {
                try (InputStream content = body.contentStreamProvider().newStream()) {
                    byTarget.put(target, new String(content.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Test
    void aTransactionGoesWithoutTheSdksTokenAndCommitsAndACallersTokenStays() {
        SentBodies sent = new SentBodies();
        try (IsolatedStack stack = IsolatedStack.start();
             DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(stack.dynamoDbEndpoint())
                     .region(Region.of(LocalStack.REGION))
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                     .overrideConfiguration(ClientOverrideConfiguration.builder()
                             .addExecutionInterceptor(new TransactionsWithoutTokens()).addExecutionInterceptor(sent).build())
                     .build()) {
            String table = stack.direct().accountsTable();
            Map<String, AttributeValue> key = Map.of("domain", AttributeValue.fromS("tokens.example"));
            dynamo.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder().put(Put.builder().tableName(table)
                    .item(Map.of("domain", AttributeValue.fromS("tokens.example"), "accountName", AttributeValue.fromS("Tokens")))
                    .conditionExpression("attribute_not_exists(#d)").expressionAttributeNames(Map.of("#d", "domain"))
                    .build()).build()));
            assertEquals("Tokens", dynamo.getItem(r -> r.tableName(table).key(key)).item().get("accountName").s());

            var transaction = Json.parse(sent.byTarget.get("DynamoDB_20120810.TransactWriteItems"));
            assertFalse(transaction.has("ClientRequestToken"), transaction.toString());
            assertEquals("tokens.example", transaction.path("TransactItems").path(0).path("Put").path("Item")
                    .path("domain").path("S").asText());
            assertTrue(sent.byTarget.get("DynamoDB_20120810.GetItem").contains("tokens.example"));

            // A token of the caller's own goes as given.
            dynamo.transactWriteItems(r -> r.clientRequestToken("batch-7").transactItems(TransactWriteItem.builder()
                    .put(Put.builder().tableName(table).item(Map.of("domain", AttributeValue.fromS("tokens2.example")))
                            .build()).build()));
            assertEquals("batch-7", Json.parse(sent.byTarget.get("DynamoDB_20120810.TransactWriteItems"))
                    .path("ClientRequestToken").asText());
        }
    }
}
