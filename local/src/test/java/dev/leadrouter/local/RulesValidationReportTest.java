package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.json.AttributeValues;
import dev.leadrouter.json.Json;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code GET /rules/validation} reports each kind of mistake ops can make in a rule item, and only those. */
@Tag("end-to-end")
@ExtendWith(StackExtension.class)
class RulesValidationReportTest {
    private static final String PREFIX = "zz-invalid-";

    /** ruleId suffix, the item (without ruleId), and a part of the reason it must be reported with. */
    private static final String[][] INVALID = {
            {"no-stage", "{}", "missing stage"},
            {"unknown-stage", "{\"stage\": \"SCORING\"}", "unknown stage \"SCORING\""},
            {"settings-stage", "{\"stage\": \"SETTINGS\"}", "stage SETTINGS is only for the item with ruleId \"settings\""},
            {"enabled", "{\"stage\": \"QUALIFICATION\", \"points\": 1, \"enabled\": \"maybe\"}", "enabled must be true or false"},
            {"priority", "{\"stage\": \"QUALIFICATION\", \"points\": 1, \"priority\": \"high\"}", "priority must be a number"},
            {"match", "{\"stage\": \"QUALIFICATION\", \"points\": 1, \"match\": \"SOME\"}", "match must be ALL or ANY"},
            {"conditions", "{\"stage\": \"QUALIFICATION\", \"points\": 1, \"conditions\": {\"field\": \"country\"}}",
                    "conditions must be an array of objects"},
            {"condition", "{\"stage\": \"QUALIFICATION\", \"points\": 1, \"conditions\": [\"country = DE\"]}",
                    "conditions[0]: must be an object with field, op and value"},
            {"no-field", "{\"stage\": \"QUALIFICATION\", \"points\": 1, \"conditions\": [{\"op\": \"eq\", \"value\": 1}]}",
                    "conditions[0]: missing field"},
            {"no-op", "{\"stage\": \"QUALIFICATION\", \"points\": 1, \"conditions\": [{\"field\": \"country\", \"value\": 1}]}",
                    "conditions[0]: missing op"},
            {"unknown-op", "{\"stage\": \"ROUTING\", \"team\": \"t\", \"conditions\": "
                    + "[{\"field\": \"country\", \"op\": \"like\", \"value\": \"DE\"}]}", "unknown op \"like\""},
            {"no-value", "{\"stage\": \"ROUTING\", \"team\": \"t\", \"conditions\": [{\"field\": \"country\", \"op\": \"eq\"}]}",
                    "(country eq): needs a value"},
            {"extra-value", "{\"stage\": \"ROUTING\", \"team\": \"t\", \"conditions\": "
                    + "[{\"field\": \"phone\", \"op\": \"exists\", \"value\": true}]}", "(phone exists): takes no value"},
            {"value-type", "{\"stage\": \"ROUTING\", \"team\": \"t\", \"conditions\": "
                    + "[{\"field\": \"employees\", \"op\": \"gte\", \"value\": \"lots\"}]}",
                    "(employees gte): value must be a number or an ISO date"},
            {"in-not-list", "{\"stage\": \"ROUTING\", \"team\": \"t\", \"conditions\": "
                    + "[{\"field\": \"country\", \"op\": \"in\", \"value\": \"DE\"}]}", "value must be an array of values"},
            {"in-empty", "{\"stage\": \"ROUTING\", \"team\": \"t\", \"conditions\": "
                    + "[{\"field\": \"country\", \"op\": \"in\", \"value\": []}]}", "value must list at least one value"},
            {"regex", "{\"stage\": \"ROUTING\", \"team\": \"t\", \"conditions\": "
                    + "[{\"field\": \"title\", \"op\": \"matches\", \"value\": \"(vp\"}]}", "invalid regex"},
            {"between-shape", "{\"stage\": \"ROUTING\", \"team\": \"t\", \"conditions\": "
                    + "[{\"field\": \"employees\", \"op\": \"between\", \"value\": [10]}]}", "value must be an array [low, high]"},
            {"between-kinds", "{\"stage\": \"ROUTING\", \"team\": \"t\", \"conditions\": "
                    + "[{\"field\": \"employees\", \"op\": \"between\", \"value\": [10, \"2026-01-01\"]}]}",
                    "bounds must be of one kind"},
            {"between-order", "{\"stage\": \"ROUTING\", \"team\": \"t\", \"conditions\": "
                    + "[{\"field\": \"employees\", \"op\": \"between\", \"value\": [500, 100]}]}", "low bound 500 is above high bound 100"},
            {"no-points", "{\"stage\": \"QUALIFICATION\"}", "QUALIFICATION rule needs integer points or \"disqualify\": true"},
            {"points", "{\"stage\": \"QUALIFICATION\", \"points\": 2.5}", "points must be an integer"},
            {"disqualify", "{\"stage\": \"QUALIFICATION\", \"disqualify\": \"yes\"}", "disqualify must be true or false"},
            {"no-team", "{\"stage\": \"ROUTING\", \"strategy\": \"ROUND_ROBIN\"}", "ROUTING rule needs a team"},
            {"team-type", "{\"stage\": \"ROUTING\", \"team\": [\"a\", \"b\"]}", "team must be a text"},
            {"strategy", "{\"stage\": \"ROUTING\", \"team\": \"t\", \"strategy\": \"RANDOM\"}", "unknown strategy \"RANDOM\""},
            {"owner-strategy", "{\"stage\": \"ROUTING\", \"team\": \"t\", \"strategy\": \"ACCOUNT_OWNER\"}",
                    "unknown strategy \"ACCOUNT_OWNER\""},
            {"skills", "{\"stage\": \"ROUTING\", \"team\": \"t\", \"requireSkills\": \"de\"}", "requireSkills must be a list of texts"},
            {"description", "{\"stage\": \"ROUTING\", \"team\": \"t\", \"description\": 42}", "description must be a text"},
    };

