package dev.leadrouter.pipelinebench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.config.Config;
import dev.leadrouter.json.AttributeValues;
import dev.leadrouter.json.Json;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The generated org the benchmark routes into: five teams of four reps (round robin, weighted, least
 * loaded), no working hours, capacities above the number of leads, and a few plain rules under which
 * most leads are HOT or WARM, some COLD (nurture) and a few disqualified. It can grow by idle teams of
 * 20 reps no lead is routed to (the org-size scenario) and by one big team that only leads marked for it
 * reach (the big-team scenario). Lead bodies are made here too, each with a unique email.
 */
final class BenchOrg {
    static final int TEAMS = 5;
    static final int REPS_PER_TEAM = 4;
    /** The team only leads with {@code attributes.benchTeam = big} are routed to. */
    static final String BIG_TEAM = "bench-big";
    static final int IDLE_TEAM_SIZE = 20;
    private static final int BATCH_WRITE = 25;
    private static final String[] COUNTRIES = {"DE", "FR", "GB", "US", "AT", "ES", "IE", "CA", "IT", "CH", "BR", "JP"};
    private static final String[] TITLES = {"VP Sales", "Head of Operations", "Engineer", "Director IT", "Analyst"};

    private record Team(String name, String strategy, List<String> countries) {
    }

    private static final List<Team> ROUTED_TEAMS = List.of(
            new Team("bench-dach", "ROUND_ROBIN", List.of("DE", "AT", "CH")),
            new Team("bench-south", "WEIGHTED", List.of("FR", "ES", "IT")),
            new Team("bench-uk", "LEAST_LOADED", List.of("GB", "IE")),
            new Team("bench-na", "ROUND_ROBIN", List.of("US", "CA")));
    private static final Team FALLBACK = new Team("bench-rest", "WEIGHTED", List.of());

    private final int capacity;
    private final String runId;

    /** @param capacity each rep's capacity: above the leads of the whole run, so nobody is ever full */
    BenchOrg(int capacity, String runId) {
        this.capacity = capacity;
        this.runId = runId;
    }

    List<ObjectNode> reps() {
        List<ObjectNode> reps = new ArrayList<>();
        List<Team> teams = new ArrayList<>(ROUTED_TEAMS);
        teams.add(FALLBACK);
        for (Team team : teams) {
            for (int i = 1; i <= REPS_PER_TEAM; i++) {
                reps.add(rep(team.name(), i));
            }
        }
        return reps;
    }

    /** {@code count} more reps in idle teams of {@link #IDLE_TEAM_SIZE}, numbered after {@code existing} such reps. */
    List<ObjectNode> idleReps(int existing, int count) {
        List<ObjectNode> reps = new ArrayList<>();
        for (int n = existing; n < existing + count; n++) {
            reps.add(rep("bench-idle-" + (n / IDLE_TEAM_SIZE + 1), n % IDLE_TEAM_SIZE + 1));
        }
        return reps;
    }

