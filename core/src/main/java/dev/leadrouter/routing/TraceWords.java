package dev.leadrouter.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.rules.RuleSet;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a routing trace in words a sales-ops person reads, next to the stable codes that tools read:
 * each candidate gets a {@code why} ("tie with r-sam and r-priya, drawn at random" for {@code LOST_TIE}),
 * {@code rulesTried} lists every ROUTING rule tried in order, matched or not, up to the one that won, and
 * {@code explanation} tells the decision in a few sentences (the candidates' words stay on the candidates, so
 * the trace grows by one text per candidate). Works on whatever candidates the trace holds.
 */
public final class TraceWords {
    private static final Pattern CODE = Pattern.compile("([A-Z_]+)\\s*(.*)");

    private TraceWords() {
    }

    /** Adds the words to {@code trace} (a plan's trace) and returns it. */
    public static ObjectNode render(ObjectNode trace, List<RuleSet.RuleTried> rulesTried) {
        List<String> explanation = new ArrayList<>();
        account(trace.path("account"), explanation);
        ArrayNode tried = trace.putArray("rulesTried");
        for (RuleSet.RuleTried rule : rulesTried) {
            tried.addObject().put("ruleId", rule.ruleId()).put("priority", plain(rule.priority()))
                    .put("team", rule.team()).put("matched", rule.matched());
            explanation.add("Rule " + rule.ruleId() + " (priority " + plain(rule.priority()) + ") "
                    + (rule.matched() ? "matched: team " + rule.team() + "." : "did not match."));
        }
        if (rulesTried.isEmpty() || !rulesTried.getLast().matched()) {
            explanation.add("No ROUTING rule matched.");
        }
        JsonNode candidates = trace.path("candidates");
        String chosenWhy = null;
        for (JsonNode node : candidates) {
            if (node instanceof ObjectNode candidate && candidate.hasNonNull("reason")) {
                String why = why(candidate, candidates);
                candidate.put("why", why);
                if (candidate.path("chosen").asBoolean(false)) {
                    chosenWhy = why;
                }
            }
        }
        step("rule", trace.path("rule"), explanation);
        step("fallback", trace.path("fallback"), explanation);
        if ("ASSIGN".equals(trace.path("outcome").asText())) {
            explanation.add("Assigned to " + trace.path("repId").asText() + " via " + trace.path("ruleId").asText()
                    + " (team " + trace.path("team").asText() + ", " + trace.path("strategy").asText() + ")"
                    + (chosenWhy == null ? "" : ": " + chosenWhy.replaceFirst("^chosen: ", "")) + ".");
        } else {
            explanation.add("Not assigned: waits for a rep (" + trace.path("reason").asText() + ").");
        }
        ArrayNode lines = trace.putArray("explanation");
        explanation.forEach(lines::add);
        return trace;
    }

    private static String plain(double priority) {
        return BigDecimal.valueOf(priority).stripTrailingZeros().toPlainString();
    }

    private static void account(JsonNode step, List<String> explanation) {
        String result = step.path("result").asText();
        switch (result) {
            case "NO_ACCOUNT", "" -> {
            }
            case "ASSIGNED" -> explanation.add("Account " + step.path("domain").asText() + ": its owner "
                    + step.path("ownerRepId").asText() + " takes it.");
            case "OWNER_NOT_FOUND" -> explanation.add("Account " + step.path("domain").asText() + ": owner "
                    + step.path("ownerRepId").asText() + " is no usable rep, so the rules decide.");
            default -> explanation.add("Account " + step.path("domain").asText() + ": owner "
                    + step.path("ownerRepId").asText() + " cannot take it (" + words(result, null, null) + "), so the rules decide.");
        }
    }

