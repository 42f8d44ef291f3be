package dev.leadrouter.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Account;
import dev.leadrouter.domain.Rep;
import dev.leadrouter.json.Json;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks ops-edited rep and account items (CONTRACT.md, "Rep — table lead-router-reps" and "Account — table lead-router-accounts") the way routing reads them, reporting
 * every problem of an item at once. An item with a problem cannot be used as written: routing skips it,
 * for that item alone, and {@code GET /reps/validation}, {@code reps validate} and imports report it.
 * Lenient where ops type things differently, as for rules: numbers as numeric text, booleans as
 * "true"/"false". Attributes the system does not use are allowed.
 */
public final class RepValidator {
    private static final Set<String> DAYS = Set.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    private static final Set<String> DAY_NAMES =
            Set.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");

    private RepValidator() {
    }

    /** A rep item read for routing: the rep when it can be used, else every problem found. */
    public record Checked<T>(T item, List<String> problems) {
        public boolean usable() {
            return problems.isEmpty();
        }
    }

    /** Every problem of the rep item; empty when it can be used. */
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
        if (active != null && !active.isNull() && bool(active) == null) {
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
        Optional<ZoneId> zone = timezone(rep.get("timezone"), problems);
        workingHours(rep.get("workingHours"), problems);
        awayUntil(rep.get("awayUntil"), zone.orElse(ZoneId.of("UTC")), problems);
        return problems;
    }

    /** The rep as routing uses it, or the reasons it cannot be used. Never throws. */
    public static Checked<Rep> rep(ObjectNode item) {
        List<String> problems = problems(item);
        if (!problems.isEmpty()) {
            return new Checked<>(null, problems);
        }
        try {
            return new Checked<>(Json.convert(item, Rep.class), List.of());
        } catch (IllegalArgumentException e) {
            return new Checked<>(null, List.of("cannot be read: " + e.getMessage()));
        }
    }

    /**
     * The account as routing uses it, or the reasons it cannot be used. An owner who is no (usable) rep
     * is checked by {@link #ownerProblem}, which needs the reps table.
     */
    public static Checked<Account> account(ObjectNode item) {
        List<String> problems = new ArrayList<>();
        JsonNode domain = item.get("domain");
        if (domain == null || !domain.isTextual() || domain.textValue().isBlank()) {
            problems.add("domain must be a text such as \"acme.com\", not " + domain);
        }
        optionalText(item, "accountName", problems);
        JsonNode owner = item.get("ownerRepId");
        if (owner == null || owner.isNull() || owner.isTextual() && owner.textValue().isBlank()) {
            problems.add("missing ownerRepId (the repId of the account's owner)");
        } else if (!owner.isTextual()) {
            problems.add("ownerRepId must be a text, not " + owner);
        }
        if (!problems.isEmpty()) {
            return new Checked<>(null, problems);
        }
        JsonNode name = item.get("accountName");
        return new Checked<>(new Account(domain.textValue().strip(), name == null || name.isNull() ? null : name.textValue(),
                owner.textValue().strip()), List.of());
    }

    /** Why the account's owner cannot take its leads, given the usable reps' ids; empty when they can. */
    public static Optional<String> ownerProblem(Account account, Set<String> usableRepIds, Set<String> allRepIds) {
        if (usableRepIds.contains(account.ownerRepId())) {
            return Optional.empty();
        }
        return Optional.of(allRepIds.contains(account.ownerRepId())
                ? "owner " + account.ownerRepId() + " is a rep whose item cannot be used"
                : "owner " + account.ownerRepId() + " is no rep");
    }

