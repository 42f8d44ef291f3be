package dev.leadrouter.rules;

import dev.leadrouter.domain.Grade;
import java.util.List;

/** Outcome of scoring one lead: the figures that decide its status, and the rules behind them for its trace. */
public record Qualification(int score, Grade grade, boolean disqualified, List<MatchedRule> matchedRules) {
    public Qualification {
        matchedRules = List.copyOf(matchedRules);
    }

    /** A QUALIFICATION rule that matched the lead, as shown in the lead's trace. */
    public record MatchedRule(String ruleId, int points, boolean disqualify, String description) {
    }
}
