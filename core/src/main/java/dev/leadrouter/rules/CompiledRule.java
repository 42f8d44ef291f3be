package dev.leadrouter.rules;

import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.RouteChoice;
import dev.leadrouter.domain.Strategy;
import java.util.List;

/**
 * A valid QUALIFICATION or ROUTING rule with its conditions parsed once: regexes compiled,
 * "in" lists hashed, numbers and dates parsed. Immutable and safe to share between threads.
 */
public final class CompiledRule {
    private final String ruleId;
    private final Stage stage;
    private final double priority;
    private final boolean matchAny;
    private final List<Condition> conditions;
    private final int points;
    private final boolean disqualify;
    private final String team;
    private final Strategy strategy;
    private final List<String> requireSkills;
    private final String description;

    CompiledRule(String ruleId, Stage stage, double priority, boolean matchAny, List<Condition> conditions,
                 int points, boolean disqualify, String team, Strategy strategy, List<String> requireSkills,
                 String description) {
        this.ruleId = ruleId;
        this.stage = stage;
        this.priority = priority;
        this.matchAny = matchAny;
        this.conditions = List.copyOf(conditions);
        this.points = points;
        this.disqualify = disqualify;
        this.team = team;
        this.strategy = strategy;
        this.requireSkills = List.copyOf(requireSkills);
        this.description = description;
    }

    /** Whether the lead meets the conditions (ALL or ANY of them; a rule without conditions always matches). Never throws. */
    public boolean matches(Lead lead) {
        return matches(lead::field);
    }

    boolean matches(FieldLookup lead) {
        if (conditions.isEmpty()) {
            return true;
        }
        for (Condition condition : conditions) {
            if (condition.test(lead) == matchAny) {
                return matchAny;
            }
        }
        return !matchAny;
    }

    /** A rule without conditions: every lead meets it. */
    public boolean matchesEveryLead() {
        return conditions.isEmpty();
    }

    /** Where a matching ROUTING rule sends the lead. */
    public RouteChoice routeChoice() {
        if (stage != Stage.ROUTING) {
            throw new IllegalStateException("rule " + ruleId + " is a " + stage + " rule, not a ROUTING rule");
        }
        return new RouteChoice(ruleId, team, strategy, requireSkills);
    }

    public String ruleId() {
        return ruleId;
    }

    public Stage stage() {
        return stage;
    }

    /** Rules run by ascending priority; an item without one has priority 0. */
    public double priority() {
        return priority;
    }

    /** QUALIFICATION: points added when the rule matches (may be negative); 0 for ROUTING rules. */
    public int points() {
        return points;
    }

    public boolean disqualify() {
        return disqualify;
    }

    /** ROUTING: the team to route to; null for QUALIFICATION rules. */
    public String team() {
        return team;
    }

    /** ROUTING: how a rep is picked (ROUND_ROBIN when the item names none); null for QUALIFICATION rules. */
    public Strategy strategy() {
        return strategy;
    }

    public List<String> requireSkills() {
        return requireSkills;
    }

    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return "CompiledRule[" + ruleId + ", " + stage + ", priority " + priority + "]";
    }
}
