package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.json.Json;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What happens to a lead after routing, through the HTTP API: the lead view, accept, close and the
 * capacity close gives back. View, accept and input checks run on the shared stack; capacity
 * counts run on a stack of this class's own, where no other test's leads come and go.
 */
@Tag("end-to-end")
class LeadLifecycleEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> OUTCOMES = List.of("WON", "LOST", "DISQUALIFIED", "DUPLICATE", "OTHER");
    /** Text that would mean a stack trace or an internal name reached a client. */
    private static final List<String> LEAKS = List.of("Exception", "dev.leadrouter", "java.", "javax.",
            "software.amazon", "com.fasterxml", "\tat ", ".java:");

    /**
     * Two teams of one rep each: "pool" takes every lead; "tight" (capacity 1) takes leads with
     * attribute team=tight, and nothing else may take them, so a second one parks. Parked leads
     * are retried only after 10 minutes: within a test only a wake-up can place them.
     */
    private static final String ORG = """
            {"reps": [
              {"repId": "r-pool", "name": "Pool Rep", "email": "pool@example.com", "teams": ["pool"],
               "active": true, "capacity": 10, "openLeads": 0, "timezone": "UTC"},
              {"repId": "r-tight", "name": "Tight Rep", "email": "tight@example.com", "teams": ["tight"],
               "active": true, "capacity": 1, "openLeads": 0, "timezone": "UTC"}],
             "rules": [
              {"ruleId": "settings", "stage": "SETTINGS", "hotScore": 60, "warmScore": 30,
               "slaSeconds": 900, "parkRetrySeconds": 600},
              {"ruleId": "q-everyone", "stage": "QUALIFICATION", "priority": 1, "enabled": true, "points": 40},
              {"ruleId": "to-tight", "stage": "ROUTING", "priority": 10, "enabled": true,
               "conditions": [{"field": "attributes.team", "op": "eq", "value": "tight"}],
               "team": "tight", "strategy": "ROUND_ROBIN"},
              {"ruleId": "to-pool", "stage": "ROUTING", "priority": 20, "enabled": true,
               "team": "pool", "strategy": "LEAST_LOADED"}]}
            """;

    /** A stack of the class's own for the capacity and parking cases; the rest runs on the shared stack. */
    @RegisterExtension
    static final StackExtension OWN_STACK = StackExtension.ownStack(TestOrg::emptyOrg);

    private static LocalStack ownStack;
    private static ApiClient ownApi;
    private static ApiClient api;

    @BeforeAll
    static void startOwnStack(LocalStack own, @StackExtension.Shared ApiClient shared) {
        ownStack = own;
        TestOrg.write(ownStack, ORG);
        ownApi = ApiClient.of(ownStack);
        api = shared;
    }

    // ------------------------------------------------------------------ lead view

    @Test
    void leadViewShowsCleansedFieldsScoringAssignmentTouchpointsHistoryAndTrace() {
        String mailbox = "jane.life-" + UUID.randomUUID();
        String externalId = "ext-" + UUID.randomUUID();
        String phone = TestLeads.uniqueBerlinPhone();
        String leadId = submit(api, """
                {"email": "  %s@Example-Life.COM ", "phone": "%s",
                 "firstName": "  Jane ", "lastName": " Doe ", "company": "Lifecycle GmbH", "title": "Head of Ops",
                 "country": "Brazil", "region": "SP", "city": "Sao Paulo", "employees": 1500,
                 "annualRevenue": 50000000, "industry": "Retail", "product": "analytics", "language": "pt",
                 "source": "EVENT", "campaign": {"utmSource": "google", "utmMedium": "cpc", "utmCampaign": "q4"},
                 "message": "Please call me", "externalId": "%s", "attributes": {"budget": "10k"}}"""
                .formatted(mailbox.toUpperCase(), phone, externalId));
        api.awaitStatus(leadId, "ASSIGNED", TIMEOUT);
        HttpResponse<String> again = api.post("/leads", """
                {"email": "%s@example-life.com", "source": "CHAT", "message": "Still interested"}""".formatted(mailbox));
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(leadId, Json.parse(again.body()).path("leadId").asText());

        HttpResponse<String> response = api.getAuthenticated("/leads/" + leadId);
        assertEquals(200, response.statusCode(), response.body());
        assertNoLeak(response);
        JsonNode lead = Json.parse(response.body());

        assertEquals(leadId, lead.path("leadId").asText());
        assertEquals(mailbox + "@example-life.com", lead.path("email").asText());
        assertEquals(TestLeads.e164(phone), lead.path("phone").asText());
        assertEquals("Jane", lead.path("firstName").asText());
        assertEquals("Doe", lead.path("lastName").asText());
        assertEquals("Lifecycle GmbH", lead.path("company").asText());
        assertEquals("Head of Ops", lead.path("title").asText());
        assertEquals("BR", lead.path("country").asText());
        assertEquals("SP", lead.path("region").asText());
        assertEquals("Sao Paulo", lead.path("city").asText());
        assertEquals(1500, lead.path("employees").asLong());
        assertEquals(50_000_000, lead.path("annualRevenue").asDouble());
        assertEquals("Retail", lead.path("industry").asText());
        assertEquals("analytics", lead.path("product").asText());
        assertEquals("pt", lead.path("language").asText());
        assertEquals("EVENT", lead.path("source").asText());
        assertEquals(Json.parse("{\"utmSource\": \"google\", \"utmMedium\": \"cpc\", \"utmCampaign\": \"q4\"}"),
                lead.path("campaign"));
        assertEquals("Please call me", lead.path("message").asText());
        assertEquals(externalId, lead.path("externalId").asText());
        assertEquals("10k", lead.path("attributes").path("budget").asText());

        // enterprise size 30 + senior title 20 + revenue 10 + budget 10
        assertEquals("ASSIGNED", lead.path("status").asText());
        assertEquals(70, lead.path("score").asInt(), lead.toString());
        assertEquals("HOT", lead.path("grade").asText());

        JsonNode assignment = lead.path("assignment");
        assertTrue(assignment.path("repId").asText().startsWith("r-"), assignment.toString());
        assertEquals("smb-inbound", assignment.path("team").asText());
        assertEquals("smb-inbound", assignment.path("ruleId").asText());
        assertEquals("LEAST_LOADED", assignment.path("strategy").asText());
        Instant assignedAt = Instant.parse(assignment.path("assignedAt").asText());

        JsonNode touchpoints = lead.path("touchpoints");
        assertEquals(1, touchpoints.size(), touchpoints.toString());
        assertEquals("CHAT", touchpoints.path(0).path("source").asText());
        assertEquals("Still interested", touchpoints.path(0).path("message").asText());
        Instant.parse(touchpoints.path(0).path("at").asText());

        List<String> events = new ArrayList<>();
        Instant previous = Instant.EPOCH;
        for (JsonNode entry : lead.path("history")) {
            Instant at = Instant.parse(entry.path("at").asText());
            assertFalse(at.isBefore(previous), "history in time order: " + lead.path("history"));
            previous = at;
            assertTrue(entry.path("detail").isTextual(), entry.toString());
            events.add(entry.path("event").asText());
        }
        assertTrue(events.containsAll(List.of("RECEIVED", "QUALIFIED", "ASSIGNED")), events.toString());
        assertFalse(assignedAt.isBefore(Instant.parse(lead.path("receivedAt").asText())));

        Set<String> matched = new HashSet<>();
        for (JsonNode rule : lead.path("trace").path("qualification").path("matchedRules")) {
            matched.add(rule.path("ruleId").asText() + "=" + rule.path("points").asInt());
        }
        assertEquals(Set.of("q-enterprise-size=30", "q-senior-title=20", "q-large-revenue=10", "q-has-budget=10"),
                matched, lead.path("trace").toString());
        JsonNode routing = lead.path("trace").path("routing");
        assertEquals("ASSIGN", routing.path("outcome").asText(), routing.toString());
        JsonNode candidates = routing.path("candidates");
        assertTrue(candidates.size() >= 2, candidates.toString());
        int chosen = 0;
        for (JsonNode candidate : candidates) {
            assertTrue(candidate.path("repId").isTextual(), candidate.toString());
            assertFalse(candidate.path("reason").asText().isBlank(), "every candidate says why: " + candidate);
            if (candidate.path("chosen").asBoolean()) {
                chosen++;
                assertEquals(assignment.path("repId").asText(), candidate.path("repId").asText());
            }
        }
        assertEquals(1, chosen, candidates.toString());

        for (String bookkeeping : List.of("version", "dueAt", "outputSent")) {
            assertFalse(lead.has(bookkeeping), bookkeeping + " is internal");
        }
    }

    @Test
    void unknownLeadsAndInternalRecordsAre404() {
        String leadId = submit(api, warmLead("unknown"));
        String email = api.awaitStatus(leadId, "ASSIGNED", TIMEOUT).path("email").asText();
        List<String> notLeads = List.of(UUID.randomUUID().toString(),
                encode("EMAIL#" + email), encode("TEAM#smb-inbound"), "x".repeat(3000));
        for (String id : notLeads) {
            HttpResponse<String> view = api.getAuthenticated("/leads/" + id);
            assertError(404, view);
            assertEquals("leadId", Json.parse(view.body()).path("errors").path(0).path("field").asText());
            assertError(404, api.postAuthenticated("/leads/" + id + "/accept", "{\"repId\": \"r-sam\"}"));
            assertError(404, api.postAuthenticated("/leads/" + id + "/close", "{\"outcome\": \"WON\"}"));
        }
        JsonNode stillThere = api.awaitStatus(leadId, "ASSIGNED", TIMEOUT);
        assertEquals(email, stillThere.path("email").asText());
    }

    // ------------------------------------------------------------------ accept

    @Test
    void acceptIsForTheAssigneeOnlyAndIdempotent() {
        String leadId = submit(api, warmLead("accept"));
        JsonNode assigned = api.awaitStatus(leadId, "ASSIGNED", TIMEOUT);
        String assignee = assigned.path("assignment").path("repId").asText();
        String other = assignee.equals("r-sam") ? "r-priya" : "r-sam";

        HttpResponse<String> byOther = accept(api, leadId, other);
        assertError(409, byOther);
        assertEquals("repId", Json.parse(byOther.body()).path("errors").path(0).path("field").asText());
        assertEquals("ASSIGNED", view(api, leadId).path("status").asText());

        HttpResponse<String> accepted = accept(api, leadId, assignee);
        assertEquals(200, accepted.statusCode(), accepted.body());
        assertNoLeak(accepted);
        JsonNode lead = Json.parse(accepted.body());
        assertEquals("ACCEPTED", lead.path("status").asText());
        assertEquals(assignee, lead.path("assignment").path("repId").asText());
        assertEquals(1, events(lead, "ACCEPTED"));

        HttpResponse<String> again = accept(api, leadId, assignee);
        assertEquals(200, again.statusCode(), again.body());
        assertEquals("ACCEPTED", Json.parse(again.body()).path("status").asText());
        assertEquals(1, events(Json.parse(again.body()), "ACCEPTED"), "a repeated accept records nothing new");

        assertError(409, accept(api, leadId, other));
        assertError(404, accept(api, UUID.randomUUID().toString(), assignee));
        for (String body : List.of("{}", "{\"repId\": \"\"}", "{\"repId\": 42}", "{\"repId\": null}")) {
            assertError(400, api.postAuthenticated("/leads/" + leadId + "/accept", body));
        }

        HttpResponse<String> closed = close(api, leadId, "WON");
        assertEquals(200, closed.statusCode(), closed.body());
        assertEquals("CLOSED", Json.parse(closed.body()).path("status").asText());
        assertEquals("WON", Json.parse(closed.body()).path("outcome").asText());
        assertError(409, accept(api, leadId, assignee));
    }

    // ------------------------------------------------------------------ close

    @Test
    void closeRejectsEveryBadOutcomeAndAcceptsEachGoodOne() {
        String leadId = submit(api, warmLead("outcome"));
        api.awaitStatus(leadId, "ASSIGNED", TIMEOUT);
        for (String body : List.of("{}", "{\"outcome\": \"\"}", "{\"outcome\": \"WINNING\"}", "{\"outcome\": \"WON LOST\"}",
                "{\"outcome\": 1}", "{\"outcome\": null}", "{\"outcome\": [\"WON\"]}", "{\"outcome\": {\"value\": \"WON\"}}",
                "{\"result\": \"WON\"}")) {
            HttpResponse<String> response = api.postAuthenticated("/leads/" + leadId + "/close", body);
            assertError(400, response);
            assertEquals("outcome", Json.parse(response.body()).path("errors").path(0).path("field").asText(), body);
        }
        assertEquals("ASSIGNED", view(api, leadId).path("status").asText(), "a rejected close changes nothing");

        for (String outcome : OUTCOMES) {
            String closing = outcome.equals("WON") ? leadId : submit(api, warmLead("outcome"));
            api.awaitStatus(closing, "ASSIGNED", TIMEOUT);
            HttpResponse<String> closed = close(api, closing, outcome);
            assertEquals(200, closed.statusCode(), closed.body());
            JsonNode lead = Json.parse(closed.body());
            assertEquals("CLOSED", lead.path("status").asText());
            assertEquals(outcome, lead.path("outcome").asText());
        }
    }

    @Test
    void closeFreesTheRepsCapacityExactlyOnceHoweverOftenItIsCalled() throws Exception {
        List<String> leadIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            leadIds.add(submit(ownApi, poolLead()));
        }
        for (String leadId : leadIds) {
            assertEquals("r-pool", ownApi.awaitStatus(leadId, "ASSIGNED", TIMEOUT).path("assignment").path("repId").asText());
        }
        int open = TestOrg.openLeads(ownStack, "r-pool");
        assertEquals(3, open, "only this test gives r-pool leads");

        // one close, then the same close again
        HttpResponse<String> closed = close(ownApi, leadIds.get(0), "LOST");
        assertEquals(200, closed.statusCode(), closed.body());
        assertEquals("CLOSED", Json.parse(closed.body()).path("status").asText());
        assertEquals(open - 1, TestOrg.openLeads(ownStack, "r-pool"));
        HttpResponse<String> closedAgain = close(ownApi, leadIds.get(0), "WON");
        assertEquals(409, closedAgain.statusCode(), closedAgain.body());
        assertEquals("LOST", view(ownApi, leadIds.get(0)).path("outcome").asText(), "the first close stands");
        assertEquals(open - 1, TestOrg.openLeads(ownStack, "r-pool"));

        // five closes at once, of an accepted lead: one closes it, the others find it closed
        assertEquals(200, accept(ownApi, leadIds.get(1), "r-pool").statusCode());
        List<Callable<HttpResponse<String>>> closes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            closes.add(() -> close(ownApi, leadIds.get(1), "WON"));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(closes.size())) {
            int closedNow = 0;
            for (Future<HttpResponse<String>> response : pool.invokeAll(closes)) {
                int status = response.get().statusCode();
                assertTrue(status == 200 || status == 409, response.get().body());
                closedNow += status == 200 ? 1 : 0;
            }
            assertEquals(1, closedNow);
        }
        assertEquals(open - 2, TestOrg.openLeads(ownStack, "r-pool"));
        assertEquals(1, events(view(ownApi, leadIds.get(1)), "CLOSED"), view(ownApi, leadIds.get(1)).toString());

        assertEquals(200, close(ownApi, leadIds.get(2), "OTHER").statusCode());
        assertEquals(open - 3, TestOrg.openLeads(ownStack, "r-pool"));
    }

    @Test
    void closeWakesAParkedLeadThatCanNowBePlaced() {
        String first = submit(ownApi, tightLead());
        assertEquals("r-tight", ownApi.awaitStatus(first, "ASSIGNED", TIMEOUT).path("assignment").path("repId").asText());
        String parked = submit(ownApi, tightLead());
        JsonNode waiting = ownApi.awaitStatus(parked, "UNASSIGNED", TIMEOUT);
        assertTrue(waiting.path("trace").path("routing").path("candidates").toString().contains("CAPACITY"),
                waiting.path("trace").toString());
        assertEquals(1, TestOrg.openLeads(ownStack, "r-tight"));

        assertEquals(200, close(ownApi, first, "WON").statusCode());

        JsonNode placed = ownApi.awaitStatus(parked, "ASSIGNED", TIMEOUT);
        assertEquals("r-tight", placed.path("assignment").path("repId").asText());
        assertEquals(1, TestOrg.openLeads(ownStack, "r-tight"));
        assertEquals(200, close(ownApi, parked, "OTHER").statusCode());
        assertEquals(0, TestOrg.openLeads(ownStack, "r-tight"));
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void badBodiesAreRejectedWith4xxNeverA5xx() {
        String leadId = submit(api, warmLead("bodies"));
        api.awaitStatus(leadId, "ASSIGNED", TIMEOUT);
        String deeplyNested = "{\"a\":".repeat(4000) + "1" + "}".repeat(4000);
        String oversized = "{\"repId\": \"" + "x".repeat(33 * 1024) + "\"}";
        for (String path : List.of("/leads/" + leadId + "/accept", "/leads/" + leadId + "/close", "/routing/simulate")) {
            assertError(400, api.postAuthenticated(path, "{not json"));
            assertError(400, api.postAuthenticated(path, "{\"repId\": \"r-sam\""));
            assertError(400, api.postAuthenticated(path, ""));
            assertError(400, api.postAuthenticated(path, "[\"r-sam\"]"));
            assertError(400, api.postAuthenticated(path, "\"WON\""));
            assertError(400, api.postAuthenticated(path, "null"));
            assertError(400, api.postAuthenticated(path, deeplyNested));
            assertError(413, api.postAuthenticated(path, oversized));
            assertError(415, api.postAuthenticated(path, "{\"repId\": \"r-sam\", \"outcome\": \"WON\"}",
                    "content-type", "text/plain"));
            assertError(415, api.postAuthenticated(path, "repId=r-sam&outcome=WON",
                    "content-type", "application/x-www-form-urlencoded"));
        }
        assertEquals("ASSIGNED", view(api, leadId).path("status").asText(), "no bad body changed the lead");
    }

    // ------------------------------------------------------------------ helpers

    private static String warmLead(String purpose) {
        // Outside every territory, senior and large: WARM, for the always-staffed inbound team.
        return """
                {"email": "life-%s-%s@example-life.com", "country": "BR", "employees": 1500, "title": "Head of Ops",
                 "source": "EVENT"}""".formatted(purpose, UUID.randomUUID());
    }

    private static String poolLead() {
        return "{\"email\": \"pool-%s@example-pool.com\"}".formatted(UUID.randomUUID());
    }

    private static String tightLead() {
        return "{\"email\": \"tight-%s@example-tight.com\", \"attributes\": {\"team\": \"tight\"}}"
                .formatted(UUID.randomUUID());
    }

    private static String submit(ApiClient api, String body) {
        HttpResponse<String> response = api.post("/leads", body);
        assertEquals(202, response.statusCode(), response.body());
        return Json.parse(response.body()).path("leadId").asText();
    }

    private static JsonNode view(ApiClient api, String leadId) {
        HttpResponse<String> response = api.getAuthenticated("/leads/" + leadId);
        assertEquals(200, response.statusCode(), response.body());
        return Json.parse(response.body());
    }

    private static HttpResponse<String> accept(ApiClient api, String leadId, String repId) {
        return api.postAuthenticated("/leads/" + leadId + "/accept", "{\"repId\": \"" + repId + "\"}");
    }

    private static HttpResponse<String> close(ApiClient api, String leadId, String outcome) {
        return api.postAuthenticated("/leads/" + leadId + "/close", "{\"outcome\": \"" + outcome + "\"}");
    }

    private static int events(JsonNode lead, String event) {
        int count = 0;
        for (JsonNode entry : lead.path("history")) {
            if (event.equals(entry.path("event").asText())) {
                count++;
            }
        }
        return count;
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8);
    }

    /** The status, the contract's error body, and nothing internal in it. */
    static void assertError(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("content-type").orElse(null));
        JsonNode errors = Json.parse(response.body()).path("errors");
        assertTrue(errors.isArray() && !errors.isEmpty(), response.body());
        for (JsonNode error : errors) {
            assertTrue(error.has("field") && error.path("message").isTextual(), response.body());
            assertNotEquals("", error.path("message").asText());
        }
        assertNoLeak(response);
    }

    static void assertNoLeak(HttpResponse<String> response) {
        for (String leak : LEAKS) {
            assertFalse(response.body().contains(leak), "response shows \"" + leak + "\": " + response.body());
        }
    }
}
