package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.HistoryEntry;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.json.Json;
import dev.leadrouter.routing.RoutingHandler;
import dev.leadrouter.testing.TestClock;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Contract section 3, "Who may do what", through the local stack's API with real tokens: the API token
 * and JWTs with scope ops (scope claim or Cognito group), reps named by email or repId claim, a valid
 * token of no rep, and tokens that must not pass. Every route is called with no token, a wrong rep, the
 * rep and ops.
 */
@Tag("end-to-end")
@ExtendWith(StackExtension.class)
class WhoMayDoWhatTest {
    private static IsolatedStack stack;
    private static RoutingHandler router;
    private static String ops;
    private static String opsJwt;
    private static String cognitoOps;
    private static String anna;
    private static String bob;
    private static String stranger;

    @BeforeAll
    static void startStackWithThreeReps(IsolatedStack isolated) {
        stack = isolated;
        stack.putRule("""
                {"ruleId": "settings", "stage": "SETTINGS", "hotScore": 0, "warmScore": 0, "slaSeconds": 3600,
                 "parkRetrySeconds": 3600, "fallbackTeam": "all"}""");
        stack.putRule("""
                {"ruleId": "to-a", "stage": "ROUTING", "priority": 1, "enabled": true, "team": "ta",
                 "strategy": "ROUND_ROBIN", "conditions": [{"field": "attributes.to", "op": "eq", "value": "a"}]}""");
        stack.putRule("""
                {"ruleId": "to-b", "stage": "ROUTING", "priority": 2, "enabled": true, "team": "tb",
                 "strategy": "ROUND_ROBIN", "conditions": [{"field": "attributes.to", "op": "eq", "value": "b"}]}""");
        stack.putRule("""
                {"ruleId": "everyone", "stage": "ROUTING", "priority": 10, "enabled": true, "team": "all",
                 "strategy": "ROUND_ROBIN", "conditions": []}""");
        stack.putRep("""
                {"repId": "r-a", "name": "Anna", "email": "Anna@Who.example", "teams": ["ta", "all"], "active": true,
                 "capacity": 100, "openLeads": 0, "timezone": "UTC"}""");
        stack.putRep("""
                {"repId": "r-b", "name": "Bob", "email": "bob@who.example", "teams": ["tb", "all"], "active": true,
                 "capacity": 100, "openLeads": 0, "timezone": "UTC"}""");
        stack.putRep("""
                {"repId": "r-c", "name": "Cleo", "email": "cleo@who.example", "teams": ["all"], "active": true,
                 "capacity": 100, "openLeads": 0, "timezone": "UTC"}""");
        stack.putRep("""
                {"repId": "r-off", "name": "Otto", "email": "otto@who.example", "teams": ["spare"], "active": false,
                 "capacity": 100, "openLeads": 0, "timezone": "UTC"}""");
        router = new RoutingHandler(new AwsPorts(stack.dynamo(), stack.sqs()), stack.direct(), Clock.systemUTC());
        ops = stack.apiToken();
        opsJwt = stack.token(Map.of("sub", "u-olga", "email", "olga@who.example", "scope", "openid ops"));
        cognitoOps = stack.token(Map.of("sub", "u-olga", "cognito:groups", List.of("admins", "ops")));
        anna = stack.token(Map.of("sub", "u-anna", "email", "anna@who.example"));
        bob = stack.token(Map.of("sub", "u-bob", "repId", "r-b"));
        stranger = stack.token(Map.of("sub", "u-eve", "email", "eve@who.example"));
    }

    /** A HOT lead routed to rep r-{@code to} ("a" or "b"). */
    private static Lead assignedTo(String to) {
        Lead lead = stack.newLead("QUALIFIED", "who-" + UUID.randomUUID() + "@acme-who.example", Map.of("to", to));
        lead.score = 70;
        lead.grade = Grade.HOT;
        stack.store(lead);
        router.handleRequest(IsolatedStack.event(IsolatedStack.routeMessage(lead.leadId)), null);
        Lead assigned = stack.lead(lead.leadId);
        assertEquals("r-" + to, assigned.assignment.repId(), assigned.history.toString());
        return assigned;
    }

