package dev.leadrouter.bench;

import dev.leadrouter.domain.Lead;
import dev.leadrouter.rules.CompiledRule;
import dev.leadrouter.rules.RuleSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** One operation = all 1,000 rules' conditions evaluated against one lead. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RuleEngineBenchmark {
    public static final int RULES = 1_000;

    private List<CompiledRule> compiledRules;
    private Lead lead;
    private JsonLogicRules jsonLogicRules;
    private Map<String, Object> leadData;

    @Setup
    public void setUp() {
        RuleCorpus corpus = RuleCorpus.generate(RULES);
        compiledRules = RuleSet.compile(corpus.items()).qualificationRules();
        lead = RuleCorpus.lead();
        jsonLogicRules = new JsonLogicRules(corpus.jsonLogic());
        leadData = RuleCorpus.leadData(lead);
        if (compiledRules.size() != RULES || countMatches(compiledRules, lead) != jsonLogicRules.countMatches(leadData)) {
            throw new IllegalStateException("the two engines do not evaluate the same rules the same way");
        }
    }

    @Benchmark
    public int compiledRuleSet() {
        return countMatches(compiledRules, lead);
    }

    @Benchmark
    public int jsonLogicJava() {
        return jsonLogicRules.countMatches(leadData);
    }

    static int countMatches(List<CompiledRule> rules, Lead lead) {
        int matches = 0;
        for (CompiledRule rule : rules) {
            if (rule.matches(lead)) {
                matches++;
            }
        }
        return matches;
    }
}
