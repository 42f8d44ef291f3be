package dev.leadrouter.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.cleanse.Countries;
import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.Rep;
import dev.leadrouter.domain.Source;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What is likely a mistake in rule items that are valid: a property or field name no one reads
 * ({@code countyr}, {@code requireSkill}, {@code stratgy}), a value a normalized field never holds
 * ({@code country eq "Germany"}: countries are stored as ISO codes), a team or fallback team without a rep,
 * and rules no lead can reach behind an earlier catch-all. Warnings never stop a rule from running.
 */
public final class RuleWarnings {
    private static final Set<String> RULE_PROPERTIES = Set.of("ruleId", "stage", "priority", "enabled", "match",
            "conditions", "description", "points", "disqualify", "team", "strategy", "requireSkills");
    private static final Set<String> SETTINGS_PROPERTIES = Set.of("ruleId", "stage", "enabled", "description",
            "hotScore", "warmScore", "fallbackTeam", "slaSeconds", "parkRetrySeconds", "notify", "webhookSecret");
    private static final Set<String> CONDITION_PROPERTIES = Set.of("field", "op", "value");
    private static final Set<String> SOURCES =
            Arrays.stream(Source.values()).map(Source::name).collect(Collectors.toSet());
    private static final Set<String> GRADES =
            Arrays.stream(Grade.values()).map(Grade::name).collect(Collectors.toSet());
    private static final Set<String> COMPARED_OPS = Set.of("eq", "ne", "in", "not_in");

    private RuleWarnings() {
    }

    /** One warning about one rule item. */
    public record Warning(String ruleId, String message) {
    }

    /**
     * The warnings of the items; {@code reps} are the usable reps, or null when they are not known
     * (then teams are not checked).
     */
    public static List<Warning> of(Collection<ObjectNode> items, RuleSet compiled, Collection<Rep> reps) {
        List<Warning> warnings = new ArrayList<>();
        for (ObjectNode item : items) {
            String ruleId = item.path("ruleId").asText(null);
            boolean settings = RuleCompiler.SETTINGS_ID.equals(ruleId);
            unknownNames(item, settings ? SETTINGS_PROPERTIES : RULE_PROPERTIES, "property", "")
                    .forEach(message -> warnings.add(new Warning(ruleId, message)));
            JsonNode conditions = item.get("conditions");
            if (!settings && conditions != null && conditions.isArray()) {
                for (int i = 0; i < conditions.size(); i++) {
                    condition(conditions.get(i), "conditions[" + i + "]")
                            .forEach(message -> warnings.add(new Warning(ruleId, message)));
                }
            }
        }
        if (reps != null) {
            for (CompiledRule rule : compiled.routingRules()) {
                if (!hasRep(reps, rule.team())) {
                    warnings.add(new Warning(rule.ruleId(), "team " + rule.team() + " has no rep: its leads go to the "
                            + "fallback team or wait"));
                }
            }
            String fallback = compiled.settings().fallbackTeam();
            if (fallback != null && !hasRep(reps, fallback)) {
                warnings.add(new Warning(RuleCompiler.SETTINGS_ID, "fallback team " + fallback + " has no rep"));
            }
        }
        shadowed(compiled.routingRules(), warnings);
        warnings.sort(Comparator.comparing(Warning::ruleId, Comparator.nullsFirst(Comparator.naturalOrder())));
        return warnings;
    }

    private static boolean hasRep(Collection<Rep> reps, String team) {
        return reps.stream().anyMatch(rep -> rep.teams != null && rep.teams.stream().anyMatch(team::equalsIgnoreCase));
    }

    /** Every enabled ROUTING rule after one without conditions is never reached: the first match wins. */
    private static void shadowed(List<CompiledRule> routingRules, List<Warning> warnings) {
        CompiledRule catchAll = null;
        for (CompiledRule rule : routingRules) {
            if (catchAll != null) {
                warnings.add(new Warning(rule.ruleId(), "never used: rule " + catchAll.ruleId()
                        + " runs before it and matches every lead"));
            } else if (rule.matchesEveryLead()) {
                catchAll = rule;
            }
        }
    }

    private static List<String> condition(JsonNode condition, String where) {
        List<String> messages = new ArrayList<>();
        if (!condition.isObject()) {
            return messages;
        }
        unknownNames(condition, CONDITION_PROPERTIES, "property", where + ": ").forEach(messages::add);
        JsonNode fieldNode = condition.get("field");
        if (fieldNode == null || !fieldNode.isTextual()) {
            return messages;
        }
        String field = fieldNode.textValue().strip();
        if (!field.startsWith("attributes.") && !field.startsWith("campaign.") && !Lead.RULE_FIELDS.contains(field)) {
            messages.add(where + ": unknown field \"" + field + "\", no lead has it"
                    + suggestion(field, Lead.RULE_FIELDS).map(s -> " (did you mean " + s + "?)").orElse("")
                    + "; use attributes." + field + " for a form's own field");
            return messages;
        }
        String op = condition.path("op").asText("").strip().toLowerCase(Locale.ROOT);
        if (COMPARED_OPS.contains(op)) {
            JsonNode value = condition.get("value");
            List<JsonNode> values = new ArrayList<>();
            if (value != null && value.isArray()) {
                value.forEach(values::add);
            } else if (value != null) {
                values.add(value);
            }
            for (JsonNode one : values) {
                neverHeld(field, one).ifPresent(message -> messages.add(where + " (" + field + " " + op + "): " + message));
            }
        }
        return messages;
    }

    /** Why a normalized field can never hold this value; empty when it can. */
    private static Optional<String> neverHeld(String field, JsonNode value) {
        if (!value.isTextual()) {
            return Optional.empty();
        }
        String text = value.textValue().strip();
        String upper = text.toUpperCase(Locale.ROOT);
        return switch (field) {
            case "country" -> Countries.alpha2Codes().contains(upper) ? Optional.empty()
                    : Optional.of("\"" + text + "\" never matches: countries are stored as ISO codes"
                    + Countries.toAlpha2(text).map(code -> " (did you mean " + code + "?)").orElse(""));
            case "source" -> SOURCES.contains(upper) ? Optional.empty()
                    : Optional.of("\"" + text + "\" never matches: source is one of " + String.join(", ", sorted(SOURCES)));
            case "grade" -> GRADES.contains(upper) ? Optional.empty()
                    : Optional.of("\"" + text + "\" never matches: grade is HOT, WARM or COLD");
            case "phone" -> text.startsWith("+") ? Optional.empty()
                    : Optional.of("\"" + text + "\" never matches: phones are stored as E.164, e.g. +49301234567");
            default -> Optional.empty();
        };
    }

    private static List<String> unknownNames(JsonNode object, Set<String> known, String kind, String prefix) {
        List<String> messages = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            if (!known.contains(entry.getKey())) {
                messages.add(prefix + "unknown " + kind + " \"" + entry.getKey() + "\" is ignored"
                        + suggestion(entry.getKey(), known).map(s -> " (did you mean " + s + "?)").orElse(""));
            }
        }
        return messages;
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }

    /** The known name closest to a typo, when it is close (a few edits, ignoring case). */
    static Optional<String> suggestion(String name, Set<String> known) {
        String lower = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance || distance == bestDistance && best != null && candidate.compareTo(best) < 0) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best != null && bestDistance <= Math.max(1, Math.min(3, name.length() / 3)) ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance, with a swap of two neighbours counting as one edit. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
