package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.config.Config;
import dev.leadrouter.domain.FieldError;
import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.json.Json;
import dev.leadrouter.cli.OpsCli;
import dev.leadrouter.routing.RoutingHandler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Nothing an ops person types into the reps, accounts or rules tables stops routing for anyone else: an item
 * that cannot be used is skipped for itself alone and reported by {@code GET /reps/validation} and
 * {@code reps validate}; likely mistakes in rules are warned of; the trace reads as words; every
 * dead-lettered routing message says why.
 */
@Tag("integration")
@ExtendWith(StackExtension.class)
class OpsItemIsolationIT {
    private static IsolatedStack stack;

    @BeforeAll
    static void startStack(IsolatedStack isolated) {
        stack = isolated;
        stack.putRule("""
                {"ruleId": "settings", "stage": "SETTINGS", "hotScore": 60, "warmScore": 30, "slaSeconds": 3600}""");
    }

    private static void routingRule(String ruleId, int priority, String scenario, String team) {
        stack.putRule("""
                {"ruleId": "%s", "stage": "ROUTING", "priority": %d,
                 "conditions": [{"field": "attributes.scenario", "op": "eq", "value": "%s"}], "team": "%s"}"""
                .formatted(ruleId, priority, scenario, team));
    }

    private static void rep(String repId, String team, String extra) {
        stack.putRep("""
                {"repId": "%s", "email": "%s@example.com", "teams": ["%s"], "capacity": 100, "openLeads": 0%s}"""
                .formatted(repId, repId, team, extra.isEmpty() ? "" : ", " + extra));
    }

    private static RoutingHandler handler() {
        return new RoutingHandler(new AwsPorts(stack.dynamo(), stack.sqs()), stack.direct(), Clock.systemUTC());
    }

    private static Lead qualified(String scenario, String domain) {
        Lead lead = stack.newLead("QUALIFIED", "lead-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain,
                Map.of("scenario", scenario));
        lead.score = 70;
        lead.grade = Grade.HOT;
        return lead;
    }

    private static Lead route(Lead lead) {
        stack.store(lead);
        SQSBatchResponse response = handler().handleRequest(IsolatedStack.event(IsolatedStack.routeMessage(lead.leadId)), null);
        assertEquals(List.of(), response.getBatchItemFailures());
        return stack.lead(lead.leadId);
    }

    private static Map<String, String> reasons(JsonNode report, String list, String key) {
        Map<String, String> reasons = new HashMap<>();
        report.path(list).forEach(item -> reasons.put(item.path(key).asText(), item.path("reason").asText()));
        return reasons;
    }

    private static String cli(int expectedStatus, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>(List.of(args));
        argv.addAll(List.of("--endpoint", stack.dynamoDbEndpoint().toString()));
        int status = OpsCli.run(argv, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(expectedStatus, status, printed);
        return printed;
    }

    @Test
    void turnMarkersOpsWroteOrMangledNeitherStopRoutingNorStarveAnyone() {
        rep("r-turns-none", "turns-team", "");
        rep("r-turns-text", "turns-team", "\"turns\": \"lots\"");
        rep("r-turns-junk", "turns-team", "\"turns\": {\"turns-team\": \"first\", \"other\": 3}");
        routingRule("turns", 30, "turns", "turns-team");

        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            counts.merge(route(qualified("turns", "turns-" + i + ".example")).assignment.repId(), 1, Integer::sum);
        }
        assertEquals(Map.of("r-turns-none", 2, "r-turns-text", 2, "r-turns-junk", 2), counts);
        assertEquals(2, stack.rep("r-turns-none").path("turns").path("turns-team").asInt());
        assertEquals(2, stack.rep("r-turns-text").path("turns").path("turns-team").asInt());
        assertEquals(2, stack.rep("r-turns-junk").path("turns").path("turns-team").asInt());
        assertEquals(3, stack.rep("r-turns-junk").path("turns").path("other").asInt(), "other teams' turns kept");
    }

