package dev.leadrouter.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A reproducible set of realistic QUALIFICATION rules (1 to 3 conditions each, ALL or ANY, every
 * operator), written twice: as rule items for our engine and as the equivalent JSON Logic, plus one
 * lead in both shapes. Values are in the lead's own case, so that case-insensitive and case-sensitive
 * comparison agree and both engines must find the same matches.
 */
public final class RuleCorpus {
    private static final String[] COUNTRIES = {"DE", "FR", "GB", "US", "ES", "IT", "NL", "SE", "JP", "BR"};
    private static final String[] INDUSTRIES = {"Software", "Retail", "Banking", "Healthcare", "Manufacturing", "Education"};
    private static final String[] LANGUAGES = {"de", "en", "fr", "es"};
    private static final String[] PRODUCTS = {"analytics", "crm", "billing", "support"};
    private static final String[] SEGMENTS = {"enterprise", "mid-market", "smb"};
    private static final String[] SOURCES = {"google", "linkedin", "newsletter", "partner"};
    private static final String[] TITLE_WORDS = {"VP", "Head", "Director", "Sales", "Manager", "Chief", "Intern", "Engineer"};
    private static final String[] DOMAINS = {"acme.com", "globex.com", "initech.io", "gmail.com", "example.org"};
    private static final String[] TEXT_FIELDS = {"title", "company", "emailDomain", "industry"};
    private static final String[] REGEXES = {"\\b(vp|chief|head)\\b", "^sales", "gmbh$", "(ltd|inc|gmbh)\\.?$", "\\d{3,}", "^[a-m]"};

    private final List<ObjectNode> items = new ArrayList<>();
    private final List<String> jsonLogic = new ArrayList<>();

