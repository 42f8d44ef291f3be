package dev.leadrouter.intake.webhooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Source;
import dev.leadrouter.json.Json;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a canonical lead body ({@code POST /leads} format) from a platform's answers, native name → text.
 * The names a platform shares with the lead map onto its fields, every other answer is kept in
 * {@code attributes} under its native name, so nothing the lead said is lost. The values themselves are
 * checked by the intake, which names the lead field that is wrong.
 */
final class CanonicalBody {
    /** Pseudo field of the name tables: split into first and last name when the payload has neither. */
    static final String FULL_NAME = "fullName";
    /** Prefix of the name tables' campaign keys, e.g. {@code campaign.utmSource}. */
    static final String CAMPAIGN = "campaign.";
    /** Separator of several values of one answer (multiple choice, repeated fields). */
    static final String VALUE_SEPARATOR = ";";

    private static final Pattern WHOLE_NUMBER = Pattern.compile("\\d{1,12}");
    private static final Pattern DECIMAL = Pattern.compile("\\d{1,15}(?:\\.\\d{1,6})?");
    /** Company size ranges of form dropdowns, e.g. "25-50" or "1000+": the lower bound is a true minimum. */
    private static final Pattern SIZE_RANGE = Pattern.compile("(\\d{1,12})\\s*(?:\\+|[-–]\\s*\\d{1,12})");

    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    private final ObjectNode body = Json.object();
    private final ObjectNode campaign = Json.object();
    private final ObjectNode attributes = Json.object();
    private String fullName;

    CanonicalBody(Source source) {
        source(source);
    }

    /** An ordered name table from pairs (native name, lead field): earlier names win when both are answered. */
    static Map<String, String> names(String... nativeAndField) {
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i + 1 < nativeAndField.length; i += 2) {
            names.put(nativeAndField[i], nativeAndField[i + 1]);
        }
        return Collections.unmodifiableMap(names);
    }

    /** Records a platform's answer; a name answered again (multiple choice, repeated fields) keeps every value. */
    static void answer(Map<String, String> answers, String name, String value) {
        answers.merge(name, value, (first, next) -> first + VALUE_SEPARATOR + next);
    }

    /** Maps the answers: those of the table onto their fields in the table's order, the rest to attributes. */
    CanonicalBody answers(Map<String, String> answers, Map<String, String> names) {
        names.forEach((nativeName, field) -> {
            String value = answers.get(nativeName);
            if (value != null) {
                field(field, nativeName, value);
            }
        });
        answers.forEach((nativeName, value) -> {
            if (!names.containsKey(nativeName)) {
                attribute(nativeName, value);
            }
        });
        return this;
    }

    /**
     * Sets a lead field from a native answer. A field that already has a value keeps it and the answer goes
     * to attributes; so does a number that is not one (e.g. a company size of "unknown").
     */
    CanonicalBody field(String field, String nativeName, String value) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty()) {
            return this;
        }
        if (field.startsWith(CAMPAIGN)) {
            return campaign(field.substring(CAMPAIGN.length()), text);
        }
        if (field.equals(FULL_NAME)) {
            if (fullName == null) {
                fullName = text;
            }
            return this;
        }
        if (body.hasNonNull(field)) {
            return attribute(nativeName, text);
        }
        switch (field) {
            case "employees" -> employees(nativeName, text);
            case "annualRevenue" -> {
                if (DECIMAL.matcher(text).matches()) {
                    body.put(field, new BigDecimal(text));
                } else {
                    attribute(nativeName, text);
                }
            }
            default -> body.put(field, text);
        }
        return this;
    }

    private void employees(String nativeName, String text) {
        if (WHOLE_NUMBER.matcher(text).matches()) {
            body.put("employees", Long.parseLong(text));
            return;
        }
        Matcher range = SIZE_RANGE.matcher(text);
        if (range.matches()) {
            body.put("employees", Long.parseLong(range.group(1)));
        }
        attribute(nativeName, text);
    }

    CanonicalBody source(Source source) {
        body.put("source", source.name());
        return this;
    }

    CanonicalBody externalId(String externalId) {
        return field("externalId", "externalId", externalId);
    }

    CanonicalBody campaign(String key, String value) {
        if (value != null && !value.isBlank() && !campaign.has(key)) {
            campaign.put(key, value.strip());
        }
        return this;
    }

    /** Keeps an answer under its native name; a second answer to the same name is appended. */
    CanonicalBody attribute(String name, String value) {
        if (value == null || value.isBlank()) {
            return this;
        }
        String earlier = attributes.path(name).textValue();
        attributes.put(name, earlier == null ? value.strip() : earlier + VALUE_SEPARATOR + value.strip());
        return this;
    }

    ObjectNode toJson() {
        ObjectNode lead = body.deepCopy();
        if (fullName != null && !lead.has("firstName") && !lead.has("lastName")) {
            String[] names = WHITESPACE.split(fullName, 2);
            lead.put("firstName", names[0]);
            if (names.length > 1) {
                lead.put("lastName", names[1]);
            }
        }
        if (!campaign.isEmpty()) {
            lead.set("campaign", campaign.deepCopy());
        }
        if (!attributes.isEmpty()) {
            lead.set("attributes", attributes.deepCopy());
        }
        return lead;
    }
}