    @Test
    void anUnusableRepOrAccountIsSkippedForItselfAloneAndReported() {
        rep("r-iso-good", "iso-a", "");
        rep("r-iso-ten", "iso-a", "\"capacity\": \"ten\"");
        rep("r-iso-tz", "iso-b", "\"timezone\": \"America/Los_Angles\"");
        rep("r-iso-hours", "iso-b", "\"workingHours\": {\"mon\": \"9 to 5\"}");
        stack.putRep("{\"repId\": \"r-iso-types\", \"teams\": \"iso-b\", \"active\": \"yes\", \"capacity\": 5}");
        rep("r-iso-b", "iso-b", "");
        stack.putAccount("{\"domain\": \"ghost.example\", \"accountName\": \"Ghost\", \"ownerRepId\": \"r-nobody\"}");
        stack.putAccount("{\"domain\": \"typed.example\", \"ownerRepId\": 42}");
        stack.putAccount("{\"domain\": \"tz.example\", \"ownerRepId\": \"r-iso-tz\"}");
        routingRule("iso-a", 10, "a", "iso-a");
        routingRule("iso-b", 20, "b", "iso-b");

        assertEquals("r-iso-good", route(qualified("a", "acme-a.example")).assignment.repId());
        assertEquals("r-iso-b", route(qualified("b", "acme-b.example")).assignment.repId());
        Lead ghost = route(qualified("a", "ghost.example"));
        assertEquals("r-iso-good", ghost.assignment.repId(), "an owner who is no rep: the rules decide");
        assertEquals("OWNER_NOT_FOUND", ghost.trace.path("routing").path("account").path("result").asText());
        assertEquals("r-iso-good", route(qualified("a", "typed.example")).assignment.repId());
        assertEquals("r-iso-good", route(qualified("a", "tz.example")).assignment.repId(),
                "an owner whose item cannot be used");

        HttpResponse<String> simulated = stack.postAuthenticated("/routing/simulate",
                "{\"email\": \"x@acme-b.example\", \"attributes\": {\"scenario\": \"b\"}}");
        assertEquals(200, simulated.statusCode(), simulated.body());

        HttpResponse<String> validation = stack.getAuthenticated("/reps/validation");
        assertEquals(200, validation.statusCode(), validation.body());
        JsonNode report = Json.parse(validation.body());
        Map<String, String> reps = reasons(report, "reps", "repId");
        assertEquals(4, reps.size(), report.toString());
        assertTrue(reps.get("r-iso-ten").contains("capacity must be an integer >= 0, not \"ten\""), reps.toString());
        assertTrue(reps.get("r-iso-tz").contains("America/Los_Angles"), reps.toString());
        assertTrue(reps.get("r-iso-hours").contains("workingHours.mon"), reps.toString());
        assertTrue(reps.get("r-iso-types").contains("teams must be a list of texts")
                && reps.get("r-iso-types").contains("active must be true or false"), reps.toString());
        Map<String, String> accounts = reasons(report, "accounts", "domain");
        assertEquals(3, accounts.size(), report.toString());
        assertTrue(accounts.get("ghost.example").contains("owner r-nobody is no rep"), accounts.toString());
        assertTrue(accounts.get("typed.example").contains("ownerRepId must be a text"), accounts.toString());
        assertTrue(accounts.get("tz.example").contains("cannot be used"), accounts.toString());
        assertEquals(7, report.path("count").asInt());

        String printed = cli(OpsCli.FAILED, "reps", "validate");
        assertTrue(printed.contains("7 items cannot be used"), printed);
        assertTrue(printed.contains("rep r-iso-ten: capacity must be an integer"), printed);
        assertTrue(printed.contains("account ghost.example: owner r-nobody is no rep"), printed);

        for (String repId : List.of("r-iso-ten", "r-iso-tz", "r-iso-hours", "r-iso-types")) {
            stack.dynamo().deleteItem(r -> r.tableName(stack.direct().repsTable())
                    .key(Map.of("repId", AttributeValue.fromS(repId))));
        }
        for (String domain : List.of("ghost.example", "typed.example", "tz.example")) {
            stack.dynamo().deleteItem(r -> r.tableName(stack.direct().accountsTable())
                    .key(Map.of("domain", AttributeValue.fromS(domain))));
        }
        assertTrue(cli(OpsCli.OK, "reps", "validate").contains("reps valid"));
        stack.drain(stack.direct().assignmentsQueueUrl());
    }

