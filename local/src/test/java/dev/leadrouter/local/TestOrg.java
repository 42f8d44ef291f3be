package dev.leadrouter.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.json.AttributeValues;
import dev.leadrouter.json.Json;
import dev.leadrouter.store.RepStore;

/**
 * A stack of a test class's own (free ports, no sample org, 1 s sweep) and the org it needs, written
 * as ops would write it: plain JSON items in the reps, rules and accounts tables.
 */
final class TestOrg {
    private TestOrg() {
    }

    /** {@code options} for a stack with empty reps, rules and accounts tables, a 1 s sweep and a 1 s rules cache. */
    static LocalStackOptions emptyOrg(LocalStackOptions options) {
        return options.seed(false).sweepSeconds(1).rulesCacheSeconds(1);
    }

    /** Writes {@code org}, shaped like the sample org: {"reps": [...], "rules": [...], "accounts": [...]}. */
    static void write(LocalStack stack, String org) {
        JsonNode items = Json.parse(org);
        write(stack, stack.config().repsTable(), items.path("reps"));
        write(stack, stack.config().rulesTable(), items.path("rules"));
        write(stack, stack.config().accountsTable(), items.path("accounts"));
    }

    private static void write(LocalStack stack, String table, JsonNode items) {
        items.forEach(item -> stack.dynamoDb().putItem(r -> r.tableName(table).item(AttributeValues.toItem(item))));
    }

    /** The rep's openLeads as stored now. */
    static int openLeads(LocalStack stack, String repId) {
        return new RepStore(stack.dynamoDb(), stack.config().repsTable()).get(repId)
                .orElseThrow(() -> new AssertionError("no rep " + repId)).openLeads;
    }
}
