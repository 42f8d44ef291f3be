package dev.leadrouter.rules;

import java.util.Locale;
import java.util.Optional;

/**
 * Condition operators, spelled in rule items as CONTRACT.md, "Rule — table lead-router-rules", writes them
 * ({@code not_in}, {@code starts_with}, ...).
 */
public enum Op {
    EQ, NE, IN, NOT_IN, GT, GTE, LT, LTE, BETWEEN, CONTAINS, STARTS_WITH, ENDS_WITH, EXISTS, NOT_EXISTS, MATCHES;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Case-insensitive, so that "GTE" typed in the console is not rejected for its case alone. */
    public static Optional<Op> parse(String text) {
        for (Op op : values()) {
            if (op.wireName().equalsIgnoreCase(text.strip())) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