    /**
     * The report of {@code GET /reps/validation} and {@code reps validate}: every rep and account item that
     * cannot be used as written, with the reason, ordered by id.
     */
    public static ObjectNode report(Collection<ObjectNode> repItems, Collection<ObjectNode> accountItems) {
        Set<String> allRepIds = new HashSet<>();
        Set<String> usableRepIds = new HashSet<>();
        ObjectNode report = Json.object();
        ArrayNode reps = report.putArray("reps");
        repItems.stream().sorted(Comparator.comparing(item -> item.path("repId").asText())).forEach(item -> {
            allRepIds.add(item.path("repId").asText());
            Checked<Rep> checked = rep(item);
            if (checked.usable()) {
                usableRepIds.add(checked.item().repId);
            } else {
                reps.addObject().put("repId", item.path("repId").asText(null))
                        .put("reason", String.join("; ", checked.problems()));
            }
        });
        ArrayNode accounts = report.putArray("accounts");
        accountItems.stream().sorted(Comparator.comparing(item -> item.path("domain").asText())).forEach(item -> {
            Checked<Account> checked = account(item);
            List<String> problems = checked.usable()
                    ? ownerProblem(checked.item(), usableRepIds, allRepIds).stream().toList() : checked.problems();
            if (!problems.isEmpty()) {
                accounts.addObject().put("domain", item.path("domain").asText(null)).put("reason", String.join("; ", problems));
            }
        });
        return report.put("count", reps.size() + accounts.size());
    }

    private static void optionalText(ObjectNode item, String name, List<String> problems) {
        JsonNode node = item.get(name);
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

    private static Boolean bool(JsonNode node) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual() && (node.textValue().strip().equalsIgnoreCase("true")
                || node.textValue().strip().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(node.textValue().strip());
        }
        return null;
    }

    private static void optionalNonNegativeInteger(ObjectNode rep, String name, List<String> problems) {
        JsonNode node = rep.get(name);
        if (node != null && !node.isNull()) {
            nonNegativeInteger(node, name, problems);
        }
    }

    /** A whole number from 0 to Integer.MAX_VALUE, as a number or as numeric text (DynamoDB N or S). */
    private static void nonNegativeInteger(JsonNode node, String name, List<String> problems) {
        BigDecimal value = null;
        if (node.isNumber()) {
            value = node.decimalValue();
        } else if (node.isTextual()) {
            try {
                value = new BigDecimal(node.textValue().strip());
            } catch (NumberFormatException notANumber) {
                value = null;
            }
        }
        boolean valid = false;
        if (value != null) {
            value = value.stripTrailingZeros();
            valid = value.scale() <= 0 && value.signum() >= 0 && value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0;
        }
        if (!valid) {
            problems.add(name + " must be an integer >= 0, not " + node);
        }
    }

    private static Optional<ZoneId> timezone(JsonNode node, List<String> problems) {
        if (node == null || node.isNull() || node.isTextual() && node.textValue().isBlank()) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            try {
                return Optional.of(ZoneId.of(node.textValue().strip()));
            } catch (DateTimeException unknown) {
                // reported below
            }
        }
        problems.add("timezone must be an IANA time zone such as \"Europe/Berlin\", not " + node);
        return Optional.empty();
    }

    private static void workingHours(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            problems.add("workingHours must be an object of day to hours, e.g. {\"mon\": \"09:00-17:00\"}, not " + node);
            return;
        }
        for (Map.Entry<String, JsonNode> day : node.properties()) {
            String name = day.getKey().strip().toLowerCase(Locale.ROOT);
            if (!DAYS.contains(name) && !DAY_NAMES.contains(name)) {
                problems.add("workingHours: unknown day \"" + day.getKey() + "\" (expected mon, tue, wed, thu, fri, sat, sun)");
            }
            JsonNode hours = day.getValue();
            if (!hours.isTextual() || !WorkingHours.validRanges(hours.textValue())) {
                problems.add("workingHours." + day.getKey() + " must be ranges \"HH:mm-HH:mm\" separated by commas, not "
                        + hours);
            }
        }
    }

    /** As routing reads it: an instant or date-time with offset, a local date-time or a date in the rep's zone. */
    private static void awayUntil(JsonNode node, ZoneId zone, List<String> problems) {
        if (node == null || node.isNull() || node.isTextual() && node.textValue().isBlank()) {
            return;
        }
        if (!node.isTextual() || Eligibility.awayUntil(node.textValue(), zone).isEmpty()) {
            problems.add("awayUntil must be an ISO date or date-time such as \"2026-12-01T00:00:00Z\", not " + node);
        }
    }
}
