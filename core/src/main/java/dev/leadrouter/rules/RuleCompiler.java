package dev.leadrouter.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Notify;
import dev.leadrouter.domain.Settings;
import dev.leadrouter.domain.Strategy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Validates one rule item and compiles it in the same pass, so that what validation accepts
 * and what matching does can never drift apart. Lenient where ops type things differently
 * (numbers as text, booleans as "true", enum names in any case), strict about meaning.
 */
final class RuleCompiler {
    static final String SETTINGS_ID = "settings";
    private static final List<Strategy> RULE_STRATEGIES = List.of(Strategy.ROUND_ROBIN, Strategy.WEIGHTED, Strategy.LEAST_LOADED);

    /**
     * What one item yields. {@code rule} is set for a valid QUALIFICATION or ROUTING item;
     * {@code settings} for the settings item, valid or not (its bad values replaced by defaults).
     */
    record Result(String ruleId, boolean enabled, CompiledRule rule, Settings settings, List<String> problems) {
    }

    private final ObjectNode item;
    private final List<String> problems = new ArrayList<>();

    private RuleCompiler(ObjectNode item) {
        this.item = item;
    }

    static Result compile(ObjectNode item) {
        return new RuleCompiler(item).compile();
    }

    private Result compile() {
        String ruleId = ruleId();
        Stage stage = stage(ruleId);
        boolean enabled = enabled();
        if (SETTINGS_ID.equals(ruleId)) {
            Settings settings = settings();
            return new Result(ruleId, enabled, null, settings, List.copyOf(problems));
        }
        if (stage == Stage.SETTINGS) {
            return new Result(ruleId, enabled, null, null, List.copyOf(problems));
        }
        double priority = priority();
        boolean matchAny = matchAny();
        List<Condition> conditions = conditions();
        int points = 0;
        boolean disqualify = false;
        String team = null;
        Strategy strategy = null;
        List<String> requireSkills = List.of();
        if (stage == Stage.QUALIFICATION) {
            disqualify = disqualify();
            points = points(disqualify);
        } else if (stage == Stage.ROUTING) {
            team = team();
            strategy = strategy();
            requireSkills = requireSkills();
        }
        String description = optionalText("description");
        CompiledRule rule = problems.isEmpty()
                ? new CompiledRule(ruleId, stage, priority, matchAny, conditions, points, disqualify, team, strategy,
                        requireSkills, description)
                : null;
        return new Result(ruleId, enabled, rule, null, List.copyOf(problems));
    }

    private String ruleId() {
        JsonNode node = item.get("ruleId");
        if (node == null || node.isNull() || node.isTextual() && node.textValue().isBlank()) {
            problems.add("missing ruleId");
            return null;
        }
        if (!node.isTextual()) {
            problems.add("ruleId must be a text, not " + node);
            return null;
        }
        return node.textValue();
    }

    private Stage stage(String ruleId) {
        JsonNode node = item.get("stage");
        if (node == null || node.isNull()) {
            if (SETTINGS_ID.equals(ruleId)) {
                return Stage.SETTINGS;
            }
            problems.add("missing stage (expected QUALIFICATION, ROUTING or SETTINGS)");
            return null;
        }
        Stage stage = node.isTextual() ? enumValue(Stage.class, node.textValue()) : null;
        if (stage == null) {
            problems.add("unknown stage " + node + " (expected QUALIFICATION, ROUTING or SETTINGS)");
        } else if (stage == Stage.SETTINGS && !SETTINGS_ID.equals(ruleId)) {
            problems.add("stage SETTINGS is only for the item with ruleId \"settings\"");
        } else if (stage != Stage.SETTINGS && SETTINGS_ID.equals(ruleId)) {
            problems.add("the item with ruleId \"settings\" must have stage SETTINGS, not " + stage);
        }
        return stage;
    }

    private boolean enabled() {
        JsonNode node = item.get("enabled");
        if (node == null || node.isNull()) {
            return true;
        }
        Boolean enabled = Values.bool(node);
        if (enabled == null) {
            problems.add("enabled must be true or false, not " + node);
            return false;
        }
        return enabled;
    }

    private double priority() {
        JsonNode node = item.get("priority");
        if (node == null || node.isNull()) {
            return 0;
        }
        BigDecimal priority = Values.decimal(node);
        if (priority == null) {
            problems.add("priority must be a number, not " + node);
            return 0;
        }
        return priority.doubleValue();
    }

