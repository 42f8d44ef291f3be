package dev.leadrouter.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.api.RoutingSimulation;
import dev.leadrouter.config.Config;
import dev.leadrouter.json.AttributeValues;
import dev.leadrouter.json.Json;
import dev.leadrouter.routing.RepValidator;
import dev.leadrouter.rules.RuleSet;
import dev.leadrouter.rules.RuleValidator;
import dev.leadrouter.rules.RuleWarnings;
import dev.leadrouter.store.AccountStore;
import dev.leadrouter.store.LeadStore;
import dev.leadrouter.store.RepStore;
import dev.leadrouter.store.RuleStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The ops CLI's commands. Imports check the whole file first and write nothing unless every item is
 * valid; they add or replace the items of the file and leave other items alone.
 */
final class OpsCommands {
    private static final int MAX_ATTEMPTS = 10;

    private final CliArguments args;
    private final Dynamo dynamo;
    private final PrintStream out;

    /** Where the client comes from; asked only by commands that read or write tables. */
    interface Dynamo {
        DynamoDbClient client() throws CommandFailed;
    }

    OpsCommands(CliArguments args, Dynamo dynamo, PrintStream out) {
        this.args = args;
        this.dynamo = dynamo;
        this.out = out;
    }

    void run() throws CommandFailed {
        switch (args.command()) {
            case "rules validate" -> validateRules();
            case "rules import" -> importRules();
            case "rules export" -> export(new RuleStore(dynamo.client(), args.table("rules")).all(), "ruleId");
            case "reps validate" -> validateReps();
            case "reps import" -> importReps();
            case "reps export" -> export(new RepStore(dynamo.client(), args.table("reps")).items(), "repId");
            case "simulate" -> simulate();
            default -> throw new IllegalArgumentException("not a command: " + args.command());
        }
    }

    /** The file's items when every one is valid; otherwise fails listing each problem. */
    private List<ObjectNode> checked(Path file, String key, String noun,
                                            Function<ObjectNode, List<String>> check) throws CommandFailed {
        List<JsonNode> items = ItemFiles.readArray(file);
        List<String> problems = ItemFiles.problems(items, key, check);
        if (!problems.isEmpty()) {
            throw new CommandFailed(file + ": " + problems.size() + " of " + items.size() + " " + noun + " invalid"
                    + (args.command().endsWith("import") ? "; nothing was written" : ""), problems);
        }
        return items.stream().map(ObjectNode.class::cast).toList();
    }

    /**
     * A FILE is checked alone; without one, the live rules table is, with the reps table for the teams.
     * Problems fail the command; warnings are printed and do not.
     */
    private void validateRules() throws CommandFailed {
        if (args.file() != null) {
            List<ObjectNode> rules = checked(args.file(), "ruleId", "rules", RuleValidator::problems);
            printWarnings(RuleWarnings.of(rules, RuleSet.compile(rules), null));
            out.println(args.file() + ": " + rules.size() + " rules valid");
            return;
        }
        String table = args.table("rules");
        List<ObjectNode> rules = new RuleStore(dynamo.client(), table).all();
        RuleSet compiled = RuleSet.compile(rules);
        List<RuleWarnings.Warning> warnings =
                RuleWarnings.of(rules, compiled, new RepStore(dynamo.client(), args.table("reps")).all());
        if (!compiled.invalidRules().isEmpty()) {
            List<String> details = new ArrayList<>(compiled.invalidRules().stream()
                    .map(invalid -> invalid.ruleId() + ": " + invalid.reason()).toList());
            warnings.forEach(warning -> details.add("warning: " + warning.ruleId() + ": " + warning.message()));
            throw new CommandFailed(table + ": " + compiled.invalidRules().size() + " of " + rules.size()
                    + " rules invalid (skipped by the pipeline)", details);
        }
        printWarnings(warnings);
        out.println(table + ": " + rules.size() + " rules valid");
    }

    private void printWarnings(List<RuleWarnings.Warning> warnings) {
        warnings.forEach(warning -> out.println("warning: " + warning.ruleId() + ": " + warning.message()));
    }

    /** A FILE is checked alone; without one, the live reps and accounts tables are. */
    private void validateReps() throws CommandFailed {
        if (args.file() != null) {
            out.println(args.file() + ": " + checked(args.file(), "repId", "reps", RepValidator::problems).size()
                    + " reps valid");
            return;
        }
        List<ObjectNode> reps = new RepStore(dynamo.client(), args.table("reps")).items();
        List<ObjectNode> accounts = new AccountStore(dynamo.client(), args.table("accounts")).items();
        ObjectNode report = RepValidator.report(reps, accounts);
        if (report.path("count").asInt() > 0) {
            List<String> details = new ArrayList<>();
            report.path("reps").forEach(rep -> details.add("rep " + rep.path("repId").asText() + ": "
                    + rep.path("reason").asText()));
            report.path("accounts").forEach(account -> details.add("account " + account.path("domain").asText() + ": "
                    + account.path("reason").asText()));
            throw new CommandFailed(args.table("reps") + ", " + args.table("accounts") + ": " + details.size()
                    + " items cannot be used (skipped by routing)", details);
        }
        out.println(args.table("reps") + ": " + reps.size() + " reps valid; " + args.table("accounts") + ": "
                + accounts.size() + " accounts valid");
    }

