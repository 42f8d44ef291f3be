package dev.leadrouter.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a rep item before it is imported (contract section 5), reporting every problem at once.
 * Stricter than routing, which quietly treats a bad time zone as UTC or a bad range as no time:
 * an import is where a typo should be caught. Attributes the system does not use are allowed.
 */
public final class RepValidator {
    private static final Set<String> DAYS = Set.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    private static final Set<String> DAY_NAMES =
            Set.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");
    private static final Pattern RANGE = Pattern.compile("(\\d{1,2}:\\d{2})-(\\d{1,2}:\\d{2})");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("H:mm");

    private RepValidator() {
    }

    /** Every problem of the item; empty when it can be imported. */
    public static List<String> problems(ObjectNode rep) {
        List<String> problems = new ArrayList<>();
        JsonNode repId = rep.get("repId");
        if (repId == null || repId.isNull() || repId.isTextual() && repId.textValue().isBlank()) {
            problems.add("missing repId");
        } else if (!repId.isTextual()) {
            problems.add("repId must be a text, not " + repId);
        }
        optionalText(rep, "name", problems);
        optionalText(rep, "email", problems);
        JsonNode teams = rep.get("teams");
        if (teams == null || teams.isNull()) {
            problems.add("missing teams (a list of team names)");
        } else {
            texts(teams, "teams", problems);
        }
        JsonNode active = rep.get("active");
        if (active != null && !active.isNull() && !active.isBoolean()) {
            problems.add("active must be true or false, not " + active);
        }
        JsonNode capacity = rep.get("capacity");
        if (capacity == null || capacity.isNull()) {
            problems.add("missing capacity (most open leads at once, an integer >= 0)");
        } else {
            nonNegativeInteger(capacity, "capacity", problems);
        }
        optionalNonNegativeInteger(rep, "weight", problems);
        optionalNonNegativeInteger(rep, "openLeads", problems);
        JsonNode skills = rep.get("skills");
        if (skills != null && !skills.isNull()) {
            texts(skills, "skills", problems);
        }
        timezone(rep.get("timezone"), problems);
        workingHours(rep.get("workingHours"), problems);
        awayUntil(rep.get("awayUntil"), problems);
        return problems;
    }

    private static void optionalText(ObjectNode rep, String name, List<String> problems) {
        JsonNode node = rep.get(name);
        if (node != null && !node.isNull() && !node.isTextual()) {
            problems.add(name + " must be a text, not " + node);
        }
    }

    private static void texts(JsonNode node, String name, List<String> problems) {
        boolean allTexts = node.isArray();
        if (allTexts) {
            for (JsonNode element : node) {
                allTexts &= element.isTextual() && !element.textValue().isBlank();
            }
        }
        if (!allTexts) {
            problems.add(name + " must be a list of texts, not " + node);
        }
    }

    private static void optionalNonNegativeInteger(ObjectNode rep, String name, List<String> problems) {
        JsonNode node = rep.get(name);
        if (node != null && !node.isNull()) {
            nonNegativeInteger(node, name, problems);
        }
    }

    private static void nonNegativeInteger(JsonNode node, String name, List<String> problems) {
        boolean valid = false;
        if (node.isNumber()) {
            BigDecimal value = node.decimalValue().stripTrailingZeros();
            valid = value.scale() <= 0 && value.signum() >= 0 && value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0;
        }
        if (!valid) {
            problems.add(name + " must be an integer >= 0, not " + node);
        }
    }

    private static void timezone(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isTextual() || !ZoneId.getAvailableZoneIds().contains(node.textValue().strip())) {
            problems.add("timezone must be an IANA time zone such as \"Europe/Berlin\", not " + node);
        }
    }

    private static void workingHours(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            problems.add("workingHours must be an object of day to hours, e.g. {\"mon\": \"09:00-17:00\"}, not " + node);
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> days = node.fields();
        while (days.hasNext()) {
            Map.Entry<String, JsonNode> day = days.next();
            String name = day.getKey().strip().toLowerCase(Locale.ROOT);
            if (!DAYS.contains(name) && !DAY_NAMES.contains(name)) {
                problems.add("workingHours: unknown day \"" + day.getKey() + "\" (expected mon, tue, wed, thu, fri, sat, sun)");
            }
            JsonNode hours = day.getValue();
            if (!hours.isTextual() || !validRanges(hours.textValue())) {
                problems.add("workingHours." + day.getKey() + " must be ranges \"HH:mm-HH:mm\" separated by commas, not "
                        + hours);
            }
        }
    }

    /** "09:00-12:00, 13:00-17:00"; an end at or before the start runs overnight; "24:00" only as an end. */
    private static boolean validRanges(String text) {
        for (String range : text.split(",", -1)) {
            var matcher = RANGE.matcher(range.strip());
            if (!matcher.matches() || matcher.group(1).equals("24:00") || !validClock(matcher.group(1))
                    || !(matcher.group(2).equals("24:00") || validClock(matcher.group(2)))) {
                return false;
            }
        }
        return true;
    }

    private static boolean validClock(String text) {
        try {
            LocalTime.parse(text, CLOCK);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** As routing reads it: an instant or date-time with offset, a local date-time or a date in the rep's zone. */
    private static void awayUntil(JsonNode node, List<String> problems) {
        if (node == null || node.isNull() || node.isTextual() && node.textValue().isBlank()) {
            return;
        }
        if (!node.isTextual() || !isDateOrDateTime(node.textValue().strip())) {
            problems.add("awayUntil must be an ISO date or date-time such as \"2026-12-01T00:00:00Z\", not " + node);
        }
    }

    private static boolean isDateOrDateTime(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeException notOffset) {
            try {
                LocalDateTime.parse(text);
                return true;
            } catch (DateTimeException notLocal) {
                try {
                    LocalDate.parse(text);
                    return true;
                } catch (DateTimeException notDate) {
                    return false;
                }
            }
        }
    }
}
