package dev.leadrouter.intake.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.domain.FieldError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the parts of a native payload, collecting every problem under its path (e.g. {@code fields[2].value})
 * instead of failing at the first, so a sender learns all that is wrong at once. Never throws while
 * reading; {@link #throwIfMalformed()} ends the reading.
 */
final class PayloadReader {
    /** Beyond this scale a decimal is written in scientific notation, so 1e999999 stays short. */
    private static final int MAX_PLAIN_SCALE = 100;

    private final List<FieldError> errors = new ArrayList<>();

    void fail(String path, String message) {
        errors.add(new FieldError(path, message));
    }

    void throwIfMalformed() {
        if (!errors.isEmpty()) {
            throw new MalformedPayload(errors);
        }
    }

    static boolean isAbsent(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }

    /** The node when it is an object; null (and an error when {@code required} or present) otherwise. */
    JsonNode object(JsonNode value, String path, boolean required) {
        if (value != null && value.isObject()) {
            return value;
        }
        if (required || !isAbsent(value)) {
            fail(path, path + (isAbsent(value) ? " is required" : " must be an object"));
        }
        return null;
    }

    /** The elements when the node is an array; empty (and an error when {@code required} or present) otherwise. */
    List<JsonNode> array(JsonNode value, String path, boolean required) {
        List<JsonNode> elements = new ArrayList<>();
        if (value != null && value.isArray()) {
            value.forEach(elements::add);
        } else if (required || !isAbsent(value)) {
            fail(path, path + (isAbsent(value) ? " is required" : " must be an array"));
        }
        return elements;
    }

    /** A string, number or boolean as text; null when absent or of another type (then with an error). */
    String scalar(JsonNode value, String path) {
        if (isAbsent(value)) {
            return null;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return Boolean.toString(value.booleanValue());
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        if (value.isNumber() && Double.isFinite(value.doubleValue())) {
            BigDecimal number = value.decimalValue().stripTrailingZeros();
            return Math.abs(number.scale()) <= MAX_PLAIN_SCALE ? number.toPlainString() : number.toString();
        }
        fail(path, path + " must be a string, number or boolean");
        return null;
    }

    /**
     * An identifier that a platform may send as a string or as a JSON number (numbers are kept exactly,
     * as text); null and an error when it is required but absent, blank or longer than {@code maxLength}.
     */
    String id(JsonNode value, String path, boolean required, int maxLength) {
        if (value != null && (value.isTextual() || value.isIntegralNumber())) {
            String id = value.isTextual() ? value.textValue().strip() : value.bigIntegerValue().toString();
            if (!id.isEmpty() && id.length() <= maxLength) {
                return id;
            }
            if (!id.isEmpty()) {
                fail(path, path + " must be at most " + maxLength + " characters");
                return null;
            }
        } else if (!isAbsent(value)) {
            fail(path, path + " must be a string or a whole number");
            return null;
        }
        if (required) {
            fail(path, path + " is required");
        }
        return null;
    }
}
