package dev.leadrouter.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leadrouter.domain.Lead;
import dev.leadrouter.rules.CompiledRule;
import dev.leadrouter.rules.RuleSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark is only fair if both engines evaluate the same valid rules to the same answers. */
class RuleCorpusTest {
    private final RuleCorpus corpus = RuleCorpus.generate(RuleEngineBenchmark.RULES);

    @Test
    void everyRuleIsValid() {
        RuleSet rules = RuleSet.compile(corpus.items());
        assertEquals(List.of(), rules.invalidRules());
        assertEquals(RuleEngineBenchmark.RULES, rules.qualificationRules().size());
    }

    @Test
    void bothEnginesAgreeRuleByRule() {
        List<CompiledRule> rules = RuleSet.compile(corpus.items()).qualificationRules();
        Lead lead = RuleCorpus.lead();
        int matches = 0;
        for (int i = 0; i < rules.size(); i++) {
            boolean ours = rules.get(i).matches(lead);
            boolean theirs = new JsonLogicRules(List.of(corpus.jsonLogic().get(i))).countMatches(RuleCorpus.leadData(lead)) == 1;
            assertEquals(theirs, ours, corpus.items().get(i) + "\n" + corpus.jsonLogic().get(i));
            matches += ours ? 1 : 0;
        }
        // A realistic table: some rules match, most do not.
        assertTrue(matches > 50 && matches < 800, "matches: " + matches);
    }
}
