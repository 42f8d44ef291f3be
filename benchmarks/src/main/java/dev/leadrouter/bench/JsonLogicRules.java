package dev.leadrouter.bench;

import io.github.jamsesso.jsonlogic.JsonLogic;
import io.github.jamsesso.jsonlogic.ast.JsonLogicNode;
import io.github.jamsesso.jsonlogic.ast.JsonLogicParseException;
import io.github.jamsesso.jsonlogic.ast.JsonLogicParser;
import io.github.jamsesso.jsonlogic.evaluator.JsonLogicEvaluationException;
import io.github.jamsesso.jsonlogic.evaluator.JsonLogicEvaluator;
import io.github.jamsesso.jsonlogic.evaluator.JsonLogicExpression;
import io.github.jamsesso.jsonlogic.evaluator.expressions.EqualityExpression;
import io.github.jamsesso.jsonlogic.evaluator.expressions.InExpression;
import io.github.jamsesso.jsonlogic.evaluator.expressions.InequalityExpression;
import io.github.jamsesso.jsonlogic.evaluator.expressions.LogicExpression;
import io.github.jamsesso.jsonlogic.evaluator.expressions.NotExpression;
import io.github.jamsesso.jsonlogic.evaluator.expressions.NumericComparisonExpression;
import io.github.jamsesso.jsonlogic.evaluator.expressions.PreEvaluatedArgumentsExpression;
import io.github.jamsesso.jsonlogic.evaluator.expressions.SubstringExpression;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The corpus' conditions for json-logic-java, given its best chance: every expression parsed once up
 * front (no parse-cache lookup per call), one evaluator with just the operations used, and regexes,
 * which JSON Logic lacks, added as a "matches" operation with compiled patterns cached.
 */
public final class JsonLogicRules {
    private final List<JsonLogicNode> expressions = new ArrayList<>();
    private final JsonLogicEvaluator evaluator = new JsonLogicEvaluator(List.of(
            EqualityExpression.INSTANCE, InequalityExpression.INSTANCE, InExpression.INSTANCE,
            NotExpression.SINGLE, NotExpression.DOUBLE, LogicExpression.AND, LogicExpression.OR,
            NumericComparisonExpression.GT, NumericComparisonExpression.GTE,
            NumericComparisonExpression.LT, NumericComparisonExpression.LTE,
            SubstringExpression.INSTANCE, new MatchesExpression()));

    public JsonLogicRules(List<String> jsonLogic) {
        for (String expression : jsonLogic) {
            try {
                expressions.add(JsonLogicParser.parse(expression));
            } catch (JsonLogicParseException e) {
                throw new IllegalArgumentException("not JSON Logic: " + expression, e);
            }
        }
    }

    /** Evaluates every expression against the data and counts the truthy ones. */
    public int countMatches(Map<String, Object> data) {
        int matches = 0;
        try {
            for (JsonLogicNode expression : expressions) {
                if (JsonLogic.truthy(evaluator.evaluate(expression, data, "$"))) {
                    matches++;
                }
            }
        } catch (JsonLogicEvaluationException e) {
            throw new IllegalStateException(e);
        }
        return matches;
    }

    /** {"matches": [text, regex]}: case-insensitive find, as the rule engine's matches operator. */
    private static final class MatchesExpression implements PreEvaluatedArgumentsExpression {
        private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

        @Override
        public String key() {
            return "matches";
        }

        @Override
        public Object evaluate(List arguments, Object data, String jsonPath) {
            Object text = arguments.get(0);
            if (text == null) {
                return false;
            }
            Pattern pattern = patterns.computeIfAbsent(String.valueOf(arguments.get(1)),
                    regex -> Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
            return pattern.matcher(String.valueOf(text)).find();
        }
    }
}
