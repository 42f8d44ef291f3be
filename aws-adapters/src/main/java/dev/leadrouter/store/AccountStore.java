package dev.leadrouter.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Account;
import dev.leadrouter.json.AttributeValues;
import dev.leadrouter.log.Log;
import dev.leadrouter.port.Accounts;
import dev.leadrouter.routing.RepValidator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The ops-edited accounts table, keyed by email domain. */
public class AccountStore implements Accounts {
    private static final Log LOG = Log.of(AccountStore.class);

    private final DynamoDbClient dynamo;
    private final String table;

    public AccountStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<Account> byDomain(String domain) {
        if (domain == null || domain.isBlank()) {
            return Optional.empty();
        }
        var response = dynamo.getItem(r -> r.tableName(table)
                .key(Map.of("domain", AttributeValue.fromS(domain.toLowerCase(Locale.ROOT)))));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        RepValidator.Checked<Account> checked = RepValidator.account(AttributeValues.fromItem(response.item()));
        if (!checked.usable()) {
            LOG.warn("account item cannot be used, skipped", "domain", domain, "reason", String.join("; ", checked.problems()));
        }
        return Optional.ofNullable(checked.item());
    }

    /** Every account item as stored, for validation (a scan: never on a per-lead path). */
    @Override
    public List<ObjectNode> items() {
        return Scans.all(dynamo, table);
    }
}
