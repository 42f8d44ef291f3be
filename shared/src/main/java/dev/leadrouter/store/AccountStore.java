package dev.leadrouter.store;

import dev.leadrouter.domain.Account;
import dev.leadrouter.json.AttributeValues;
import dev.leadrouter.json.Json;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The ops-edited accounts table, keyed by email domain. */
public class AccountStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public AccountStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public Optional<Account> byDomain(String domain) {
        if (domain == null || domain.isBlank()) {
            return Optional.empty();
        }
        var response = dynamo.getItem(r -> r.tableName(table)
                .key(Map.of("domain", AttributeValue.fromS(domain.toLowerCase(Locale.ROOT)))));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Json.convert(AttributeValues.fromItem(response.item()), Account.class));
    }
}
