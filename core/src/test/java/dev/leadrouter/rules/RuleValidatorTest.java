package dev.leadrouter.rules;

import static dev.leadrouter.rules.TestRules.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleValidatorTest {

    private static List<String> problems(String json) {
        return RuleValidator.problems(item(json));
    }

    private static String conditionProblem(String condition) {
        List<String> problems = problems("{\"ruleId\":\"r\",\"stage\":\"QUALIFICATION\",\"points\":5,\"conditions\":["
                + condition + "]}");
        assertEquals(1, problems.size(), () -> "problems: " + problems);
        return problems.get(0);
    }

    private static void assertContains(String expectedPart, String actual) {
        assertTrue(actual.contains(expectedPart), () -> "expected '" + expectedPart + "' in: " + actual);
    }

    @Test
    void acceptsTheContractExample() {
        assertEquals(List.of(), problems("""
                { "ruleId": "emea-enterprise", "stage": "ROUTING", "priority": 10, "enabled": true,
                  "match": "ALL",
                  "conditions": [ {"field": "country", "op": "in", "value": ["DE","FR","GB"]},
                                  {"field": "employees", "op": "gte", "value": 1000} ],
                  "team": "emea-enterprise", "strategy": "ROUND_ROBIN", "requireSkills": ["de"],
                  "description": "EMEA enterprise accounts" }"""));
    }

    @Test
    void acceptsValuesTypedAsTextTheWayOpsEnterThem() {
        assertEquals(List.of(), problems("""
                { "ruleId": "r", "stage": "qualification", "priority": "5", "enabled": "true", "points": "10",
                  "conditions": [ {"field": "employees", "op": "GTE", "value": "1000"},
                                  {"field": "employees", "op": "between", "value": ["10", "20"]} ] }"""));
    }

    @Test
    void missingRuleId() {
        assertEquals(List.of("missing ruleId"), problems("{\"stage\":\"ROUTING\",\"team\":\"t\"}"));
    }

    @Test
    void unknownOrMissingStage() {
        assertContains("unknown stage \"SCORING\"", problems("{\"ruleId\":\"r\",\"stage\":\"SCORING\"}").get(0));
        assertContains("missing stage", problems("{\"ruleId\":\"r\"}").get(0));
    }

    @Test
    void settingsStageBelongsToTheSettingsItemOnly() {
        assertContains("only for the item with ruleId \"settings\"", problems("{\"ruleId\":\"r\",\"stage\":\"SETTINGS\"}").get(0));
        assertContains("must have stage SETTINGS", problems("{\"ruleId\":\"settings\",\"stage\":\"ROUTING\"}").get(0));
    }

    @Test
    void unknownOp() {
        assertContains("conditions[0]: unknown op \"like\"", conditionProblem("{\"field\":\"title\",\"op\":\"like\",\"value\":\"x\"}"));
    }

    @Test
    void missingFieldAndOp() {
        assertContains("conditions[0]: missing field", conditionProblem("{\"op\":\"exists\"}"));
        assertContains("conditions[0]: missing op", conditionProblem("{\"field\":\"title\"}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "in|\"DE\"|value must be an array",
        "not_in|[]|at least one value",
        "in|[\"DE\", {\"a\":1}]|value[1] must be a text, number or boolean",
        "between|[1]|value must be an array [low, high]",
        "between|[1, 2, 3]|value must be an array [low, high]",
        "between|[10, 1]|low bound 10 is above high bound 1",
        "between|[1, \"abc\"]|bounds must be of one kind, not number and text",
        "gt|\"lots\"|value must be a number or an ISO date, not \"lots\"",
        "lte|[1]|value must be a number or an ISO date",
        "gte|true|value must be a number or an ISO date",
        "matches|\"(unclosed\"|invalid regex: Unclosed group",
        "matches|42|value must be a non-empty regex text",
        "exists|\"yes\"|takes no value",
        "eq|[\"a\"]|value must be a text, number or boolean",
        "eq|\" \"|must not be blank",
        "contains|\"\"|must not be blank"})
    void valueTypeWrongForTheOp(String op, String value, String expected) {
        String problem = conditionProblem("{\"field\":\"employees\",\"op\":\"" + op + "\",\"value\":" + value + "}");
        assertContains("conditions[0] (employees " + op + "): ", problem);
        assertContains(expected, problem);
    }

    @Test
    void opsOtherThanExistsNeedAValue() {
        assertContains("(title eq): needs a value", conditionProblem("{\"field\":\"title\",\"op\":\"eq\"}"));
    }

    @Test
    void conditionsMustBeAnArrayOfObjects() {
        assertContains("conditions must be an array of objects",
                problems("{\"ruleId\":\"r\",\"stage\":\"QUALIFICATION\",\"points\":1,\"conditions\":{\"field\":\"x\"}}").get(0));
        assertContains("conditions[0]: must be an object", conditionProblem("\"country eq DE\""));
    }

    @Test
    void matchMustBeAllOrAny() {
        assertContains("match must be ALL or ANY, not \"SOME\"",
                problems("{\"ruleId\":\"r\",\"stage\":\"QUALIFICATION\",\"points\":1,\"match\":\"SOME\"}").get(0));
    }

    @Test
    void priorityAndEnabledTypes() {
        assertEquals(List.of("enabled must be true or false, not \"yes\"", "priority must be a number, not \"high\""),
                problems("{\"ruleId\":\"r\",\"stage\":\"ROUTING\",\"team\":\"t\",\"priority\":\"high\",\"enabled\":\"yes\"}"));
    }

    @Test
    void qualificationNeedsIntegerPointsOrDisqualify() {
        assertContains("needs integer points or \"disqualify\": true",
                problems("{\"ruleId\":\"r\",\"stage\":\"QUALIFICATION\"}").get(0));
        assertContains("needs integer points", problems("{\"ruleId\":\"r\",\"stage\":\"QUALIFICATION\",\"disqualify\":false}").get(0));
        assertContains("points must be an integer, not 2.5",
                problems("{\"ruleId\":\"r\",\"stage\":\"QUALIFICATION\",\"points\":2.5}").get(0));
        assertContains("disqualify must be true or false",
                problems("{\"ruleId\":\"r\",\"stage\":\"QUALIFICATION\",\"disqualify\":\"maybe\"}").get(0));
        assertEquals(List.of(), problems("{\"ruleId\":\"r\",\"stage\":\"QUALIFICATION\",\"disqualify\":\"true\"}"));
        assertEquals(List.of(), problems("{\"ruleId\":\"r\",\"stage\":\"QUALIFICATION\",\"points\":-15}"));
    }

    @Test
    void routingNeedsATeamAndAKnownStrategy() {
        assertEquals(List.of("ROUTING rule needs a team"), problems("{\"ruleId\":\"r\",\"stage\":\"ROUTING\"}"));
        assertEquals(List.of("ROUTING rule needs a team"), problems("{\"ruleId\":\"r\",\"stage\":\"ROUTING\",\"team\":\" \"}"));
        assertContains("unknown strategy \"RANDOM\"",
                problems("{\"ruleId\":\"r\",\"stage\":\"ROUTING\",\"team\":\"t\",\"strategy\":\"RANDOM\"}").get(0));
        assertContains("unknown strategy \"ACCOUNT_OWNER\"",
                problems("{\"ruleId\":\"r\",\"stage\":\"ROUTING\",\"team\":\"t\",\"strategy\":\"ACCOUNT_OWNER\"}").get(0));
    }

    @Test
    void requireSkillsMustBeAListOfTexts() {
        assertContains("requireSkills must be a list of texts",
                problems("{\"ruleId\":\"r\",\"stage\":\"ROUTING\",\"team\":\"t\",\"requireSkills\":\"de\"}").get(0));
        assertContains("requireSkills must be a list of texts",
                problems("{\"ruleId\":\"r\",\"stage\":\"ROUTING\",\"team\":\"t\",\"requireSkills\":[\"de\", 3]}").get(0));
    }

    @Test
    void settingsValuesMustBeNonNegativeIntegersWithWarmNotAboveHot() {
        assertEquals(List.of(), problems("{\"ruleId\":\"settings\",\"stage\":\"SETTINGS\",\"hotScore\":\"70\",\"fallbackTeam\":\"inbound\"}"));
        assertEquals(List.of("hotScore must be a non-negative integer, not -1", "slaSeconds must be a non-negative integer, not \"soon\""),
                problems("{\"ruleId\":\"settings\",\"stage\":\"SETTINGS\",\"hotScore\":-1,\"slaSeconds\":\"soon\"}"));
        assertEquals(List.of("parkRetrySeconds must be a non-negative integer, not 1.5"),
                problems("{\"ruleId\":\"settings\",\"stage\":\"SETTINGS\",\"parkRetrySeconds\":1.5}"));
        assertEquals(List.of("warmScore 70 is above hotScore 60"),
                problems("{\"ruleId\":\"settings\",\"stage\":\"SETTINGS\",\"warmScore\":70}"));
    }

    @Test
    void reportsEveryProblemOfAnItemTogether() {
        List<String> problems = problems("""
                { "ruleId": "r", "stage": "ROUTING", "strategy": "FASTEST", "match": "BOTH",
                  "conditions": [ {"field": "country", "op": "in", "value": "DE"},
                                  {"field": "title", "op": "matches", "value": "[a-"} ] }""");
        assertEquals(5, problems.size(), () -> "problems: " + problems);
        assertTrue(RuleValidator.reason(item("{\"ruleId\":\"r\",\"stage\":\"ROUTING\",\"team\":\"t\"}")).isEmpty());
        assertEquals(String.join("; ", problems), RuleValidator.reason(item("""
                { "ruleId": "r", "stage": "ROUTING", "strategy": "FASTEST", "match": "BOTH",
                  "conditions": [ {"field": "country", "op": "in", "value": "DE"},
                                  {"field": "title", "op": "matches", "value": "[a-"} ] }""")).orElseThrow());
    }
}