    @Test
    void ruleValidationWarnsOfLikelyMistakesApartFromErrors() {
        rep("r-iso-w", "iso-w", "");
        stack.putRule("""
                {"ruleId": "w-typos", "stage": "ROUTING", "priority": 500, "team": "iso-w", "stratgy": "WEIGHTED",
                 "requireSkill": ["de"], "conditions": [{"field": "countyr", "op": "eq", "value": "DE"}]}""");
        stack.putRule("""
                {"ruleId": "w-germany", "stage": "ROUTING", "priority": 501, "team": "iso-w",
                 "conditions": [{"field": "country", "op": "eq", "value": "Germany"}]}""");
        stack.putRule("""
                {"ruleId": "w-empty-team", "stage": "ROUTING", "priority": 502, "team": "iso-nobody",
                 "conditions": [{"field": "attributes.scenario", "op": "eq", "value": "never"}]}""");
        stack.putRule("{\"ruleId\": \"w-catch-all\", \"stage\": \"ROUTING\", \"priority\": 9000, \"team\": \"iso-w\"}");
        stack.putRule("""
                {"ruleId": "w-shadowed", "stage": "ROUTING", "priority": 9001, "team": "iso-w",
                 "conditions": [{"field": "country", "op": "eq", "value": "FR"}]}""");
        stack.putRule("{\"ruleId\": \"w-broken\", \"stage\": \"ROUTING\", \"priority\": 9002}");
        try {
            HttpResponse<String> response = stack.getAuthenticated("/rules/validation");
            assertEquals(200, response.statusCode(), response.body());
            JsonNode report = Json.parse(response.body());
            assertEquals("w-broken", report.path("invalid").path(0).path("ruleId").asText(), report.toString());
            assertEquals(1, report.path("count").asInt());
            Map<String, String> warnings = new HashMap<>();
            report.path("warnings").forEach(w -> warnings.merge(w.path("ruleId").asText(), w.path("message").asText(),
                    (a, b) -> a + " | " + b));
            assertTrue(warnings.get("w-typos").contains("unknown property \"stratgy\" is ignored (did you mean strategy?)")
                    && warnings.get("w-typos").contains("\"requireSkill\" is ignored (did you mean requireSkills?)")
                    && warnings.get("w-typos").contains("unknown field \"countyr\", no lead has it (did you mean country?)"),
                    warnings.toString());
            assertTrue(warnings.get("w-germany").contains("\"Germany\" never matches: countries are stored as ISO codes "
                    + "(did you mean DE?)"), warnings.toString());
            assertTrue(warnings.get("w-empty-team").contains("team iso-nobody has no rep"), warnings.toString());
            assertTrue(warnings.get("w-shadowed").contains("never used: rule w-catch-all runs before it"), warnings.toString());
            assertFalse(warnings.containsKey("w-catch-all"), warnings.toString());

            String printed = cli(OpsCli.FAILED, "rules", "validate");
            assertTrue(printed.contains("w-broken: ROUTING rule needs a team"), printed);
            assertTrue(printed.contains("warning: w-shadowed: never used"), printed);
        } finally {
            for (String ruleId : List.of("w-typos", "w-germany", "w-empty-team", "w-catch-all", "w-shadowed", "w-broken")) {
                stack.dynamo().deleteItem(r -> r.tableName(stack.direct().rulesTable())
                        .key(Map.of("ruleId", AttributeValue.fromS(ruleId))));
            }
        }
    }