    private boolean matchAny() {
        JsonNode node = item.get("match");
        if (node == null || node.isNull()) {
            return false;
        }
        if (node.isTextual() && node.textValue().strip().equalsIgnoreCase("ANY")) {
            return true;
        }
        if (!node.isTextual() || !node.textValue().strip().equalsIgnoreCase("ALL")) {
            problems.add("match must be ALL or ANY, not " + node);
        }
        return false;
    }

    private List<Condition> conditions() {
        JsonNode node = item.get("conditions");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add("conditions must be an array of objects, not " + node.getNodeType().name().toLowerCase(Locale.ROOT));
            return List.of();
        }
        List<Condition> conditions = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            Condition.parse(node.get(i), "conditions[" + i + "]", problems).ifPresent(conditions::add);
        }
        return conditions;
    }

    private boolean disqualify() {
        JsonNode node = item.get("disqualify");
        if (node == null || node.isNull()) {
            return false;
        }
        Boolean disqualify = Values.bool(node);
        if (disqualify == null) {
            problems.add("disqualify must be true or false, not " + node);
            return false;
        }
        return disqualify;
    }

    private int points(boolean disqualify) {
        JsonNode node = item.get("points");
        if (node == null || node.isNull()) {
            if (!disqualify) {
                problems.add("QUALIFICATION rule needs integer points or \"disqualify\": true");
            }
            return 0;
        }
        Optional<Integer> points = integer(node);
        if (points.isEmpty()) {
            problems.add("points must be an integer, not " + node);
            return 0;
        }
        return points.get();
    }

    private String team() {
        JsonNode node = item.get("team");
        if (node == null || node.isNull() || node.isTextual() && node.textValue().isBlank()) {
            problems.add("ROUTING rule needs a team");
            return null;
        }
        if (!node.isTextual()) {
            problems.add("team must be a text, not " + node);
            return null;
        }
        return node.textValue().strip();
    }

    private Strategy strategy() {
        JsonNode node = item.get("strategy");
        if (node == null || node.isNull()) {
            return Strategy.ROUND_ROBIN;
        }
        Strategy strategy = node.isTextual() ? enumValue(Strategy.class, node.textValue()) : null;
        if (strategy == null || !RULE_STRATEGIES.contains(strategy)) {
            problems.add("unknown strategy " + node + " (expected ROUND_ROBIN, WEIGHTED or LEAST_LOADED)");
            return null;
        }
        return strategy;
    }

    private List<String> requireSkills() {
        JsonNode node = item.get("requireSkills");
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<String> skills = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode skill : node) {
                if (!skill.isTextual() || skill.textValue().isBlank()) {
                    skills = null;
                    break;
                }
                skills.add(skill.textValue().strip());
            }
        }
        if (!node.isArray() || skills == null) {
            problems.add("requireSkills must be a list of texts, not " + node);
            return List.of();
        }
        return skills;
    }

    /** A text attribute that may be absent: blank counts as absent. */
    private String optionalText(String name) {
        JsonNode node = item.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            problems.add(name + " must be a text, not " + node);
            return null;
        }
        String text = node.textValue().strip();
        return text.isEmpty() ? null : text;
    }

    /**
     * The settings item: each good value is used, each bad one reported and replaced by its default,
     * so that one typo does not also throw away, say, the fallback team.
     */
    private Settings settings() {
        Settings defaults = Settings.DEFAULTS;
        int hotScore = nonNegative("hotScore", defaults.hotScore());
        int warmScore = nonNegative("warmScore", defaults.warmScore());
        if (warmScore > hotScore) {
            problems.add("warmScore " + warmScore + " is above hotScore " + hotScore);
            hotScore = defaults.hotScore();
            warmScore = defaults.warmScore();
        }
        String fallbackTeam = optionalText("fallbackTeam");
        int slaSeconds = nonNegative("slaSeconds", defaults.slaSeconds());
        int parkRetrySeconds = nonNegative("parkRetrySeconds", defaults.parkRetrySeconds());
        return new Settings(hotScore, warmScore, fallbackTeam, slaSeconds, parkRetrySeconds,
                Notify.defaults(item.get("notify")));
    }

    private int nonNegative(String name, int defaultValue) {
        JsonNode node = item.get(name);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        Optional<Integer> value = integer(node);
        if (value.isEmpty() || value.get() < 0) {
            problems.add(name + " must be a non-negative integer, not " + node);
            return defaultValue;
        }
        return value.get();
    }

    /** An int, given as a number or numeric text; 10.0 is 10, 10.5 is not an integer. */
    private static Optional<Integer> integer(JsonNode node) {
        BigDecimal number = Values.decimal(node);
        if (number == null || number.scale() > 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(number.intValueExact());
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String text) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text.strip())) {
                return constant;
            }
        }
        return null;
    }
}