    /** The big team's {@code count} reps. */
    List<ObjectNode> bigTeamReps(int count) {
        List<ObjectNode> reps = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            reps.add(rep(BIG_TEAM, i));
        }
        return reps;
    }

    private ObjectNode rep(String team, int i) {
        ObjectNode rep = Json.object();
        rep.put("repId", team + "-" + i);
        rep.put("name", "Rep " + i + " of " + team);
        rep.put("email", team + "-" + i + "@reps.example.com");
        rep.putArray("teams").add(team);
        rep.put("active", true);
        rep.put("capacity", capacity);
        rep.put("openLeads", 0);
        rep.put("weight", 1 + i % 3);
        rep.putArray("skills").add("en");
        rep.put("timezone", "UTC");
        return rep;
    }

    List<ObjectNode> rules() {
        List<ObjectNode> rules = new ArrayList<>();
        ObjectNode settings = Json.object();
        settings.put("ruleId", "settings").put("stage", "SETTINGS").put("hotScore", 60).put("warmScore", 30)
                .put("fallbackTeam", FALLBACK.name()).put("slaSeconds", 900).put("parkRetrySeconds", 60);
        rules.add(settings);
        rules.add(qualification("q-size", 10, condition("employees", "gte", null).put("value", 200), 40));
        rules.add(qualification("q-senior", 20, condition("title", "matches", ".*\\b(vp|head|director)\\b.*"), 30));
        rules.add(qualification("q-product", 30, condition("product", "exists", null), 10));
        ObjectNode competitor = qualification("q-competitor", 1, condition("company", "contains", "competitor"), 0);
        competitor.remove("points");
        competitor.put("disqualify", true);
        rules.add(competitor);
        ObjectNode big = condition("attributes.benchTeam", "eq", "big");
        rules.add(routing(BIG_TEAM, 1, new Team(BIG_TEAM, "ROUND_ROBIN", List.of()), big));
        int priority = 10;
        for (Team team : ROUTED_TEAMS) {
            ObjectNode in = condition("country", "in", null);
            ArrayNode values = in.putArray("value");
            team.countries().forEach(values::add);
            rules.add(routing(team.name(), priority, team, in));
            priority += 10;
        }
        rules.add(routing(FALLBACK.name(), 100, FALLBACK, null));
        return rules;
    }

    private static ObjectNode qualification(String ruleId, int priority, ObjectNode condition, int points) {
        ObjectNode rule = Json.object();
        rule.put("ruleId", ruleId).put("stage", "QUALIFICATION").put("priority", priority).put("enabled", true);
        rule.putArray("conditions").add(condition);
        rule.put("points", points);
        return rule;
    }

    private static ObjectNode routing(String ruleId, int priority, Team team, ObjectNode condition) {
        ObjectNode rule = Json.object();
        rule.put("ruleId", ruleId).put("stage", "ROUTING").put("priority", priority).put("enabled", true);
        ArrayNode conditions = rule.putArray("conditions");
        if (condition != null) {
            conditions.add(condition);
        }
        rule.put("team", team.name()).put("strategy", team.strategy());
        return rule;
    }

    private static ObjectNode condition(String field, String op, String value) {
        ObjectNode condition = Json.object().put("field", field).put("op", op);
        if (value != null) {
            condition.put("value", value);
        }
        return condition;
    }

    /** Writes the reps and rules into the (empty) tables of {@code config}. */
    void seed(DynamoDbClient dynamo, Config config) {
        addReps(dynamo, config, reps());
        rules().forEach(rule -> dynamo.putItem(r -> r.tableName(config.rulesTable()).item(AttributeValues.toItem(rule))));
    }

    /** Writes {@code reps} into the reps table, 25 to a BatchWriteItem, retrying what comes back unprocessed. */
    static void addReps(DynamoDbClient dynamo, Config config, List<ObjectNode> reps) {
        for (int from = 0; from < reps.size(); from += BATCH_WRITE) {
            List<WriteRequest> writes = reps.subList(from, Math.min(reps.size(), from + BATCH_WRITE)).stream()
                    .map(rep -> WriteRequest.builder().putRequest(PutRequest.builder()
                            .item(AttributeValues.toItem(rep)).build()).build())
                    .toList();
            var unprocessed = java.util.Map.of(config.repsTable(), writes);
            while (!unprocessed.isEmpty()) {
                var pending = unprocessed;
                unprocessed = dynamo.batchWriteItem(r -> r.requestItems(pending)).unprocessedItems();
            }
        }
    }

    /**
     * The form body of lead number {@code n}: one in 50 is COLD (small company, no seniority, no product),
     * one in 97 is a competitor (disqualified), the others are WARM or HOT.
     */
    String leadBody(int n) {
        ObjectNode body = Json.object();
        body.put("email", "bench." + runId + "." + n + "@company" + (n % 300) + ".example.com");
        body.put("firstName", "Lead").put("lastName", "Number " + n);
        boolean cold = isCold(n);
        body.put("company", isCompetitor(n) ? "Competitor " + n + " Inc" : "Company " + (n % 300));
        body.put("title", cold ? "Analyst" : TITLES[n % TITLES.length]);
        body.put("country", COUNTRIES[n % COUNTRIES.length]);
        body.put("employees", cold ? 20 : 200 + (n * 37) % 5000);
        body.put("industry", "Software");
        if (!cold) {
            body.put("product", "analytics");
        }
        body.put("source", "WEB_FORM");
        body.putObject("campaign").put("utmSource", "google").put("utmMedium", "cpc").put("utmCampaign", "bench");
        body.put("message", "Need a demo");
        return Json.write(body);
    }

    /** Lead number {@code n} marked for the big team: HOT, so it is routed, and matched by the big team's rule. */
    String bigTeamLeadBody(int n) {
        ObjectNode body = (ObjectNode) Json.parse(leadBody(n));
        body.put("email", "bench." + runId + ".big." + n + "@company" + (n % 300) + ".example.com");
        body.put("company", "Company " + (n % 300)).put("title", "VP Sales").put("employees", 1000)
                .put("product", "analytics");
        body.putObject("attributes").put("benchTeam", "big");
        return Json.write(body);
    }

    /**
     * One lead form of about {@code bytes} bytes (its message padded), always with the same email: the first
     * post makes the lead, each further one is a duplicate of it.
     */
    String duplicateBody(int bytes) {
        ObjectNode body = (ObjectNode) Json.parse(leadBody(1));
        body.put("email", "bench." + runId + ".duplicate@company1.example.com");
        int padding = Math.max(0, bytes - Json.write(body).length());
        body.put("message", "Need a demo " + "x".repeat(Math.max(0, padding - 12)));
        return Json.write(body);
    }

    /** Whether lead number {@code n} is WARM or HOT, so it gets a rep. */
    boolean routes(int n) {
        return !isCold(n) && !isCompetitor(n);
    }

    private static boolean isCold(int n) {
        return n % 50 == 0;
    }

    private static boolean isCompetitor(int n) {
        return n % 97 == 0;
    }
}