    private static int openLeads(String repId) {
        return stack.rep(repId).path("openLeads").asInt();
    }

    private static JsonNode json(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        return Json.parse(response.body());
    }

    @Test
    void leadRoutesAnswerNoTokenWrongRepTheRepAndOps() {
        Map<String, Integer> repAnswers = Map.of("", 200, "/accept", 200, "/close", 200, "/decline", 200,
                "/reassign", 403);
        for (String action : List.of("", "/accept", "/close", "/decline", "/reassign")) {
            String method = action.isEmpty() ? "GET" : "POST";
            String repBody = action.equals("/close") ? "{\"outcome\": \"WON\"}" : null;
            String opsBody = action.equals("/close") ? "{\"outcome\": \"WON\"}"
                    : action.equals("/accept") ? "{\"repId\": \"r-a\"}" : null;

            Lead lead = assignedTo("a");
            String path = "/leads/" + lead.leadId + action;
            assertEquals(401, stack.call(method, path, repBody, null).statusCode(), path);
            assertEquals(401, stack.call(method, path, repBody, "not-a-token").statusCode(), path);
            for (String wrong : List.of(bob, stranger)) {
                HttpResponse<String> refused = stack.call(method, path, repBody, wrong);
                assertEquals(403, refused.statusCode(), path + " " + refused.body());
                assertEquals("authorization", Json.parse(refused.body()).path("errors").path(0).path("field").asText());
            }
            assertEquals(lead.version, stack.lead(lead.leadId).version, path + ": refused calls changed nothing");
            HttpResponse<String> byRep = stack.call(method, path, repBody, anna);
            assertEquals(repAnswers.get(action), byRep.statusCode(), path + " " + byRep.body());

            Lead other = assignedTo("a");
            String opsPath = "/leads/" + other.leadId + action;
            for (String token : List.of(ops, opsJwt)) {
                HttpResponse<String> byOps = stack.call(method, opsPath, opsBody, token);
                assertEquals(200, byOps.statusCode(), opsPath + " " + byOps.body());
                other = stack.lead(other.leadId);
                if (!other.status.holdsCapacity() || !"r-a".equals(other.assignment.repId())) {
                    break; // acted once; the second ops token is tried on the read-only routes
                }
            }
        }
    }

    @Test
    void opsRoutesAnswerNoTokenReps403AndOps200() {
        Lead held = assignedTo("b");
        List<String[]> routes = List.of(
                new String[]{"POST", "/routing/simulate", "{\"email\": \"sim@acme-who.example\"}"},
                new String[]{"GET", "/rules/validation", null},
                new String[]{"GET", "/reps/validation", null},
                new String[]{"GET", "/stats", null},
                new String[]{"POST", "/reps/r-c/offboard", "{\"dryRun\": true}"},
                new String[]{"POST", "/leads/" + held.leadId + "/reassign", "{\"repId\": \"r-c\"}"});
        for (String[] route : routes) {
            assertEquals(401, stack.call(route[0], route[1], route[2], null).statusCode(), route[1]);
            for (String notOps : List.of(anna, bob, stranger)) {
                HttpResponse<String> refused = stack.call(route[0], route[1], route[2], notOps);
                assertEquals(403, refused.statusCode(), route[1] + " " + refused.body());
            }
        }
        for (String token : List.of(ops, opsJwt, cognitoOps)) {
            for (String[] route : routes.subList(0, 5)) {
                HttpResponse<String> answer = stack.call(route[0], route[1], route[2], token);
                assertEquals(200, answer.statusCode(), route[1] + " " + answer.body());
            }
        }
        assertEquals("r-b", stack.lead(held.leadId).assignment.repId(), "the refused reassign moved nothing");
        assertEquals(200, stack.call("POST", routes.get(5)[1], routes.get(5)[2], cognitoOps).statusCode());
        assertEquals("r-c", stack.lead(held.leadId).assignment.repId());
        assertTrue(stack.rep("r-c").path("active").asBoolean(), "a dry run changes nothing");
    }