    @Test
    void rulesMatchWarningsAndTheTraceReadsAsWords() {
        rep("r-iso-sam", "iso-fix", "");
        rep("r-iso-priya", "iso-fix", "");
        routingRule("fix-other", 30, "other", "iso-a");
        stack.putRule("""
                {"ruleId": "fix-phone", "stage": "ROUTING", "priority": 31, "team": "iso-fix",
                 "conditions": [{"field": "warnings", "op": "contains", "value": "phone"}]}""");
        Lead lead = qualified("fix", "acme-fix.example");
        lead.phone = "call me";
        lead.warnings = List.of(new FieldError("phone", "phone is not a valid phone number; the value sent is kept"));

        Lead routed = route(lead);
        assertEquals("fix-phone", routed.assignment.ruleId());
        JsonNode trace = routed.trace.path("routing");
        List<String> tried = new ArrayList<>();
        trace.path("rulesTried").forEach(rule -> tried.add(rule.path("ruleId").asText() + "=" + rule.path("matched").asBoolean()));
        assertTrue(tried.contains("fix-other=false") && tried.getLast().equals("fix-phone=true"), tried.toString());
        String loser = routed.assignment.repId().equals("r-iso-sam") ? "r-iso-priya" : "r-iso-sam";
        JsonNode lost = null;
        for (JsonNode candidate : trace.path("candidates")) {
            if (candidate.path("repId").asText().equals(loser)) {
                lost = candidate;
            }
        }
        assertTrue(lost != null && lost.path("reason").asText().startsWith("LOST_TIE"), trace.toString());
        assertTrue(lost.path("why").asText().startsWith("tie with " + routed.assignment.repId() + ", drawn at random"),
                lost.toString());
        assertTrue(trace.path("explanation").toString().contains("Rule fix-other (priority 30) did not match."),
                trace.toString());
        stack.drain(stack.direct().assignmentsQueueUrl());
    }

    @Test
    void everyDeadLetteredRoutingMessageSaysWhy() {
        SQSBatchResponse unknown = handler().handleRequest(IsolatedStack.event(IsolatedStack.routeMessage("no-such-lead")), null);
        assertEquals(List.of(), unknown.getBatchItemFailures());
        Message permanent = stack.drain(stack.direct().routingDlqUrl()).getFirst();
        assertEquals("permanent", permanent.messageAttributes().get("failure").stringValue());
        assertTrue(permanent.messageAttributes().get("reason").stringValue().contains("unknown lead no-such-lead"));
        assertTrue(permanent.messageAttributes().get("errors").stringValue().contains("\"field\":\"leadId\""));

        // A leads table that is not there fails every delivery transiently, as an outage would.
        Config c = stack.direct();
        Config broken = new Config("no-such-table", c.repsTable(), c.rulesTable(), c.accountsTable(),
                c.crmImportQueueUrl(), c.crmImportDlqUrl(), c.qualificationQueueUrl(), c.qualificationDlqUrl(),
                c.routingQueueUrl(), c.routingDlqUrl(), c.assignmentsQueueUrl(), c.nurtureQueueUrl(),
                c.rulesCacheTtl(), c.stuckAfter(), null, null, null, null, c.metaGraphUrl(), c.handOff());
        RoutingHandler failing = new RoutingHandler(new AwsPorts(stack.dynamo(), stack.sqs()), broken, Clock.systemUTC());
        SQSEvent early = IsolatedStack.event(IsolatedStack.routeMessage("lead-in-outage"));
        assertEquals(1, failing.handleRequest(early, null).getBatchItemFailures().size(), "retried while receives are left");
        assertEquals(List.of(), stack.drain(stack.direct().routingDlqUrl()));

        SQSEvent last = IsolatedStack.event(IsolatedStack.routeMessage("lead-in-outage"));
        last.getRecords().getFirst().setAttributes(Map.of("ApproximateReceiveCount", "5"));
        assertEquals(List.of(), failing.handleRequest(last, null).getBatchItemFailures(),
                "moved by the consumer itself on the last receive");
        Message exhausted = stack.drain(stack.direct().routingDlqUrl()).getFirst();
        assertEquals(IsolatedStack.routeMessage("lead-in-outage"), exhausted.body());
        assertEquals("retries-exhausted", exhausted.messageAttributes().get("failure").stringValue());
        assertTrue(exhausted.messageAttributes().get("reason").stringValue().startsWith("failed 5 times; last error: "),
                exhausted.messageAttributes().toString());
    }
}
