package dev.leadrouter.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.config.Config;
import dev.leadrouter.json.AttributeValues;
import dev.leadrouter.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The sample sales org (reps, rules with the settings item, accounts) that a fresh local stack
 * starts with, so that a lead posted right away is scored and assigned.
 */
public final class SampleOrg {
    private static final String RESOURCE = "/sample-org.json";

    private final JsonNode org;

    private SampleOrg(JsonNode org) {
        this.org = org;
    }

    public static SampleOrg load() {
        try (InputStream in = SampleOrg.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new SampleOrg(Json.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public JsonNode reps() {
        return org.path("reps");
    }

    public JsonNode rules() {
        return org.path("rules");
    }

    public JsonNode accounts() {
        return org.path("accounts");
    }

    /** Writes the org when the reps, rules and accounts tables are all empty; returns whether it did. */
    public boolean seedIfEmpty(DynamoDbClient dynamo, Config config) {
        List<String> tables = List.of(config.repsTable(), config.rulesTable(), config.accountsTable());
        if (!tables.stream().allMatch(table -> isEmpty(dynamo, table))) {
            return false;
        }
        write(dynamo, config.repsTable(), reps());
        write(dynamo, config.rulesTable(), rules());
        write(dynamo, config.accountsTable(), accounts());
        return true;
    }

    private static boolean isEmpty(DynamoDbClient dynamo, String table) {
        return dynamo.scan(r -> r.tableName(table).limit(1)).count() == 0;
    }

    private static void write(DynamoDbClient dynamo, String table, JsonNode items) {
        items.forEach(item -> dynamo.putItem(r -> r.tableName(table).item(AttributeValues.toItem(item))));
    }
}
