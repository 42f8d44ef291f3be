package dev.leadrouter.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.cli.OpsCli;
import dev.leadrouter.json.AttributeValues;
import dev.leadrouter.json.Json;
import dev.leadrouter.local.LocalStack;
import dev.leadrouter.local.StackExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The CLI against the embedded DynamoDB, on tables of its own prefix so that the pipeline's tables
 * (and the tests using them) are not touched.
 */
@Tag("end-to-end")
@ExtendWith(StackExtension.class)
class OpsCliEndToEndTest {
    private static LocalStack stack;
    private static final String PREFIX = "cli-test-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private static final String RULES = PREFIX + "rules";
    private static final String REPS = PREFIX + "reps";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void createTables(LocalStack shared) {
        stack = shared;
        createTable(RULES, "ruleId");
        createTable(REPS, "repId");
    }

    @AfterAll
    static void deleteTables() {
        dynamo().deleteTable(r -> r.tableName(RULES));
        dynamo().deleteTable(r -> r.tableName(REPS));
    }

    @BeforeEach
    void emptyTables() {
        for (String[] table : new String[][] {{RULES, "ruleId"}, {REPS, "repId"}}) {
            dynamo().scan(r -> r.tableName(table[0])).items().forEach(item -> dynamo().deleteItem(r -> r
                    .tableName(table[0]).key(Map.of(table[1], item.get(table[1])))));
        }
    }

    @Test
    void rulesImportRefusesABadFileAndWritesNothing() throws IOException {
        Path rules = file("""
                [ {"ruleId": "benelux", "stage": "ROUTING", "priority": 25, "team": "emea-enterprise",
                   "conditions": [{"field": "country", "op": "in", "value": ["NL", "BE", "LU"]}]},
                  {"ruleId": "typo", "stage": "ROUTING", "team": "emea-enterprise",
                   "conditions": [{"field": "employees", "op": "greater", "value": 100}]} ]""");

        assertEquals(OpsCli.FAILED, cli("rules", "import", rules.toString()));

        assertTrue(err().contains("1 of 2 rules invalid; nothing was written"), err());
        assertTrue(err().contains("item 2 (ruleId \"typo\"): conditions[0]: unknown op \"greater\""), err());
        assertEquals(0, dynamo().scan(r -> r.tableName(RULES)).count());
    }

    @Test
    void rulesImportThenExportRoundTrips() throws IOException {
        String items = """
                [ {"ruleId": "settings", "stage": "SETTINGS", "hotScore": 55, "warmScore": 25, "fallbackTeam": "smb"},
                  {"ruleId": "benelux", "stage": "ROUTING", "priority": 25, "enabled": true, "match": "ALL",
                   "conditions": [{"field": "country", "op": "in", "value": ["NL", "BE", "LU"]},
                                  {"field": "employees", "op": "between", "value": [200, 999]}],
                   "team": "emea-enterprise", "strategy": "LEAST_LOADED", "requireSkills": ["en"],
                   "description": "Benelux mid-market"},
                  {"ruleId": "q-big", "stage": "QUALIFICATION", "priority": 1.5, "points": 30,
                   "conditions": [{"field": "annualRevenue", "op": "gte", "value": 25000000}]} ]""";
        Path rules = file(items);

        assertEquals(OpsCli.OK, cli("rules", "import", rules.toString()), err());
        assertEquals("imported 3 rules into " + RULES + "\n", out());
        assertEquals(3, dynamo().scan(r -> r.tableName(RULES)).count());
        // stored as plain DynamoDB types that ops can read in the console
        Map<String, AttributeValue> stored = dynamo().getItem(r -> r.tableName(RULES)
                .key(Map.of("ruleId", AttributeValue.fromS("benelux")))).item();
        assertEquals("25", stored.get("priority").n());
        assertEquals(List.of("NL", "BE", "LU"), stored.get("conditions").l().getFirst().m().get("value").l().stream()
                .map(AttributeValue::s).toList());

        out.reset();
        assertEquals(OpsCli.OK, cli("rules", "export"), err());
        JsonNode exported = Json.parse(out());
        List<String> order = new ArrayList<>();
        exported.forEach(rule -> order.add(rule.path("ruleId").asText()));
        assertEquals(List.of("benelux", "q-big", "settings"), order);
        List<JsonNode> expected = new ArrayList<>();
        Json.parse(items).forEach(expected::add);
        expected.sort(Comparator.comparing(rule -> rule.path("ruleId").asText()));
        assertEquals(Json.MAPPER.valueToTree(expected), exported);

        // what export prints imports again unchanged
        Path again = file(out());
        out.reset();
        assertEquals(OpsCli.OK, cli("rules", "import", again.toString()), err());
        out.reset();
        assertEquals(OpsCli.OK, cli("rules", "export"));
        assertEquals(exported, Json.parse(out()));
    }

