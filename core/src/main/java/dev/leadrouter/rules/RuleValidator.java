package dev.leadrouter.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * Checks rule items as ops wrote them, reporting every problem of an item at once with where it is
 * ("conditions[1] (employees gte): value must be a number or an ISO date, not \"lots\"").
 * Uses the compiler itself, so an item is valid exactly when it compiles.
 */
public final class RuleValidator {
    private RuleValidator() {
    }

    /** Every problem of the item; empty when it is valid. */
    public static List<String> problems(ObjectNode item) {
        return RuleCompiler.compile(item).problems();
    }

    /** The problems joined into one reason ("; " between them), or empty when the item is valid. */
    public static Optional<String> reason(ObjectNode item) {
        List<String> problems = problems(item);
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }
}
