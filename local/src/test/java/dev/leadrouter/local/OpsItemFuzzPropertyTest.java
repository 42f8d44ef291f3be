package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.json.AttributeValues;
import dev.leadrouter.routing.RoutingHandler;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever JSON an ops person types into a rep, an account and a rule item, routing for the other teams goes
 * on and every API answer about them is a 2xx or a 4xx, never a 5xx.
 */
@Tag("soak")
class OpsItemFuzzPropertyTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> REP_NAMES = List.of("name", "email", "teams", "active", "capacity", "openLeads",
            "weight", "skills", "timezone", "workingHours", "awayUntil", "notify");
    private static final List<String> RULE_NAMES = List.of("stage", "enabled", "match", "conditions", "team", "strategy",
            "requireSkills", "points", "disqualify", "description", "fallbackTeam", "hotScore");
    private static IsolatedStack stack;

    @BeforeContainer
    static void startStack() {
        stack = IsolatedStack.start();
        stack.putRule("{\"ruleId\": \"settings\", \"stage\": \"SETTINGS\", \"slaSeconds\": 3600}");
        stack.putRule("""
                {"ruleId": "stable", "stage": "ROUTING", "priority": 1, "team": "stable",
                 "conditions": [{"field": "attributes.scenario", "op": "eq", "value": "stable"}]}""");
        stack.putRep("{\"repId\": \"r-stable\", \"teams\": [\"stable\"], \"capacity\": 1000000, \"openLeads\": 0}");
    }

    @AfterContainer
    static void stopStack() {
        stack.close();
    }

    @Property(tries = 60)
    void anyOpsItemLeavesOtherTeamsRoutingAndEveryAnswerBelow500(@ForAll("items") ObjectNode rep,
                                                                 @ForAll("items") ObjectNode account,
                                                                 @ForAll("items") ObjectNode rule) {
        rep.put("repId", "r-fuzz");
        account.put("domain", "fuzz.example");
        rule.put("ruleId", "fuzz-rule").put("priority", 1_000_000);
        stack.dynamo().putItem(r -> r.tableName(stack.direct().repsTable()).item(AttributeValues.toItem(rep)));
        stack.dynamo().putItem(r -> r.tableName(stack.direct().accountsTable()).item(AttributeValues.toItem(account)));
        stack.dynamo().putItem(r -> r.tableName(stack.direct().rulesTable()).item(AttributeValues.toItem(rule)));

        Lead lead = stack.newLead("QUALIFIED", "p-" + UUID.randomUUID().toString().substring(0, 8) + "@stable.example",
                Map.of("scenario", "stable"));
        lead.score = 70;
        lead.grade = Grade.HOT;
        stack.store(lead);
        SQSBatchResponse response = new RoutingHandler(new AwsPorts(stack.dynamo(), stack.sqs()), stack.direct(), Clock.systemUTC())
                .handleRequest(IsolatedStack.event(IsolatedStack.routeMessage(lead.leadId)), null);
        assertEquals(List.of(), response.getBatchItemFailures());
        Lead routed = stack.lead(lead.leadId);
        assertEquals("r-stable", routed.assignment == null ? null : routed.assignment.repId(), routed.history.toString());

        for (HttpResponse<String> answer : List.of(
                stack.getAuthenticated("/reps/validation"),
                stack.getAuthenticated("/rules/validation"),
                stack.getAuthenticated("/leads/" + lead.leadId),
                stack.postAuthenticated("/routing/simulate",
                        "{\"email\": \"someone@fuzz.example\", \"attributes\": {\"scenario\": \"fuzz\"}}"),
                stack.postAuthenticated("/routing/simulate",
                        "{\"email\": \"someone@stable.example\", \"attributes\": {\"scenario\": \"stable\"}}"))) {
            assertTrue(answer.statusCode() < 500, answer.statusCode() + " " + answer.body());
        }
        stack.drain(stack.direct().assignmentsQueueUrl());
    }

    @Provide
    Arbitrary<ObjectNode> items() {
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of(REP_NAMES), Arbitraries.of(RULE_NAMES),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8));
        return Arbitraries.maps(names, json(2)).ofMaxSize(8).map(fields -> {
            ObjectNode item = NODES.objectNode();
            fields.forEach(item::set);
            return item;
        });
    }

    /** Any JSON value DynamoDB can hold, nested up to {@code depth}. */
    private static Arbitrary<JsonNode> json(int depth) {
        Arbitrary<JsonNode> scalar = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(NODES::textNode),
                Arbitraries.of("ten", "10", "-1", "1.5", "America/Los_Angles", "Europe/Berlin", "09:00-17:00", "9 to 5",
                        "2026-12-01", "next week", "ROUTING", "QUALIFICATION", "SETTINGS", "WEIGHTED", "true", "stable",
                        "fuzz", "r-stable", "country", "eq", "").map(NODES::textNode),
                Arbitraries.integers().between(-1000, 1_000_000).map(NODES::numberNode),
                Arbitraries.doubles().between(-1e6, 1e6).map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.nullNode()));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<JsonNode> array = json(depth - 1).list().ofMaxSize(3).map(elements -> {
            var node = NODES.arrayNode();
            elements.forEach(node::add);
            return node;
        });
        Arbitrary<JsonNode> object = Arbitraries.maps(Arbitraries.oneOf(
                Arbitraries.of("mon", "tue", "field", "op", "value", "email"),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6)), json(depth - 1)).ofMaxSize(3).map(fields -> {
                    ObjectNode node = NODES.objectNode();
                    fields.forEach(node::set);
                    return node;
                });
        return Arbitraries.frequencyOf(Tuple.of(6, scalar), Tuple.of(2, array),
                Tuple.of(2, object));
    }
}
