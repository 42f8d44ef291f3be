package dev.leadrouter.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Rep;
import dev.leadrouter.json.Json;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleWarningsTest {

    private static List<String> warnings(List<Rep> reps, String... items) {
        List<ObjectNode> nodes = Arrays.stream(items).map(item -> (ObjectNode) Json.parse(item)).toList();
        return RuleWarnings.of(nodes, RuleSet.compile(nodes), reps).stream()
                .map(w -> w.ruleId() + ": " + w.message()).toList();
    }

    private static Rep rep(String team) {
        Rep rep = new Rep();
        rep.repId = "r-" + team;
        rep.teams = List.of(team);
        return rep;
    }

    @Test
    void aValidRuleWithKnownNamesHasNoWarnings() {
        assertEquals(List.of(), warnings(List.of(rep("emea")), """
                {"ruleId": "emea", "stage": "ROUTING", "priority": 10, "enabled": true, "match": "ALL",
                 "conditions": [{"field": "country", "op": "in", "value": ["DE", "FR"]},
                                {"field": "attributes.budget", "op": "gte", "value": 1000},
                                {"field": "warnings", "op": "exists"}],
                 "team": "emea", "strategy": "ROUND_ROBIN", "requireSkills": ["de"], "description": "d"}""",
                "{\"ruleId\": \"settings\", \"stage\": \"SETTINGS\", \"fallbackTeam\": \"emea\", \"hotScore\": 60}"));
    }

    @Test
    void typosOfPropertiesAndFieldsNameTheLikelyIntent() {
        List<String> found = warnings(List.of(rep("emea")), """
                {"ruleId": "t", "stage": "ROUTING", "team": "emea", "stratgy": "WEIGHTED", "requireSkill": ["de"],
                 "conditions": [{"field": "countyr", "op": "eq", "value": "DE", "vaule": 1}]}""");
        assertEquals(List.of(
                "t: unknown property \"stratgy\" is ignored (did you mean strategy?)",
                "t: unknown property \"requireSkill\" is ignored (did you mean requireSkills?)",
                "t: conditions[0]: unknown property \"vaule\" is ignored (did you mean value?)",
                "t: conditions[0]: unknown field \"countyr\", no lead has it (did you mean country?); "
                        + "use attributes.countyr for a form's own field"), found);
    }

    @Test
    void valuesANormalizedFieldNeverHolds() {
        List<String> found = warnings(null, """
                {"ruleId": "n", "stage": "QUALIFICATION", "points": 5,
                 "conditions": [{"field": "country", "op": "in", "value": ["DE", "Germany", "Atlantis"]},
                                {"field": "source", "op": "eq", "value": "website"},
                                {"field": "grade", "op": "ne", "value": "hot"},
                                {"field": "phone", "op": "eq", "value": "030 1234567"}]}""");
        assertEquals(4, found.size(), found.toString());
        assertTrue(found.get(0).contains("\"Germany\" never matches: countries are stored as ISO codes (did you mean DE?)"));
        assertTrue(found.get(1).endsWith("\"Atlantis\" never matches: countries are stored as ISO codes"), found.get(1));
        assertTrue(found.get(2).contains("\"website\" never matches: source is one of"), found.get(2));
        assertTrue(found.get(3).contains("phones are stored as E.164"), found.get(3));
    }

    @Test
    void teamsWithoutARepAndShadowedRules() {
        List<String> found = warnings(List.of(rep("emea")),
                "{\"ruleId\": \"a-all\", \"stage\": \"ROUTING\", \"priority\": 1, \"team\": \"emea\"}",
                "{\"ruleId\": \"b-late\", \"stage\": \"ROUTING\", \"priority\": 2, \"team\": \"apac\", "
                        + "\"conditions\": [{\"field\": \"country\", \"op\": \"eq\", \"value\": \"JP\"}]}",
                "{\"ruleId\": \"c-off\", \"stage\": \"ROUTING\", \"priority\": 3, \"team\": \"emea\", \"enabled\": false}",
                "{\"ruleId\": \"settings\", \"stage\": \"SETTINGS\", \"fallbackTeam\": \"overflow\"}");
        assertEquals(List.of(
                "b-late: team apac has no rep: its leads go to the fallback team or wait",
                "b-late: never used: rule a-all runs before it and matches every lead",
                "settings: fallback team overflow has no rep"), found);
    }

    @Test
    void suggestionsOnlyForCloseNames() {
        assertEquals(Optional.of("country"), RuleWarnings.suggestion("Country", Set.of("country", "city")));
        assertEquals(Optional.empty(), RuleWarnings.suggestion("budget", Set.of("country", "city")));
    }
}
