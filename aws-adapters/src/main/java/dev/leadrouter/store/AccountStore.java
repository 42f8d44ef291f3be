package dev.leadrouter.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Account;
import dev.leadrouter.json.AttributeValues;
import dev.leadrouter.log.Log;
import dev.leadrouter.port.Accounts;
import dev.leadrouter.routing.RepValidator;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/** The ops-edited accounts table, keyed by email domain. */
public class AccountStore implements Accounts {
    /** DynamoDB's most keys in one BatchGetItem. */
    static final int BATCH_GET_KEYS = 100;
    private static final Log LOG = Log.of(AccountStore.class);

    private final DynamoDbClient dynamo;
    private final String table;

    public AccountStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** One BatchGetItem per 100 domains, plus a retry of any keys DynamoDB left unprocessed. */
    @Override
    public Map<String, Account> byDomains(Collection<String> domains) {
        List<String> asked = domains.stream().filter(Objects::nonNull).filter(domain -> !domain.isBlank())
                .map(domain -> domain.toLowerCase(Locale.ROOT)).distinct().toList();
        Map<String, Account> found = new HashMap<>();
        for (int from = 0; from < asked.size(); from += BATCH_GET_KEYS) {
            List<Map<String, AttributeValue>> keys = asked.subList(from, Math.min(asked.size(), from + BATCH_GET_KEYS))
                    .stream().map(domain -> Map.of("domain", AttributeValue.fromS(domain))).toList();
            Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder().keys(keys).build());
            while (!pending.isEmpty()) {
                Map<String, KeysAndAttributes> request = pending;
                var response = dynamo.batchGetItem(r -> r.requestItems(request));
                response.responses().getOrDefault(table, List.of()).forEach(item -> usable(item, found));
                pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return found;
    }

    private static void usable(Map<String, AttributeValue> item, Map<String, Account> found) {
        ObjectNode json = AttributeValues.fromItem(item);
        String domain = json.path("domain").asText("").toLowerCase(Locale.ROOT);
        RepValidator.Checked<Account> checked = RepValidator.account(json);
        if (!checked.usable()) {
            LOG.warn("account item cannot be used, skipped", "domain", domain, "reason", String.join("; ", checked.problems()));
        }
        if (checked.item() != null) {
            found.put(domain, checked.item());
        }
    }

    /** Every account item as stored, for validation (a scan: never on a per-lead path). */
    @Override
    public List<ObjectNode> items() {
        return Scans.all(dynamo, table);
    }
}
