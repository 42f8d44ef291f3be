package dev.leadrouter.rules;

import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.Settings;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores a lead against the QUALIFICATION rules: every matching rule adds its points, any matching
 * {@code disqualify} rule disqualifies, and the grade follows the settings' thresholds.
 * <p>
 * Rules run in priority order and see the score accumulated so far: a condition on {@code score}
 * (or {@code grade}) in a later rule tests the points of the earlier rules that matched, starting
 * from 0, not a score the lead may carry from before.
 */
public final class Qualifier {
    private Qualifier() {
    }

    public static Qualification score(Lead lead, RuleSet rules) {
        Settings settings = rules.settings();
        RunningScore running = new RunningScore(lead, settings);
        boolean disqualified = false;
        List<Qualification.MatchedRule> matched = new ArrayList<>();
        for (CompiledRule rule : rules.qualificationRules()) {
            if (rule.matches(running)) {
                running.add(rule.points());
                disqualified |= rule.disqualify();
                matched.add(new Qualification.MatchedRule(rule.ruleId(), rule.points(), rule.disqualify(), rule.description()));
            }
        }
        int score = running.score();
        return new Qualification(score, settings.grade(score), disqualified, matched);
    }

    /** The lead as the rules see it while being scored. */
    private static final class RunningScore implements FieldLookup {
        private final Lead lead;
        private final Settings settings;
        private long total;

        RunningScore(Lead lead, Settings settings) {
            this.lead = lead;
            this.settings = settings;
        }

        void add(int points) {
            total += points;
        }

        /** Saturates instead of overflowing, whatever the number of rules. */
        int score() {
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, total));
        }

        @Override
        public Object get(String field) {
            return switch (field) {
                case "score" -> score();
                case "grade" -> settings.grade(score()).name();
                default -> lead.field(field);
            };
        }
    }
}