    private RuleCorpus(int size, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < size; i++) {
            addRule(random, "rule-" + i, i);
        }
    }

    public static RuleCorpus generate(int size) {
        return new RuleCorpus(size, 20261123L);
    }

    /** Rule items as they would come from the rules table. */
    public List<ObjectNode> items() {
        return items;
    }

    /** The same rules' conditions as JSON Logic expressions, in the same order. */
    public List<String> jsonLogic() {
        return jsonLogic;
    }

    public static Lead lead() {
        Lead lead = new Lead();
        lead.email = "jane.doe@acme.com";
        lead.emailDomain = "acme.com";
        lead.freeMail = false;
        lead.firstName = "Jane";
        lead.lastName = "Doe";
        lead.company = "Acme GmbH";
        lead.title = "VP Sales";
        lead.country = "DE";
        lead.city = "Berlin";
        lead.employees = 1200L;
        lead.annualRevenue = 50_000_000.0;
        lead.industry = "Software";
        lead.product = "analytics";
        lead.language = "de";
        lead.campaign = Map.of("utmSource", "google", "utmMedium", "cpc", "utmCampaign", "q4");
        lead.attributes.put("segment", "enterprise");
        lead.attributes.put("tier", "2");
        lead.attributes.put("budget", "25000");
        lead.attributes.put("renewal", "2026-03-01");
        return lead;
    }

    /** The lead as JSON Logic reads data: nested maps, numbers as numbers. */
    public static Map<String, Object> leadData(Lead lead) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (String field : List.of("email", "emailDomain", "firstName", "lastName", "company", "title", "country", "city",
                "employees", "annualRevenue", "industry", "product", "language")) {
            data.put(field, lead.field(field));
        }
        data.put("campaign", lead.campaign);
        Map<String, Object> attributes = new LinkedHashMap<>();
        lead.attributes.forEach((name, value) -> attributes.put(name, isNumber(value) ? Double.parseDouble(value) : value));
        data.put("attributes", attributes);
        return data;
    }

    private static boolean isNumber(String value) {
        return value.chars().allMatch(Character::isDigit);
    }

    private void addRule(Random random, String ruleId, int index) {
        boolean any = random.nextInt(10) < 3;
        int count = 1 + random.nextInt(3);
        ObjectNode item = Json.object().put("ruleId", ruleId).put("stage", "QUALIFICATION")
                .put("priority", index).put("points", 1 + random.nextInt(20)).put("match", any ? "ANY" : "ALL");
        ArrayNode conditions = item.putArray("conditions");
        List<String> logic = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            // Spread the operators evenly, as a real table mixes them.
            Condition condition = condition(random, (index * 3 + c) % 15);
            conditions.add(condition.item);
            logic.add(condition.logic);
        }
        items.add(item);
        jsonLogic.add("{\"" + (any ? "or" : "and") + "\": [" + String.join(", ", logic) + "]}");
    }

    private record Condition(ObjectNode item, String logic) {
    }

    private static Condition condition(Random random, int kind) {
        return switch (kind) {
            case 0 -> textCompare("country", "eq", pick(random, COUNTRIES), "==");
            case 1 -> textCompare("industry", "ne", pick(random, INDUSTRIES), "!=");
            case 2 -> membership(random, "country", COUNTRIES, "in");
            case 3 -> membership(random, "language", LANGUAGES, "not_in");
            case 4 -> numberCompare("employees", "gt", 50 * (1 + random.nextInt(60)), ">");
            case 5 -> numberCompare("annualRevenue", "gte", 1_000_000L * (1 + random.nextInt(100)), ">=");
            case 6 -> numberCompare("attributes.budget", "lt", 1000L * (1 + random.nextInt(50)), "<");
            case 7 -> numberCompare("employees", "lte", 100 * (1 + random.nextInt(30)), "<=");
            case 8 -> between(random);
            case 9 -> {
                String word = pick(random, TITLE_WORDS);
                yield new Condition(item("title", "contains", word), "{\"in\": [" + quote(word) + ", {\"var\": \"title\"}]}");
            }
            case 10 -> {
                String prefix = pick(random, TITLE_WORDS);
                yield new Condition(item("title", "starts_with", prefix), "{\"==\": [{\"substr\": [{\"var\": \"title\"}, 0, "
                        + prefix.length() + "]}, " + quote(prefix) + "]}");
            }
            case 11 -> {
                String suffix = pick(random, DOMAINS);
                yield new Condition(item("emailDomain", "ends_with", suffix), "{\"==\": [{\"substr\": [{\"var\": \"emailDomain\"}, -"
                        + suffix.length() + "]}, " + quote(suffix) + "]}");
            }
            case 12 -> {
                String field = random.nextBoolean() ? "attributes.segment" : "campaign.utmSource";
                String value = pick(random, field.startsWith("campaign") ? SOURCES : SEGMENTS);
                yield textCompare(field, "eq", value, "==");
            }
            case 13 -> {
                String field = pick(random, new String[] {"phone", "company", "attributes.partner", "attributes.tier"});
                boolean exists = random.nextBoolean();
                ObjectNode item = Json.object().put("field", field).put("op", exists ? "exists" : "not_exists");
                yield new Condition(item, "{\"" + (exists ? "!!" : "!") + "\": [{\"var\": " + quote(field) + "}]}");
            }
            default -> {
                String field = pick(random, TEXT_FIELDS);
                String regex = pick(random, REGEXES);
                yield new Condition(item(field, "matches", regex),
                        "{\"matches\": [{\"var\": " + quote(field) + "}, " + quote(regex) + "]}");
            }
        };
    }

    private static Condition textCompare(String field, String op, String value, String logicOp) {
        return new Condition(item(field, op, value), "{\"" + logicOp + "\": [{\"var\": " + quote(field) + "}, " + quote(value) + "]}");
    }

    private static Condition numberCompare(String field, String op, long value, String logicOp) {
        ObjectNode item = Json.object().put("field", field).put("op", op).put("value", value);
        return new Condition(item, "{\"" + logicOp + "\": [{\"var\": " + quote(field) + "}, " + value + "]}");
    }

    private static Condition membership(Random random, String field, String[] pool, String op) {
        List<String> values = new ArrayList<>();
        ObjectNode item = Json.object().put("field", field).put("op", op);
        ArrayNode array = item.putArray("value");
        int size = 2 + random.nextInt(4);
        for (int i = 0; i < size; i++) {
            String value = pick(random, pool);
            array.add(value);
            values.add(quote(value));
        }
        String in = "{\"in\": [{\"var\": " + quote(field) + "}, [" + String.join(", ", values) + "]]}";
        return new Condition(item, op.equals("in") ? in : "{\"!\": [" + in + "]}");
    }

    private static Condition between(Random random) {
        long low = 100L * random.nextInt(20);
        long high = low + 100L * (1 + random.nextInt(40));
        ObjectNode item = Json.object().put("field", "employees").put("op", "between");
        item.putArray("value").add(low).add(high);
        return new Condition(item, "{\"<=\": [" + low + ", {\"var\": \"employees\"}, " + high + "]}");
    }

    private static ObjectNode item(String field, String op, String value) {
        return Json.object().put("field", field).put("op", op).put("value", value);
    }

    private static String pick(Random random, String[] pool) {
        return pool[random.nextInt(pool.length)];
    }

    private static String quote(String text) {
        return Json.write(text);
    }
}