    private void importRules() throws CommandFailed {
        List<ObjectNode> rules = checked(args.file(), "ruleId", "rules", RuleValidator::problems);
        String table = args.table("rules");
        DynamoDbClient client = dynamo.client();
        for (ObjectNode rule : rules) {
            client.putItem(r -> r.tableName(table).item(AttributeValues.toItem(rule)));
        }
        out.println("imported " + rules.size() + " rules into " + table);
    }

    private void importReps() throws CommandFailed {
        List<ObjectNode> reps = checked(args.file(), "repId", "reps", RepValidator::problems);
        String table = args.table("reps");
        DynamoDbClient client = dynamo.client();
        int created = 0;
        for (ObjectNode rep : reps) {
            if (putRep(client, table, rep)) {
                created++;
            }
        }
        out.println("imported " + reps.size() + " reps into " + table + " (" + created + " new, "
                + (reps.size() - created) + " replaced, their openLeads kept)");
    }

    /**
     * Replaces the rep with the file's item but keeps the stored {@code openLeads}, which the pipeline
     * owns: the write is conditional on openLeads being unchanged since it was read, so a lead assigned
     * or closed meanwhile is never lost. A new rep starts with the file's openLeads, or 0.
     * Returns whether the rep is new.
     */
    private static boolean putRep(DynamoDbClient client, String table, ObjectNode rep) throws CommandFailed {
        String repId = rep.get("repId").textValue();
        Map<String, AttributeValue> key = Map.of("repId", AttributeValue.fromS(repId));
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            var stored = client.getItem(r -> r.tableName(table).key(key).consistentRead(true));
            boolean exists = stored.hasItem() && !stored.item().isEmpty();
            Map<String, AttributeValue> item = new HashMap<>(AttributeValues.toItem(rep));
            PutItemRequest.Builder put = PutItemRequest.builder().tableName(table)
                    .expressionAttributeNames(Map.of("#id", "repId", "#open", "openLeads"));
            if (!exists) {
                item.putIfAbsent("openLeads", AttributeValue.fromN("0"));
                put.conditionExpression("attribute_not_exists(#id) AND attribute_not_exists(#open)");
            } else if (stored.item().containsKey("openLeads")) {
                item.put("openLeads", stored.item().get("openLeads"));
                put.conditionExpression("attribute_exists(#id) AND #open = :open")
                        .expressionAttributeValues(Map.of(":open", stored.item().get("openLeads")));
            } else {
                item.remove("openLeads");
                put.conditionExpression("attribute_exists(#id) AND attribute_not_exists(#open)");
            }
            try {
                client.putItem(put.item(item).build());
                return !exists;
            } catch (ConditionalCheckFailedException changedMeanwhile) {
                // read again and retry
            }
        }
        throw new CommandFailed("rep " + repId + " kept changing while being imported; run the import again");
    }

    private void export(List<ObjectNode> items, String key) {
        List<ObjectNode> sorted = items.stream()
                .sorted(Comparator.comparing(item -> item.path(key).asText())).toList();
        out.println(pretty(Json.MAPPER.valueToTree(sorted)));
    }

    private void simulate() throws CommandFailed {
        ObjectNode body = ItemFiles.readObject(args.file());
        Config config = Config.fromEnv(Map.of("LEADS_TABLE", args.table("leads"), "REPS_TABLE", args.table("reps"),
                "RULES_TABLE", args.table("rules"), "ACCOUNTS_TABLE", args.table("accounts")));
        DynamoDbClient client = dynamo.client();
        RoutingSimulation.Result result = RoutingSimulation.create(new LeadStore(client, config.leadsTable()),
                new RuleStore(client, config.rulesTable()), new RepStore(client, config.repsTable()),
                new AccountStore(client, config.accountsTable()),
                config.rulesCacheTtl(), Clock.systemUTC()).simulate(body);
        if (!result.errors().isEmpty()) {
            throw new CommandFailed(args.file() + " is not a valid lead", result.errors().stream()
                    .map(error -> (error.field() == null ? "" : error.field() + ": ") + error.message()).toList());
        }
        out.println(pretty(result.report()));
    }

    private static String pretty(JsonNode node) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