    private static void step(String name, JsonNode step, List<String> explanation) {
        String result = step.path("result").asText();
        String team = step.path("team").asText();
        String text = switch (CODE.matcher(result).matches() ? result.replaceAll("\\s.*", "") : result) {
            case "NO_REPS_IN_TEAM" -> "team " + team + " has no reps";
            case "NO_ELIGIBLE_REP" -> "no rep of team " + team + " can take it now " + result.substring("NO_ELIGIBLE_REP".length()).strip();
            case "NO_PICKABLE_REP" -> "no rep of team " + team + " takes leads (all weight 0)";
            case "SAME_AS_RULE_TEAM" -> "the fallback team is the rule's own team, already tried";
            default -> null;
        };
        if (text != null) {
            explanation.add((name.equals("rule") ? "Rule's team: " : "Fallback: ") + text + ".");
        }
    }

    /** A candidate's reason in words; a lost tie names everyone it was drawn among. */
    static String why(ObjectNode candidate, JsonNode candidates) {
        String reason = candidate.path("reason").asText();
        String repId = candidate.path("repId").asText();
        return words(reason, repId, tieGroup(candidate, candidates));
    }

    /** The other reps of the same step who were in the draw this candidate was in. */
    private static List<String> tieGroup(ObjectNode candidate, JsonNode candidates) {
        List<String> group = new ArrayList<>();
        String step = candidate.path("step").asText();
        boolean inTie = candidate.path("reason").asText().startsWith("LOST_TIE");
        for (JsonNode other : candidates) {
            if (other == candidate || !step.equals(other.path("step").asText())) {
                continue;
            }
            boolean otherLost = other.path("reason").asText().startsWith("LOST_TIE");
            boolean otherChosen = other.path("chosen").asBoolean(false);
            if (otherLost || inTie && otherChosen) {
                group.add(other.path("repId").asText());
            }
        }
        return group;
    }

    private static String words(String reason, String repId, List<String> tie) {
        Matcher code = CODE.matcher(reason);
        if (!code.matches()) {
            return reason;
        }
        String detail = code.group(2).strip();
        String inParentheses = detail.startsWith("(") && detail.endsWith(")") ? detail.substring(1, detail.length() - 1) : detail;
        boolean tiedWin = tie != null && !tie.isEmpty();
        return switch (code.group(1)) {
            case "NOT_IN_TEAM" -> "not in the team";
            case "MISSED_SLA" -> "already let this lead's SLA lapse";
            case "INACTIVE" -> "inactive";
            case "AWAY" -> "away " + detail;
            case "OUTSIDE_WORKING_HOURS" -> "outside working hours (" + inParentheses + ")";
            case "LACKS_SKILL" -> "lacks skill " + detail;
            case "AT_CAPACITY" -> "at capacity (" + detail.replace("/", " of ") + " open leads)";
            case "LOST_TIE" -> "tie with " + and(tie) + ", drawn at random; " + (repId == null ? "" : repId + " lost")
                    + " (" + inParentheses + ")";
            case "NOT_THEIR_TURN" -> "not their turn (" + inParentheses + ")";
            case "LEAST_RECENTLY_SERVED" -> tiedWin
                    ? "chosen: tie with " + and(tie) + ", drawn at random (" + inParentheses + ")"
                    : "chosen: longest since their last lead (" + inParentheses + ")";
            case "MOST_OWED_BY_WEIGHT" -> (tiedWin ? "chosen: tie with " + and(tie) + ", drawn at random; "
                    : "chosen: ") + "most owed by weight (" + inParentheses + ")";
            case "LESS_OWED_BY_WEIGHT" -> "less owed by weight (" + inParentheses + ")";
            case "ZERO_WEIGHT" -> "weight 0: takes no leads";
            case "LOWEST_LOAD" -> (tiedWin ? "chosen: tie with " + and(tie) + ", drawn at random; "
                    : "chosen: ") + "least loaded (load " + detail + ")";
            case "HIGHER_LOAD" -> "more loaded (load " + detail + ")";
            case "ACCOUNT_OWNER" -> "chosen: owner of the lead's account";
            default -> reason;
        };
    }

    private static String and(List<String> names) {
        if (names == null || names.isEmpty()) {
            return "no one";
        }
        return names.size() == 1 ? names.getFirst()
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast();
    }
}
