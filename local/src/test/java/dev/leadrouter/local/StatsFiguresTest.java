package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.json.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code GET /stats} figures of a known run: leads submitted here, counted from the start of the run. */
@Tag("end-to-end")
class StatsFiguresTest extends OnSharedStack {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void figuresMatchAKnownRun() {
        Instant since = Instant.now().minusMillis(1);
        // Warm leads outside every territory: the always-staffed catch-all team takes them (least loaded).
        List<String> assigned = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            assigned.add(submit("""
                    {"email": "stats-%s@example-stats.com", "country": "BR", "employees": 1500, "title": "Head of Ops",
                     "source": "%s"}""".formatted(UUID.randomUUID(), i < 4 ? "EVENT" : "CHAT")));
        }
        String cold = submit("""
                {"email": "stats-%s@gmail.com", "country": "BR", "employees": 2, "source": "EVENT"}""".formatted(UUID.randomUUID()));
        String disqualified = submit("""
                {"email": "stats-%s@college.edu", "source": "REFERRAL"}""".formatted(UUID.randomUUID()));

        List<Long> speeds = new ArrayList<>();
        for (String leadId : assigned) {
            JsonNode lead = api.awaitStatus(leadId, "ASSIGNED", TIMEOUT);
            assertEquals("smb-inbound", lead.path("assignment").path("team").asText(), lead.toString());
            speeds.add(Duration.between(Instant.parse(lead.path("receivedAt").asText()),
                    Instant.parse(lead.path("assignment").path("assignedAt").asText())).toMillis());
        }
        api.awaitStatus(cold, "NURTURE", TIMEOUT);
        api.awaitStatus(disqualified, "DISQUALIFIED", TIMEOUT);

        HttpResponse<String> response = api.getAuthenticated("/stats?since=" + since);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode stats = Json.parse(response.body());

        assertEquals(since.toString(), stats.path("since").asText());
        assertEquals(8, stats.path("leads").asInt(), stats.toString());
        assertEquals(5, stats.path("bySource").path("EVENT").asInt());
        assertEquals(2, stats.path("bySource").path("CHAT").asInt());
        assertEquals(1, stats.path("bySource").path("REFERRAL").asInt());
        assertEquals(0, stats.path("bySource").path("WEB_FORM").asInt());
        assertEquals(6, stats.path("byStatus").path("ASSIGNED").asInt());
        assertEquals(1, stats.path("byStatus").path("NURTURE").asInt());
        assertEquals(1, stats.path("byStatus").path("DISQUALIFIED").asInt());
        assertEquals(0, stats.path("grades").path("HOT").asInt());
        assertEquals(6, stats.path("grades").path("WARM").asInt());
        assertTrue(stats.path("grades").path("COLD").asInt() >= 1); // the disqualified lead may be graded too

        JsonNode assignments = stats.path("assignments");
        assertEquals(6, assignments.path("leads").asInt());
        assertEquals(Json.MAPPER.valueToTree(Map.of("smb-inbound", 6)), assignments.path("byTeam"));
        assertEquals(Json.MAPPER.valueToTree(Map.of("LEAST_LOADED", 6)), assignments.path("byStrategy"));
        int byRep = 0;
        for (JsonNode count : assignments.path("byRep")) {
            byRep += count.asInt();
        }
        assertEquals(6, byRep);

        List<Long> sorted = speeds.stream().sorted().toList();
        JsonNode speed = stats.path("speedToLeadMs");
        assertEquals(6, speed.path("count").asInt());
        assertEquals(sorted.get(2), speed.path("p50").asLong(), speed.toString()); // nearest rank: ceil(0.5 * 6) = 3rd
        assertEquals(sorted.get(5), speed.path("p90").asLong());
        assertEquals(sorted.get(5), speed.path("p99").asLong());
        assertEquals(sorted.get(5), speed.path("max").asLong());
        assertTrue(sorted.get(5) < TIMEOUT.toMillis());

        assertEquals(0, stats.path("parked").asInt());
        assertEquals(0, stats.path("reassignments").asInt());
        assertEquals(Json.parse("{\"leads\": 0, \"assignedLeads\": 6, \"rate\": 0.0}"), stats.path("slaMisses"));
        for (String queue : List.of("crm-import", "qualification", "routing")) {
            assertTrue(stats.path("deadLetterQueues").path(queue).isInt(), stats.path("deadLetterQueues").toString());
        }

        JsonNode everything = Json.parse(api.getAuthenticated("/stats").body());
        assertTrue(everything.path("leads").asInt() >= 8);
        assertTrue(!everything.has("since"));
    }

    @Test
    void badSinceIsRejected() {
        HttpResponse<String> response = api.getAuthenticated("/stats?since=yesterday");
        assertEquals(400, response.statusCode());
        assertEquals("since", Json.parse(response.body()).path("errors").path(0).path("field").asText());
        assertEquals(200, api.getAuthenticated("/stats?since=2026-01-01").statusCode());
    }

    private static String submit(String body) {
        HttpResponse<String> response = api.post("/leads", body);
        assertEquals(202, response.statusCode(), response.body());
        return Json.parse(response.body()).path("leadId").asText();
    }
}
