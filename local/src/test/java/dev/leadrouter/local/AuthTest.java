package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.json.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every route but intake's needs the API token; the check runs before the function, so a request
 * without it changes nothing; intake's routes answer without one, whatever Authorization says.
 */
@Tag("end-to-end")
class AuthTest extends OnSharedStack {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Authorization headers that must not pass: none, wrong tokens, other schemes. */
    private static final List<String> BAD_AUTHORIZATIONS = List.of(
            "",
            "Bearer wrong-token",
            "Bearer " + TestStack.API_TOKEN + "x",
            "Bearer x" + TestStack.API_TOKEN,
            "Bearer " + TestStack.API_TOKEN.substring(1),
            "Bearer",
            "Bearer ",
            "Basic " + TestStack.API_TOKEN,
            "Token " + TestStack.API_TOKEN,
            "Bearer:" + TestStack.API_TOKEN,
            TestStack.API_TOKEN);

    /** A protected route: method, path and a body that would be valid with the token. */
    private record Call(String method, String path, String body) {
        HttpResponse<String> send(String authorization) {
            String[] headers = authorization.isEmpty() ? new String[0] : new String[]{"authorization", authorization};
            return method.equals("GET") ? api.get(path, headers) : api.post(path, body, headers);
        }
    }

    /** A lead of the shared stack, once assigned. */
    private static String assignedLead() {
        HttpResponse<String> response = api.post("/leads", """
                {"email": "auth-%s@example-auth.com", "country": "BR", "employees": 1500, "title": "Head of Ops"}"""
                .formatted(UUID.randomUUID()));
        assertEquals(202, response.statusCode(), response.body());
        String leadId = Json.parse(response.body()).path("leadId").asText();
        api.awaitStatus(leadId, "ASSIGNED", TIMEOUT);
        return leadId;
    }

    private static List<Call> protectedCalls(String leadId) {
        String assignee = view(leadId).path("assignment").path("repId").asText();
        return List.of(
                new Call("GET", "/leads/" + leadId, null),
                new Call("POST", "/leads/" + leadId + "/accept", "{\"repId\": \"" + assignee + "\"}"),
                new Call("POST", "/leads/" + leadId + "/close", "{\"outcome\": \"WON\"}"),
                new Call("POST", "/routing/simulate", "{\"email\": \"auth-sim@example-auth.com\", \"country\": \"BR\"}"),
                new Call("GET", "/rules/validation", null),
                new Call("GET", "/stats", null));
    }

    @Test
    void everyProtectedRouteAnswers401WithoutTheRightBearerToken() {
        String leadId = assignedLead();
        List<String> failures = new ArrayList<>();
        for (Call call : protectedCalls(leadId)) {
            for (String authorization : BAD_AUTHORIZATIONS) {
                HttpResponse<String> response = call.send(authorization);
                if (response.statusCode() != 401) {
                    failures.add(call.method() + " " + call.path() + " with \"" + authorization + "\": "
                            + response.statusCode() + " " + response.body());
                    continue;
                }
                assertContractError(response);
                assertEquals("Bearer", response.headers().firstValue("www-authenticate").orElse(null));
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));

        JsonNode lead = view(leadId);
        assertEquals("ASSIGNED", lead.path("status").asText(), "no rejected request reached the lead");
        assertTrue(lead.path("history").toString().contains("ASSIGNED"));
        assertFalse(lead.path("history").toString().contains("CLOSED"), lead.path("history").toString());
    }

    @Test
    void unknownLeadsAre401NotFoundOnlyWithTheToken() {
        String unknown = "/leads/" + UUID.randomUUID();
        LeadLifecycleEndToEndTest.assertError(401, api.get(unknown));
        LeadLifecycleEndToEndTest.assertError(401, api.post(unknown + "/close", "{\"outcome\": \"WON\"}"));
        LeadLifecycleEndToEndTest.assertError(404, api.getAuthenticated(unknown));
    }

    @Test
    void theRightTokenPassesEveryProtectedRoute() {
        String leadId = assignedLead();
        for (Call call : protectedCalls(leadId)) {
            HttpResponse<String> response = call.send("Bearer " + TestStack.API_TOKEN);
            assertEquals(200, response.statusCode(), call + ": " + response.body());
        }
        assertEquals("CLOSED", view(leadId).path("status").asText());
    }

    @Test
    void publicRoutesNeedNoToken() {
        for (String authorization : List.of("", "Bearer wrong-token", "Basic abc")) {
            String[] headers = authorization.isEmpty() ? new String[0] : new String[]{"authorization", authorization};
            HttpResponse<String> lead = api.post("/leads", "{\"email\": \"auth-public-%s@example-auth.com\"}"
                    .formatted(UUID.randomUUID()), headers);
            assertEquals(202, lead.statusCode(), lead.body());

            HttpResponse<String> health = api.get("/health", headers);
            assertEquals(200, health.statusCode(), health.body());
            assertEquals("ok", Json.parse(health.body()).path("status").asText());

            HttpResponse<String> handshake = api.get("/webhooks/meta?hub.mode=subscribe&hub.verify_token="
                    + TestStack.META_VERIFY_TOKEN + "&hub.challenge=challenge-42", headers);
            assertEquals(200, handshake.statusCode(), handshake.body());
            assertEquals("challenge-42", handshake.body());

            // Each webhook checks its platform's own secret or shape, never the API token.
            assertAnsweredByTheFunction(api.post("/webhooks/google-ads", "{\"google_key\": \"wrong\"}", headers),
                    "google_key");
            assertAnsweredByTheFunction(api.post("/webhooks/meta", "{\"entry\": []}", headers),
                    "X-Hub-Signature-256");
            HttpResponse<String> hubSpot = api.post("/webhooks/hubspot", "{}", headers);
            assertTrue(hubSpot.statusCode() < 500, hubSpot.body());
            assertNotEquals("authorization", Json.parse(hubSpot.body()).path("errors").path(0).path("field").asText(),
                    hubSpot.body());
        }
    }

    private static void assertAnsweredByTheFunction(HttpResponse<String> response, String checkedField) {
        assertEquals(401, response.statusCode(), response.body());
        assertEquals(checkedField, Json.parse(response.body()).path("errors").path(0).path("field").asText(),
                response.body());
    }

    private static void assertContractError(HttpResponse<String> response) {
        LeadLifecycleEndToEndTest.assertError(401, response);
        JsonNode error = Json.parse(response.body()).path("errors").path(0);
        assertEquals("authorization", error.path("field").asText(), response.body());
        assertFalse(response.body().contains(TestStack.API_TOKEN), "the token is never echoed");
    }

    private static JsonNode view(String leadId) {
        HttpResponse<String> response = api.getAuthenticated("/leads/" + leadId);
        assertEquals(200, response.statusCode(), response.body());
        return Json.parse(response.body());
    }
}
