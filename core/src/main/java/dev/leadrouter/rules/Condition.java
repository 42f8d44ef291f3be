package dev.leadrouter.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One compiled condition: the field it reads, what it answers when that field is missing
 * (null or blank), and a test of a present value with the rule's value already parsed.
 */
final class Condition {
    private final String field;
    private final boolean whenMissing;
    private final Predicate<Object> presentValueTest;

    private Condition(String field, boolean whenMissing, Predicate<Object> presentValueTest) {
        this.field = field;
        this.whenMissing = whenMissing;
        this.presentValueTest = presentValueTest;
    }

    boolean test(FieldLookup lead) {
        Object value = lead.get(field);
        return Values.isMissing(value) ? whenMissing : presentValueTest.test(value);
    }

    /**
     * Validates one element of a rule's "conditions" and compiles it. Problems go to {@code problems},
     * prefixed with {@code where}; the result is empty when there were any.
     */
    static Optional<Condition> parse(JsonNode node, String where, List<String> problems) {
        if (!node.isObject()) {
            problems.add(where + ": must be an object with field, op and value");
            return Optional.empty();
        }
        int before = problems.size();
        JsonNode fieldNode = node.get("field");
        String field = null;
        if (fieldNode == null || fieldNode.isNull()) {
            problems.add(where + ": missing field");
        } else if (!fieldNode.isTextual() || fieldNode.textValue().isBlank()) {
            problems.add(where + ": field must be a non-empty text");
        } else {
            field = fieldNode.textValue().strip();
        }
        JsonNode opNode = node.get("op");
        Op op = opNode != null && opNode.isTextual() ? Op.parse(opNode.textValue()).orElse(null) : null;
        if (opNode == null || opNode.isNull()) {
            problems.add(where + ": missing op");
        } else if (op == null) {
            problems.add(where + ": unknown op " + opNode + " (expected one of " + opNames() + ")");
        }
        if (op == null) {
            return Optional.empty();
        }
        String at = where + " (" + (field == null ? "?" : field) + " " + op.wireName() + ")";
        JsonNode value = node.get("value");
        Predicate<Object> test = valueTest(op, value == null || value.isNull() ? null : value, at, problems);
        if (problems.size() > before) {
            return Optional.empty();
        }
        boolean whenMissing = op == Op.NE || op == Op.NOT_IN || op == Op.NOT_EXISTS;
        return Optional.of(new Condition(field, whenMissing, test));
    }

    private static Predicate<Object> valueTest(Op op, JsonNode value, String at, List<String> problems) {
        if (value == null && op != Op.EXISTS && op != Op.NOT_EXISTS) {
            problems.add(at + ": needs a value");
            return null;
        }
        return switch (op) {
            case EXISTS, NOT_EXISTS -> {
                if (value != null) {
                    problems.add(at + ": takes no value");
                }
                // The missing case is decided before this test runs; a present value exists.
                boolean present = op == Op.EXISTS;
                yield v -> present;
            }
            case EQ, NE -> {
                Object expected = scalar(value, at, problems);
                if (expected == null) {
                    yield null;
                }
                Predicate<Object> equal = equalTo(expected);
                yield op == Op.EQ ? equal : equal.negate();
            }
            case IN, NOT_IN -> {
                ValueSet set = valueSet(value, at, problems);
                if (set == null) {
                    yield null;
                }
                yield op == Op.IN ? set::contains : v -> !set.contains(v);
            }
            case CONTAINS, STARTS_WITH, ENDS_WITH -> {
                Object expected = scalar(value, at, problems);
                if (expected == null) {
                    yield null;
                }
                String part = Values.lower(expected);
                yield switch (op) {
                    case CONTAINS -> v -> Values.lower(v).contains(part);
                    case STARTS_WITH -> v -> Values.lower(v).startsWith(part);
                    default -> v -> Values.lower(v).endsWith(part);
                };
            }
            case MATCHES -> regex(value, at, problems);
            case GT -> ordered(value, at, problems, c -> c > 0);
            case GTE -> ordered(value, at, problems, c -> c >= 0);
            case LT -> ordered(value, at, problems, c -> c < 0);
            case LTE -> ordered(value, at, problems, c -> c <= 0);
            case BETWEEN -> between(value, at, problems);
        };
    }

    /** eq: numeric when both sides read as numbers, else text ignoring case. */
    private static Predicate<Object> equalTo(Object expected) {
        BigDecimal number = Values.decimal(expected);
        String text = Values.lower(expected).strip();
        if (number == null) {
            return v -> Values.lower(v).strip().equals(text);
        }
        return v -> {
            BigDecimal actual = Values.decimal(v);
            return actual != null ? actual.compareTo(number) == 0 : Values.lower(v).strip().equals(text);
        };
    }

    private static Object scalar(JsonNode value, String at, List<String> problems) {
        return scalar(value, at, "value", problems);
    }

    private static Object scalar(JsonNode value, String at, String what, List<String> problems) {
        Object scalar = Values.scalar(value);
        if (scalar == null) {
            problems.add(at + ": " + what + " must be a text, number or boolean, not " + describe(value));
        } else if (Values.text(scalar).isBlank()) {
            problems.add(at + ": " + what + " must not be blank (exists/not_exists test for presence)");
        } else {
            return scalar;
        }
        return null;
    }

