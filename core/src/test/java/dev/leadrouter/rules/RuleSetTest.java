package dev.leadrouter.rules;

import static dev.leadrouter.rules.TestRules.item;
import static dev.leadrouter.rules.TestRules.lead;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.RouteChoice;
import dev.leadrouter.domain.Notify;
import dev.leadrouter.domain.Settings;
import dev.leadrouter.domain.Strategy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleSetTest {

    private static ObjectNode routing(String ruleId, String priority, String team, String conditions) {
        return item("{\"ruleId\":\"" + ruleId + "\",\"stage\":\"ROUTING\"" + (priority == null ? "" : ",\"priority\":" + priority)
                + ",\"team\":\"" + team + "\",\"conditions\":" + conditions + "}");
    }

    private static List<String> ids(List<CompiledRule> rules) {
        return rules.stream().map(CompiledRule::ruleId).toList();
    }

    @Test
    void rulesRunByAscendingPriorityWithTiesByRuleIdAndAbsentPriorityZero() {
        RuleSet rules = RuleSet.compile(List.of(
                routing("c", "10", "t", "[]"), routing("b", "10", "t", "[]"), routing("none", null, "t", "[]"),
                routing("neg", "-5", "t", "[]"), routing("text", "\"7.5\"", "t", "[]")));
        assertEquals(List.of("neg", "none", "text", "b", "c"), ids(rules.routingRules()));
    }

    @Test
    void splitsByStageAndLeavesOutDisabledAndInvalidRules() {
        RuleSet rules = RuleSet.compile(List.of(
                item("{\"ruleId\":\"q1\",\"stage\":\"QUALIFICATION\",\"points\":5}"),
                item("{\"ruleId\":\"q2\",\"stage\":\"QUALIFICATION\",\"points\":5,\"enabled\":false}"),
                item("{\"ruleId\":\"q3\",\"stage\":\"QUALIFICATION\",\"points\":5,\"enabled\":\"FALSE\"}"),
                item("{\"ruleId\":\"r1\",\"stage\":\"ROUTING\",\"team\":\"t\"}"),
                item("{\"ruleId\":\"r2\",\"stage\":\"ROUTING\"}"),
                item("{\"ruleId\":\"r3\",\"stage\":\"ROUTING\",\"enabled\":false,\"strategy\":\"X\",\"team\":\"t\"}")));
        assertEquals(List.of("q1"), ids(rules.qualificationRules()));
        assertEquals(List.of("r1"), ids(rules.routingRules()));
        assertEquals(List.of(new InvalidRule("r2", "ROUTING rule needs a team"),
                        new InvalidRule("r3", "unknown strategy \"X\" (expected ROUND_ROBIN, WEIGHTED or LEAST_LOADED)")),
                rules.invalidRules());
    }

    @Test
    void settingsDefaultWhenAbsentOrPartial() {
        assertEquals(Settings.DEFAULTS, RuleSet.compile(List.of()).settings());
        assertEquals(Settings.DEFAULTS, RuleSet.EMPTY.settings());
        Settings settings = RuleSet.compile(List.of(item("{\"ruleId\":\"settings\",\"stage\":\"SETTINGS\",\"hotScore\":80,\"fallbackTeam\":\"inbound\"}")))
                .settings();
        assertEquals(new Settings(80, 30, "inbound", 900, 60, Notify.NONE), settings);
    }

    @Test
    void anInvalidSettingsValueFallsBackToItsDefaultAndIsReported() {
        RuleSet rules = RuleSet.compile(List.of(item(
                "{\"ruleId\":\"settings\",\"stage\":\"SETTINGS\",\"slaSeconds\":-3,\"parkRetrySeconds\":\"120\",\"fallbackTeam\":\"inbound\"}")));
        assertEquals(new Settings(60, 30, "inbound", 900, 120, Notify.NONE), rules.settings());
        assertEquals(List.of(new InvalidRule("settings", "slaSeconds must be a non-negative integer, not -3")), rules.invalidRules());
        RuleSet inverted = RuleSet.compile(List.of(item("{\"ruleId\":\"settings\",\"stage\":\"SETTINGS\",\"hotScore\":20,\"warmScore\":50}")));
        assertEquals(Settings.DEFAULTS, inverted.settings());
    }

    @Test
    void aSettingsStageOnAnotherItemDoesNotChangeTheSettings() {
        RuleSet rules = RuleSet.compile(List.of(item("{\"ruleId\":\"other\",\"stage\":\"SETTINGS\",\"hotScore\":99}")));
        assertEquals(Settings.DEFAULTS, rules.settings());
        assertEquals(1, rules.invalidRules().size());
    }

    @Test
    void firstRoutingMatchIsTheLowestPriorityMatchingRule() {
        RuleSet rules = RuleSet.compile(List.of(
                routing("catch-all", "100", "inbound", "[]"),
                routing("us", "1", "us", "[{\"field\":\"country\",\"op\":\"eq\",\"value\":\"US\"}]"),
                item("""
                        {"ruleId":"emea","stage":"ROUTING","priority":10,"team":"emea","strategy":"weighted","requireSkills":["de"],
                         "conditions":[{"field":"country","op":"in","value":["DE","FR"]}]}""")));
        Lead lead = lead();
        CompiledRule rule = rules.firstRoutingMatch(lead).orElseThrow();
        assertEquals(new RouteChoice("emea", "emea", Strategy.WEIGHTED, List.of("de")), rule.routeChoice());
        lead.country = "JP";
        assertEquals("catch-all", rules.firstRoutingMatch(lead).orElseThrow().ruleId());
        assertEquals(Strategy.ROUND_ROBIN, rules.firstRoutingMatch(lead).orElseThrow().strategy());
        assertTrue(RuleSet.compile(List.of(routing("us", "1", "us", "[{\"field\":\"country\",\"op\":\"eq\",\"value\":\"US\"}]")))
                .firstRoutingMatch(lead).isEmpty());
    }

    @Test
    void routeChoiceIsOnlyForRoutingRules() {
        CompiledRule qualification = TestRules.compiled(item("{\"ruleId\":\"q\",\"stage\":\"QUALIFICATION\",\"points\":1}"));
        assertThrows(IllegalStateException.class, qualification::routeChoice);
    }

    @Test
    void versionDependsOnContentOnly() {
        ObjectNode a = item("{\"ruleId\":\"a\",\"stage\":\"ROUTING\",\"team\":\"t\",\"priority\":1}");
        ObjectNode aReordered = item("{\"priority\":1,\"team\":\"t\",\"stage\":\"ROUTING\",\"ruleId\":\"a\"}");
        ObjectNode b = item("{\"ruleId\":\"b\",\"stage\":\"QUALIFICATION\",\"points\":3}");
        assertEquals(RuleSet.compile(List.of(a, b)).version(), RuleSet.compile(List.of(b, aReordered)).version());
        ObjectNode aEdited = item("{\"ruleId\":\"a\",\"stage\":\"ROUTING\",\"team\":\"t\",\"priority\":2}");
        assertNotEquals(RuleSet.compile(List.of(a, b)).version(), RuleSet.compile(List.of(aEdited, b)).version());
    }
}
