package dev.leadrouter.domain;

import java.util.List;

/** Where routing should look for a rep: the rule (or fallback) that chose a team and strategy. */
public record RouteChoice(String ruleId, String team, Strategy strategy, List<String> requireSkills) {
}
