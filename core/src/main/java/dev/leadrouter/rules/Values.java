package dev.leadrouter.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Reads values the way ops type them and leads hold them: numbers as numbers or numeric text,
 * booleans as booleans or "true"/"false", dates as ISO text. Every method is total: what cannot
 * be read as the wanted kind yields null or NaN, never an exception.
 */
final class Values {
    private Values() {
    }

    /** Absent and blank values count as missing: a field that holds only spaces says nothing. */
    static boolean isMissing(Object value) {
        return value == null || value instanceof String text && text.isBlank();
    }

    static String text(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof BigDecimal decimal) {
            BigDecimal stripped = decimal.stripTrailingZeros();
            // Plain digits for ordinary magnitudes; scientific beyond, rather than a huge string of zeros.
            return Math.abs(stripped.scale()) <= 100 ? stripped.toPlainString() : stripped.toString();
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            // Plain digits, so that a revenue of 5.0E7 reads as "50000000" for contains/starts_with.
            return Double.isFinite(number) ? text(BigDecimal.valueOf(number)) : String.valueOf(number);
        }
        return String.valueOf(value);
    }

    static String lower(Object value) {
        return text(value).toLowerCase(Locale.ROOT);
    }

    /** The value as a double, or NaN when it is neither a number nor numeric text. */
    static double number(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text && isNumeric(text)) {
            return Double.parseDouble(text.strip());
        }
        return Double.NaN;
    }

    /**
     * The value as an exact decimal without trailing zeros (so 10, "10.0" and 1E+1 are one key), or null.
     * Equality uses this rather than double so that long numeric ids never compare equal by rounding.
     */
    static BigDecimal decimal(Object value) {
        BigDecimal decimal = null;
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            decimal = BigDecimal.valueOf(((Number) value).longValue());
        } else if (value instanceof BigDecimal exact) {
            decimal = exact;
        } else if (value instanceof BigInteger integer) {
            decimal = new BigDecimal(integer);
        } else if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
            decimal = BigDecimal.valueOf(number.doubleValue());
        } else if (value instanceof String text && isNumeric(text)) {
            decimal = new BigDecimal(text.strip());
        }
        return decimal == null ? null : decimal.stripTrailingZeros();
    }

    /**
     * Plain decimal notation with an optional exponent: "12", "-3.5", "1e6". Stricter than
     * {@link Double#parseDouble}, which would also take "NaN", "Infinity", "0x1p3" or "10d".
     */
    static boolean isNumeric(String text) {
        String s = text.strip();
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            // A bounded exponent keeps BigDecimal from being asked for absurd scales.
            while (i < n && isDigit(s.charAt(i)) && exponentDigits < 4) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * ISO date ("2026-01-31", start of that day in UTC) or date-time ("2026-01-31T10:00:00Z",
     * UTC when it has no offset) as epoch milliseconds, or NaN.
     */
    static double epochMillis(Object value) {
        if (!(value instanceof String raw)) {
            return Double.NaN;
        }
        String text = raw.strip();
        // Cheap shape check first: most text is not a date, and parse failures are exceptions.
        if (text.length() < 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return Double.NaN;
        }
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
            OffsetDateTime dateTime = parsed instanceof OffsetDateTime offset ? offset
                    : ((LocalDateTime) parsed).atOffset(ZoneOffset.UTC);
            return dateTime.toInstant().toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            return Double.NaN;
        }
    }

    /** A scalar JSON value as the plain Java value conditions compare; null for arrays, objects and null. */
    static Object scalar(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isDouble() || node.isFloat()) {
            return Double.isFinite(node.doubleValue()) ? node.decimalValue() : null;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return null;
    }

    /** A number, or numeric text as ops type it in the console ("10" as S), as an exact decimal; null otherwise. */
    static BigDecimal decimal(JsonNode node) {
        return node == null || node.isBoolean() ? null : decimal(scalar(node));
    }

    /** true/false as a boolean or as text; null when it is neither. */
    static Boolean bool(JsonNode node) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            String text = node.textValue().strip();
            if (text.equalsIgnoreCase("true")) {
                return true;
            }
            if (text.equalsIgnoreCase("false")) {
                return false;
            }
        }
        return null;
    }
}
