package dev.leadrouter.cleanse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.domain.Source;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How the validator and the cleanser read the fields of a {@code POST /leads} body, so that both read them alike. */
final class LeadFields {
    /** Short texts that are trimmed and have their inner whitespace collapsed. */
    static final List<String> NAME_FIELDS =
            List.of("firstName", "lastName", "company", "title", "city", "region", "industry", "product");

    static final BigDecimal MAX_EMPLOYEES = BigDecimal.valueOf(10_000_000);
    static final BigDecimal MAX_ANNUAL_REVENUE = new BigDecimal("1e13");

    /** Plain decimals up to this scale, scientific notation beyond: 1e999999 must not become a million digits. */
    private static final int MAX_PLAIN_SCALE = 100;

    private LeadFields() {
    }

    /** A field that carries no value: absent, JSON null, or a blank string. */
    static boolean isEmpty(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() || value.isTextual() && value.textValue().isBlank();
    }

    /** The trimmed text of a string field; null when empty or not a string. */
    static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return isEmpty(value) || !value.isTextual() ? null : value.textValue().strip();
    }

    /** The value of a JSON number, or null for anything else, including NaN and infinities. */
    private static BigDecimal decimal(JsonNode value) {
        if (value == null || !value.isNumber()) {
            return null;
        }
        if ((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
            return null;
        }
        return value.decimalValue();
    }

    /** {@code employees}: a whole number from 0 to {@link #MAX_EMPLOYEES}; null when absent or anything else. */
    static Long employees(JsonNode body) {
        BigDecimal number = numberUpTo(body.get("employees"), MAX_EMPLOYEES);
        return number == null || number.stripTrailingZeros().scale() > 0 ? null : number.longValue();
    }

    /** {@code annualRevenue}: a number from 0 to {@link #MAX_ANNUAL_REVENUE}; null when absent or anything else. */
    static Double annualRevenue(JsonNode body) {
        BigDecimal number = numberUpTo(body.get("annualRevenue"), MAX_ANNUAL_REVENUE);
        return number == null ? null : number.doubleValue();
    }

    private static BigDecimal numberUpTo(JsonNode value, BigDecimal max) {
        BigDecimal number = decimal(value);
        return number == null || number.signum() < 0 || number.compareTo(max) > 0 ? null : number;
    }

    /** An attribute value as stored: strings as they are, numbers and booleans as text; null for anything else. */
    static String attributeText(JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return Boolean.toString(value.booleanValue());
        }
        BigDecimal number = decimal(value);
        if (number == null) {
            return null;
        }
        BigDecimal stripped = number.stripTrailingZeros();
        boolean plain = stripped.scale() >= -MAX_PLAIN_SCALE && stripped.scale() <= MAX_PLAIN_SCALE;
        return plain ? stripped.toPlainString() : stripped.toString();
    }

    /** A source name, case-insensitive, with "-" or " " accepted for "_". */
    static Optional<Source> source(String text) {
        String name = text.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (Source source : Source.values()) {
            if (source.name().equals(name)) {
                return Optional.of(source);
            }
        }
        return Optional.empty();
    }
}
