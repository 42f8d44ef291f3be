package dev.leadrouter.rules;

import static dev.leadrouter.rules.TestRules.lead;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.leadrouter.json.AttributeValues;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Rule items as the rules table returns them compile as the JSON ops wrote. */
class StoredRuleItemsTest {
    @Test
    void compilesItemsAsDynamoDbReturnsThemWithNumbersAsTextAndStringSets() {
        Map<String, AttributeValue> stored = Map.of(
                "ruleId", AttributeValue.fromS("big-de"),
                "stage", AttributeValue.fromS("ROUTING"),
                "priority", AttributeValue.fromS("10"),
                "team", AttributeValue.fromS("dach"),
                "requireSkills", AttributeValue.fromSs(List.of("de")),
                "conditions", AttributeValue.fromL(List.of(
                        AttributeValue.fromM(Map.of("field", AttributeValue.fromS("country"), "op", AttributeValue.fromS("in"),
                                "value", AttributeValue.fromSs(List.of("DE", "AT", "CH")))),
                        AttributeValue.fromM(Map.of("field", AttributeValue.fromS("employees"), "op", AttributeValue.fromS("gte"),
                                "value", AttributeValue.fromS("1000"))),
                        AttributeValue.fromM(Map.of("field", AttributeValue.fromS("annualRevenue"), "op", AttributeValue.fromS("between"),
                                "value", AttributeValue.fromNs(List.of("1000000", "100000000")))))));
        RuleSet rules = RuleSet.compile(List.of(AttributeValues.fromItem(stored)));
        assertEquals(List.of(), rules.invalidRules());
        assertEquals("big-de", rules.firstRoutingMatch(lead()).orElseThrow().ruleId());
    }
}