    @Test
    void tokensThatMustNotPass() {
        String path = "/leads?status=ASSIGNED";
        String expired = stack.token(Map.of("email", "anna@who.example", "exp", Instant.now().getEpochSecond() - 60));
        String notYet = stack.token(Map.of("email", "anna@who.example", "nbf", Instant.now().getEpochSecond() + 600));
        String noExpiry = new Hs256Jwt(stack.jwtSecret(), Clock.systemUTC()).sign(Map.of("email", "anna@who.example"));
        String[] parts = anna.split("\\.");
        String otherSignature = parts[0] + "." + parts[1] + "." + bob.split("\\.")[2];
        String unsigned = b64("{\"alg\":\"none\"}") + "." + parts[1] + ".";
        String wrongSecret = new Hs256Jwt("another-secret", Clock.systemUTC())
                .sign(Map.of("email", "anna@who.example", "scope", "ops", "exp", Instant.now().getEpochSecond() + 60));
        for (String token : List.of(expired, notYet, noExpiry, otherSignature, unsigned, wrongSecret, "a.b.c", "")) {
            HttpResponse<String> response = stack.call("GET", path, null, token);
            assertEquals(401, response.statusCode(), token + " " + response.body());
        }
        assertEquals(200, stack.call("GET", path, null, anna).statusCode());
    }

    @Test
    void theListShowsARepTheirOwnLeadsOnly() {
        Lead annas = assignedTo("a");
        assignedTo("b");
        JsonNode own = json(stack.call("GET", "/leads", null, anna), 200);
        assertFalse(own.path("leads").isEmpty());
        own.path("leads").forEach(entry -> assertEquals("r-a", entry.path("repId").asText(), entry.toString()));
        assertEquals(annas.leadId, own.path("leads").path(0).path("leadId").asText(), "newest first");
        json(stack.call("GET", "/leads?repId=r-b", null, anna), 403);
        JsonNode byEmail = json(stack.call("GET", "/leads?email=" + annas.email, null, bob), 200);
        assertEquals(0, byEmail.path("leads").size(), "another rep's lead is not found by its email");
        assertEquals(1, json(stack.call("GET", "/leads?email=" + annas.email, null, anna), 200).path("leads").size());
        json(stack.call("GET", "/leads?status=ASSIGNED", null, stranger), 403);
        json(stack.call("GET", "/leads", null, null), 401);
        JsonNode forOps = json(stack.call("GET", "/leads?repId=r-b&status=ASSIGNED", null, opsJwt), 200);
        forOps.path("leads").forEach(entry -> {
            assertEquals("r-b", entry.path("repId").asText());
            assertEquals("ASSIGNED", entry.path("status").asText());
        });
    }

    @Test
    void theListFiltersPagesNewestFirstAndRefusesForeignCursors() throws Exception {
        String email = "paged-" + UUID.randomUUID() + "@acme-who.example";
        List<String> written = new ArrayList<>();
        TestClock clock = TestClock.now();
        for (int i = 0; i < 5; i++) {
            Lead lead = stack.newLead("QUALIFIED", email, Map.of(), clock.advance(Duration.ofMillis(3)));
            if (i == 2) {
                lead.externalId = "crm-" + UUID.randomUUID();
            }
            written.add(stack.store(lead).leadId);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = json(stack.call("GET", "/leads?limit=2&email=" + email
                    + (cursor == null ? "" : "&cursor=" + cursor), null, ops), 200);
            assertTrue(page.path("leads").size() <= 2);
            page.path("leads").forEach(entry -> {
                seen.add(entry.path("leadId").asText());
                assertEquals(email, entry.path("email").asText());
                assertFalse(entry.has("history"), "the list shows the summary only");
            });
            cursor = page.path("cursor").isTextual() ? page.path("cursor").asText() : null;
            pages++;
            if (pages == 1) {
                String foreign = cursor;
                json(stack.call("GET", "/leads?limit=2&email=other@acme-who.example&cursor=" + foreign, null, ops), 400);
                json(stack.call("GET", "/leads?limit=2&email=" + email + "&cursor=x" + foreign, null, ops), 400);
                json(stack.call("GET", "/leads?repId=r-a&cursor=" + foreign, null, anna), 400);
            }
        } while (cursor != null && pages < 10);
        assertEquals(written.reversed(), seen, "every lead once, newest first");

        Lead withExternalId = stack.lead(written.get(2));
        JsonNode byExternalId = json(stack.call("GET", "/leads?externalId=" + withExternalId.externalId, null, ops), 200);
        assertEquals(List.of(withExternalId.leadId), ids(byExternalId));
        assertEquals(5, json(stack.call("GET", "/leads?status=qualified&email=" + email, null, ops), 200)
                .path("leads").size());
        assertEquals(0, json(stack.call("GET", "/leads?status=CLOSED&email=" + email, null, ops), 200)
                .path("leads").size());
        json(stack.call("GET", "/leads?status=LOST", null, ops), 400);
        json(stack.call("GET", "/leads?status=ASSIGNED&limit=0", null, ops), 400);
        json(stack.call("GET", "/leads?status=ASSIGNED&limit=many", null, ops), 400);
    }

