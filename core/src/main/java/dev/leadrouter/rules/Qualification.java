package dev.leadrouter.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.Settings;
import dev.leadrouter.json.Json;
import java.util.List;

/** Outcome of scoring one lead: the figures that decide its status, and the rules behind them for its trace. */
public record Qualification(int score, Grade grade, boolean disqualified, List<MatchedRule> matchedRules) {
    public Qualification {
        matchedRules = List.copyOf(matchedRules);
    }

    /**
     * The lead's qualification trace: these figures, and the grade line naming the thresholds it was graded
     * by, e.g. "score 72: HOT (HOT from 60, WARM from 30, COLD below 30)".
     */
    public ObjectNode trace(Settings settings) {
        ObjectNode trace = Json.tree(this);
        String line = "score " + score + ": " + grade + " (HOT from " + settings.hotScore() + ", WARM from "
                + settings.warmScore() + ", COLD below " + settings.warmScore() + ")";
        return trace.put("gradeLine", disqualified ? line + "; disqualified by a rule" : line);
    }

    /** A QUALIFICATION rule that matched the lead, as shown in the lead's trace. */
    public record MatchedRule(String ruleId, int points, boolean disqualify, String description) {
    }
}