    @Test
    void everyKindOfMistakeIsReportedWithItsReason(LocalStack stack, ApiClient api) {
        String table = stack.config().rulesTable();
        Map<String, String> expectedReasons = new LinkedHashMap<>();
        try {
            for (String[] invalid : INVALID) {
                String ruleId = PREFIX + invalid[0];
                Map<String, AttributeValue> item = new HashMap<>(AttributeValues.toItem(Json.parse(invalid[1])));
                item.put("ruleId", AttributeValue.fromS(ruleId));
                item.putIfAbsent("enabled", AttributeValue.fromBool(false)); // never in the way of other tests
                stack.dynamoDb().putItem(r -> r.tableName(table).item(item));
                expectedReasons.put(ruleId, invalid[2]);
            }

            HttpResponse<String> response = api.getAuthenticated("/rules/validation");
            assertEquals(200, response.statusCode(), response.body());
            JsonNode report = Json.parse(response.body());
            Map<String, String> reported = new HashMap<>();
            report.path("invalid").forEach(rule -> reported.put(rule.path("ruleId").asText(), rule.path("reason").asText()));
            expectedReasons.forEach((ruleId, reason) -> {
                assertTrue(reported.containsKey(ruleId), ruleId + " is not reported: " + report);
                assertTrue(reported.get(ruleId).contains(reason), ruleId + ": " + reported.get(ruleId));
            });
            assertEquals(report.path("invalid").size(), report.path("count").asInt());
            for (String valid : new String[] {"settings", "dach-enterprise", "q-senior-title", "smb-inbound"}) {
                assertFalse(reported.containsKey(valid), valid + " is valid but reported: " + reported.get(valid));
            }
        } finally {
            expectedReasons.keySet().forEach(ruleId -> stack.dynamoDb().deleteItem(r -> r.tableName(table)
                    .key(Map.of("ruleId", AttributeValue.fromS(ruleId)))));
        }
        JsonNode after = Json.parse(api.getAuthenticated("/rules/validation").body());
        after.path("invalid").forEach(rule -> assertFalse(rule.path("ruleId").asText().startsWith(PREFIX), after.toString()));
    }
}