    @Test
    void opsWithoutFiltersPageThroughEveryLeadNewestFirst() {
        assignedTo("a");
        stack.store(stack.newLead("QUALIFIED", "all-" + UUID.randomUUID() + "@acme-who.example", Map.of()));
        Set<String> stored = stack.leads().scanLeads(List.of("status")).stream().map(lead -> lead.leadId)
                .collect(java.util.stream.Collectors.toSet());
        List<String> seen = new ArrayList<>();
        String previous = null;
        String cursor = null;
        do {
            JsonNode page = json(stack.call("GET", "/leads?limit=3" + (cursor == null ? "" : "&cursor=" + cursor),
                    null, ops), 200);
            for (JsonNode entry : page.path("leads")) {
                String receivedAt = entry.path("receivedAt").asText();
                assertTrue(previous == null || receivedAt.compareTo(previous) <= 0, "newest first: " + entry);
                previous = receivedAt;
                seen.add(entry.path("leadId").asText());
            }
            cursor = page.path("cursor").isTextual() ? page.path("cursor").asText() : null;
        } while (cursor != null && seen.size() <= stored.size());
        assertEquals(seen.size(), Set.copyOf(seen).size(), "no lead twice");
        assertTrue(Set.copyOf(seen).containsAll(stored) && stored.containsAll(seen), "every lead once");
        json(stack.call("GET", "/leads?cursor=" + b64("{\"i\":\"*\",\"k\":{\"LOST\":null}}"), null, ops), 400);
    }

    @Test
    void declineReRoutesAtOnceNeverBackAndFreesCapacityOnce() {
        Lead lead = assignedTo("a");
        int annaBefore = openLeads("r-a");
        int othersBefore = openLeads("r-b") + openLeads("r-c");
        JsonNode declined = json(stack.call("POST", "/leads/" + lead.leadId + "/decline", null, anna), 200);
        assertEquals("ASSIGNED", declined.path("status").asText());
        String next = declined.path("assignment").path("repId").asText();
        assertNotEquals("r-a", next);
        assertEquals(annaBefore - 1, openLeads("r-a"));
        assertEquals(othersBefore + 1, openLeads("r-b") + openLeads("r-c"));
        Lead stored = stack.lead(lead.leadId);
        HistoryEntry entry = stored.history.stream().filter(e -> e.event().equals("DECLINED")).findFirst().orElseThrow();
        assertEquals("r-a", entry.by());
        assertTrue(stored.missedReps.contains("r-a"));

        json(stack.call("POST", "/leads/" + lead.leadId + "/decline", null, anna), 403);
        assertEquals(annaBefore - 1, openLeads("r-a"), "capacity freed exactly once");
        JsonNode message = assignmentMessage(lead.leadId, next);
        assertEquals("r-a", message.path("previousRepId").asText());
        assertEquals("DECLINED", message.path("reason").asText());
        assertTrue(message.path("reassignment").asBoolean());

        Lead accepted = assignedTo("a");
        json(stack.call("POST", "/leads/" + accepted.leadId + "/accept", null, anna), 200);
        json(stack.call("POST", "/leads/" + accepted.leadId + "/decline", null, anna), 409);
        json(stack.call("POST", "/leads/" + accepted.leadId + "/accept", "{\"repId\": \"r-b\"}", anna), 403);
    }

