package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.cli.OpsCli;
import dev.leadrouter.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /routing/simulate} and {@code simulate FILE} decide like the pipeline and write nothing anywhere. */
@Tag("end-to-end")
@ExtendWith(StackExtension.class)
class SimulateWritesNothingTest {
    private static final Duration QUIET_INTERVAL = Duration.ofMillis(1500);
    private static final Duration QUIET_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void simulationsLeaveEveryTableAndQueueAsTheyWere(LocalStack stack, ApiClient api) throws Exception {
        String email = "sim-" + UUID.randomUUID() + "@globex-sim.com";
        String existing = submit(api, """
                {"email": "%s", "company": "Globex Sim", "country": "BR", "employees": 1500,
                 "title": "VP Sales", "source": "EVENT"}""".formatted(email));
        api.awaitStatus(existing, "ASSIGNED", Duration.ofSeconds(30));

        List<String> bodies = List.of(
                // an enterprise lead for a round-robin team: real routing would move the team's turn
                """
                {"email": "%s", "company": "Bigcorp", "country": "DE", "employees": 5000, "title": "CTO",
                 "industry": "Software", "language": "de"}""".formatted("sim-" + UUID.randomUUID() + "@bigcorp-sim.de"),
                // the owner of an account
                """
                {"email": "%s", "company": "Globex", "country": "US", "employees": 20000}"""
                        .formatted("sim-" + UUID.randomUUID() + "@globex.com"),
                // cold: nurture
                """
                {"email": "%s", "country": "BR", "employees": 3}""".formatted("sim-" + UUID.randomUUID() + "@gmail.com"),
                // disqualified
                """
                {"email": "%s", "employees": 50000}""".formatted("sim-" + UUID.randomUUID() + "@campus.edu"),
                // a duplicate of an open lead
                """
                {"email": "%s", "country": "BR", "employees": 1500, "title": "VP Sales"}""".formatted(email));

        List<String> differences = new ArrayList<>();
        for (int attempt = 0; attempt < 3; attempt++) {
            StackSnapshot before = StackSnapshot.quiet(stack, QUIET_INTERVAL, QUIET_TIMEOUT);
            List<JsonNode> reports = new ArrayList<>();
            for (String body : bodies) {
                HttpResponse<String> response = api.postAuthenticated("/routing/simulate", body);
                assertEquals(200, response.statusCode(), response.body());
                reports.add(Json.parse(response.body()));
            }
            assertEquals(400, api.postAuthenticated("/routing/simulate", "{\"country\": \"DE\"}").statusCode());
            JsonNode fromCli = simulateWithCli(stack, bodies.get(1));
            StackSnapshot after = StackSnapshot.take(stack);

            checkReports(reports, existing);
            assertEquals("ASSIGNED", fromCli.path("outcome").asText(), fromCli.toString());
            assertEquals("ACCOUNT_OWNER", fromCli.path("assignment").path("strategy").asText());
            if (before.equals(after)) {
                return;
            }
            // Something else may have moved meanwhile (a parked lead's retry); a write by the
            // simulation would show on every attempt.
            differences.add(before.differencesFrom(after));
        }
        fail("the stack changed during every simulation:\n" + String.join("\n---\n", differences));
    }

    @Test
    void aPersonWhoseLeadWasClosedSimulatesAsANewLead(ApiClient api) {
        String email = "sim-" + UUID.randomUUID() + "@closed-sim.com";
        String body = """
                {"email": "%s", "company": "Closed Sim", "country": "BR", "employees": 1500, "title": "VP Sales"}"""
                .formatted(email);
        String closed = submit(api, body);
        api.awaitStatus(closed, "ASSIGNED", Duration.ofSeconds(30));
        HttpResponse<String> close = api.postAuthenticated("/leads/" + closed + "/close", "{\"outcome\": \"LOST\"}");
        assertEquals(200, close.statusCode(), close.body());

        // The closed lead keeps its claim on the email; intake takes it over, so the simulation names no duplicate.
        HttpResponse<String> response = api.postAuthenticated("/routing/simulate", body);
        assertEquals(200, response.statusCode(), response.body());
        assertFalse(Json.parse(response.body()).has("duplicateOf"), response.body());
    }

    private static void checkReports(List<JsonNode> reports, String existingLeadId) {
        JsonNode enterprise = reports.get(0);
        assertTrue(List.of("ASSIGNED", "UNASSIGNED").contains(enterprise.path("outcome").asText()), enterprise.toString());
        assertTrue(enterprise.path("qualification").path("score").asInt() >= 60, enterprise.toString());
        assertEquals("HOT", enterprise.path("lead").path("grade").asText());
        assertTrue(enterprise.path("routing").path("candidates").size() > 0, enterprise.toString());

        JsonNode owner = reports.get(1);
        assertEquals("ASSIGNED", owner.path("outcome").asText(), owner.toString());
        assertEquals("r-maya", owner.path("assignment").path("repId").asText());
        assertEquals("ACCOUNT_OWNER", owner.path("assignment").path("strategy").asText());

        assertEquals("NURTURE", reports.get(2).path("outcome").asText(), reports.get(2).toString());
        assertFalse(reports.get(2).has("routing"));
        assertEquals("DISQUALIFIED", reports.get(3).path("outcome").asText(), reports.get(3).toString());
        assertEquals(existingLeadId, reports.get(4).path("duplicateOf").asText(), reports.get(4).toString());
    }

    private JsonNode simulateWithCli(LocalStack stack, String body) throws Exception {
        Path lead = Files.writeString(dir.resolve("lead-" + UUID.randomUUID() + ".json"), body);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = OpsCli.run(List.of("simulate", lead.toString(), "--endpoint", stack.dynamoDbEndpoint().toString()),
                Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(OpsCli.OK, exit, err.toString(StandardCharsets.UTF_8));
        return Json.parse(out.toString(StandardCharsets.UTF_8));
    }

    private static String submit(ApiClient api, String body) {
        HttpResponse<String> response = api.post("/leads", body);
        assertEquals(202, response.statusCode(), response.body());
        return Json.parse(response.body()).path("leadId").asText();
    }
}