    private static ValueSet valueSet(JsonNode value, String at, List<String> problems) {
        if (!value.isArray()) {
            problems.add(at + ": value must be an array of values, not " + describe(value));
            return null;
        }
        if (value.isEmpty()) {
            problems.add(at + ": value must list at least one value");
            return null;
        }
        Set<String> texts = new HashSet<>();
        Set<BigDecimal> numbers = new HashSet<>();
        for (int i = 0; i < value.size(); i++) {
            Object element = scalar(value.get(i), at, "value[" + i + "]", problems);
            if (element != null) {
                texts.add(Values.lower(element).strip());
                BigDecimal number = Values.decimal(element);
                if (number != null) {
                    numbers.add(number);
                }
            }
        }
        return new ValueSet(Set.copyOf(texts), Set.copyOf(numbers));
    }

    /** in: the lead value equals one element, numerically or as text (same equality as eq). */
    private record ValueSet(Set<String> texts, Set<BigDecimal> numbers) {
        boolean contains(Object value) {
            if (!numbers.isEmpty()) {
                BigDecimal number = Values.decimal(value);
                if (number != null && numbers.contains(number)) {
                    return true;
                }
            }
            return texts.contains(Values.lower(value).strip());
        }
    }

    /** matches: case-insensitive regex, found anywhere in the value (Matcher.find), like grep. */
    private static Predicate<Object> regex(JsonNode value, String at, List<String> problems) {
        if (!value.isTextual() || value.textValue().isEmpty()) {
            problems.add(at + ": value must be a non-empty regex text, not " + describe(value));
            return null;
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(value.textValue(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        } catch (PatternSyntaxException e) {
            problems.add(at + ": invalid regex: " + e.getDescription() + " near index " + e.getIndex());
            return null;
        }
        return v -> {
            try {
                return pattern.matcher(Values.text(v)).find();
            } catch (StackOverflowError e) {
                // Deeply nested alternations can overflow on long input; that is no match, not a failed lead.
                return false;
            }
        };
    }

    private static Predicate<Object> ordered(JsonNode value, String at, List<String> problems, IntPredicate accept) {
        Bound bound = bound(value);
        if (bound == null || bound.kind == Kind.TEXT) {
            problems.add(at + ": value must be a number or an ISO date, not " + describe(value));
            return null;
        }
        return v -> {
            double actual = bound.read(v);
            return !Double.isNaN(actual) && accept.test(Double.compare(actual, bound.number));
        };
    }

    /** between [low, high], both ends included: numbers, ISO dates, or text compared ignoring case. */
    private static Predicate<Object> between(JsonNode value, String at, List<String> problems) {
        if (!value.isArray() || value.size() != 2) {
            problems.add(at + ": value must be an array [low, high], not " + describe(value));
            return null;
        }
        Bound low = bound(value.get(0));
        Bound high = bound(value.get(1));
        if (low == null || high == null) {
            problems.add(at + ": bounds must be numbers, ISO dates or texts, not " + describe(value));
            return null;
        }
        if (low.kind != high.kind) {
            problems.add(at + ": bounds must be of one kind, not " + low.kind.label + " and " + high.kind.label);
            return null;
        }
        if (low.compareTo(high) > 0) {
            problems.add(at + ": low bound " + value.get(0) + " is above high bound " + value.get(1));
            return null;
        }
        if (low.kind == Kind.TEXT) {
            return v -> {
                String actual = Values.lower(v);
                return actual.compareTo(low.text) >= 0 && actual.compareTo(high.text) <= 0;
            };
        }
        return v -> {
            double actual = low.read(v);
            return actual >= low.number && actual <= high.number;
        };
    }

    private enum Kind {
        NUMBER("number"), DATE("date"), TEXT("text");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** A bound of an ordering op, parsed once; lead values are read as the same kind when compared. */
    private record Bound(Kind kind, double number, String text) implements Comparable<Bound> {
        double read(Object value) {
            return kind == Kind.NUMBER ? Values.number(value) : Values.epochMillis(value);
        }

        @Override
        public int compareTo(Bound other) {
            return kind == Kind.TEXT ? text.compareTo(other.text) : Double.compare(number, other.number);
        }
    }

    private static Bound bound(JsonNode node) {
        Object scalar = Values.scalar(node);
        if (scalar == null || scalar instanceof Boolean || Values.text(scalar).isBlank()) {
            return null;
        }
        double number = Values.number(scalar);
        if (!Double.isNaN(number) && Double.isFinite(number)) {
            return new Bound(Kind.NUMBER, number, null);
        }
        double date = Values.epochMillis(scalar);
        if (!Double.isNaN(date)) {
            return new Bound(Kind.DATE, date, null);
        }
        return new Bound(Kind.TEXT, Double.NaN, Values.lower(scalar));
    }

    private static String describe(JsonNode value) {
        String json = value.toString();
        return json.length() <= 60 ? json : json.substring(0, 57) + "...";
    }

    private static String opNames() {
        List<String> names = new ArrayList<>();
        for (Op op : Op.values()) {
            names.add(op.wireName());
        }
        return String.join(", ", names);
    }
}