    @Test
    void reassignGoesToTheNamedEligibleRepOrIsReRouted() {
        Lead lead = assignedTo("a");
        JsonNode moved = json(stack.call("POST", "/leads/" + lead.leadId + "/reassign", "{\"repId\": \"r-c\"}", opsJwt), 200);
        assertEquals("r-c", moved.path("assignment").path("repId").asText());
        JsonNode message = assignmentMessage(lead.leadId, "r-c");
        assertEquals("REASSIGNED", message.path("reason").asText());
        assertEquals("r-a", message.path("previousRepId").asText());
        HistoryEntry entry = stack.lead(lead.leadId).history.stream().filter(e -> e.event().equals("REASSIGN"))
                .findFirst().orElseThrow();
        assertEquals("ops:olga@who.example", entry.by());

        json(stack.call("POST", "/leads/" + lead.leadId + "/reassign", "{\"repId\": \"r-off\"}", ops), 409);
        json(stack.call("POST", "/leads/" + lead.leadId + "/reassign", "{\"repId\": \"r-nobody\"}", ops), 409);
        json(stack.call("POST", "/leads/" + lead.leadId + "/reassign", "{\"repId\": 7}", ops), 400);
        assertEquals("r-c", stack.lead(lead.leadId).assignment.repId());

        JsonNode reRouted = json(stack.call("POST", "/leads/" + lead.leadId + "/reassign", null, ops), 200);
        String next = reRouted.path("assignment").path("repId").asText();
        assertFalse(List.of("r-a", "r-c").contains(next), next);
    }

    @Test
    void closingAClosedLeadIs409AndEveryActionRecordsItsActor() {
        Lead lead = assignedTo("a");
        json(stack.call("POST", "/leads/" + lead.leadId + "/accept", null, anna), 200);
        int before = openLeads("r-a");
        json(stack.call("POST", "/leads/" + lead.leadId + "/close", "{\"outcome\": \"WON\"}", anna), 200);
        json(stack.call("POST", "/leads/" + lead.leadId + "/close", "{\"outcome\": \"LOST\"}", anna), 409);
        json(stack.call("POST", "/leads/" + lead.leadId + "/close", "{\"outcome\": \"LOST\"}", ops), 409);
        assertEquals(before - 1, openLeads("r-a"));
        Lead closed = stack.lead(lead.leadId);
        assertEquals("WON", closed.outcome);
        assertEquals("r-a", entry(closed, "ACCEPTED").by());
        assertEquals("r-a", entry(closed, "CLOSED").by());
        assertNull(entry(closed, "ASSIGNED").by(), "the system's own steps name nobody");
        JsonNode view = json(stack.call("GET", "/leads/" + lead.leadId, null, anna), 200);
        assertFalse(view.has("assigneeRepId"), "index bookkeeping is not shown");
    }

    private static HistoryEntry entry(Lead lead, String event) {
        return lead.history.stream().filter(e -> e.event().equals(event)).findFirst().orElseThrow();
    }

    /** The assignment message of {@code leadId} to {@code repId} the API's re-route published. */
    private static JsonNode assignmentMessage(String leadId, String repId) {
        return stack.drainBodies(stack.config().assignmentsQueueUrl()).stream()
                .filter(m -> m.path("leadId").asText().equals(leadId) && m.path("repId").asText().equals(repId))
                .findFirst().orElseThrow(() -> new AssertionError("no assignment of " + leadId + " to " + repId));
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("leads").forEach(entry -> ids.add(entry.path("leadId").asText()));
        return ids;
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