    @Test
    void repsImportKeepsOpenLeadsOfExistingReps() throws IOException {
        dynamo().putItem(r -> r.tableName(REPS).item(AttributeValues.toItem(Json.parse("""
                {"repId": "r-anna", "teams": ["emea"], "capacity": 10, "openLeads": 4, "timezone": "Europe/Berlin"}"""))));
        Path reps = file("""
                [ {"repId": "r-anna", "name": "Anna Schmidt", "teams": ["emea", "dach"], "capacity": 12, "openLeads": 0,
                   "timezone": "Europe/Berlin", "workingHours": {"mon": "09:00-17:00"}},
                  {"repId": "r-ben", "teams": ["emea"], "capacity": 5, "weight": 2} ]""");

        assertEquals(OpsCli.OK, cli("reps", "import", reps.toString()), err());
        assertEquals("imported 2 reps into " + REPS + " (1 new, 1 replaced, their openLeads kept)\n", out());

        JsonNode anna = rep("r-anna");
        assertEquals(4, anna.path("openLeads").asInt(), anna.toString());
        assertEquals(12, anna.path("capacity").asInt());
        assertEquals("Anna Schmidt", anna.path("name").asText());
        assertEquals("09:00-17:00", anna.path("workingHours").path("mon").asText());
        assertEquals(0, rep("r-ben").path("openLeads").asInt());

        out.reset();
        assertEquals(OpsCli.OK, cli("reps", "export"));
        JsonNode exported = Json.parse(out());
        assertEquals(2, exported.size());
        assertEquals("r-anna", exported.get(0).path("repId").asText());
        assertEquals("r-ben", exported.get(1).path("repId").asText());
    }

    @Test
    void repsImportRefusesABadFileAndWritesNothing() throws IOException {
        Path reps = file("""
                [ {"repId": "r-ok", "teams": ["emea"], "capacity": 5},
                  {"repId": "r-bad", "teams": ["emea"], "capacity": "five", "timezone": "CET/Somewhere"} ]""");

        assertEquals(OpsCli.FAILED, cli("reps", "import", reps.toString()));

        assertTrue(err().contains("item 2 (repId \"r-bad\"): capacity must be an integer >= 0"), err());
        assertEquals(0, dynamo().scan(r -> r.tableName(REPS)).count());
    }

    @Test
    void missingTablesAreExplained() {
        assertEquals(OpsCli.FAILED, cli("rules", "export", "--table-prefix", "no-such-prefix-"));
        assertTrue(err().contains("tables are no-such-prefix-<name>; check --table-prefix, --endpoint and --region"), err());
    }

    @Test
    void simulateReadsTheSeededOrg() throws IOException {
        Path lead = file("""
                {"email": "cli-sim@initech.de", "company": "Initech", "country": "DE", "employees": 800, "title": "Director"}""");
        assertEquals(OpsCli.OK, cliOn("lead-router-", "simulate", lead.toString()), err());
        JsonNode report = Json.parse(out());
        assertEquals("ASSIGNED", report.path("outcome").asText(), report.toString());
        assertEquals("r-lukas", report.path("assignment").path("repId").asText());
        assertEquals("initech.de", report.path("lead").path("emailDomain").asText());

        err.reset();
        Path invalid = file("{\"company\": \"no contact\"}");
        assertEquals(OpsCli.FAILED, cliOn("lead-router-", "simulate", invalid.toString()));
        assertTrue(err().startsWith("error: " + invalid + " is not a valid lead\n"), err());
    }

    private int cli(String... args) {
        return cliOn(PREFIX, args);
    }

    private int cliOn(String prefix, String... args) {
        List<String> argv = new ArrayList<>(List.of(args));
        if (!argv.contains("--table-prefix")) {
            argv.addAll(List.of("--table-prefix", prefix));
        }
        argv.addAll(List.of("--endpoint", stack.dynamoDbEndpoint().toString()));
        return OpsCli.run(argv, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path file(String content) throws IOException {
        return Files.writeString(dir.resolve(UUID.randomUUID() + ".json"), content);
    }

    private static JsonNode rep(String repId) {
        return AttributeValues.fromItem(dynamo().getItem(r -> r.tableName(REPS)
                .key(Map.of("repId", AttributeValue.fromS(repId))).consistentRead(true)).item());
    }

    private static DynamoDbClient dynamo() {
        return stack.dynamoDb();
    }

    private static void createTable(String table, String key) {
        dynamo().createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName(key).attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName(key).keyType(KeyType.HASH)));
        dynamo().waiter().waitUntilTableExists(r -> r.tableName(table));
    }
}
