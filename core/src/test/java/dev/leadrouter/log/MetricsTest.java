package dev.leadrouter.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Assignment;
import dev.leadrouter.domain.Grade;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.LeadStatus;
import dev.leadrouter.domain.Source;
import dev.leadrouter.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @BeforeEach
    void capture() {
        Log.redirect(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        Log.redirect(System.out);
    }

    @Test
    void lineFollowsTheEmbeddedMetricFormat() {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("Team", "emea");
        dimensions.put("Strategy", "ROUND_ROBIN");
        ObjectNode line = Metrics.line(Instant.ofEpochMilli(1_700_000_000_123L), dimensions, List.of(
                new Metrics.Metric("LeadAssigned", 1, Metrics.Unit.COUNT),
                new Metrics.Metric("SpeedToLead", 1500, Metrics.Unit.MILLISECONDS)));

        assertEquals(Json.parse("""
                {"_aws":{"Timestamp":1700000000123,"CloudWatchMetrics":[{"Namespace":"LeadRouter",
                  "Dimensions":[["Team","Strategy"],[]],
                  "Metrics":[{"Name":"LeadAssigned","Unit":"Count"},{"Name":"SpeedToLead","Unit":"Milliseconds"}]}]},
                 "Team":"emea","Strategy":"ROUND_ROBIN","LeadAssigned":1,"SpeedToLead":1500}
                """).toString(), line.toString());
    }

    @Test
    void metricWithoutDimensionsHasOnlyTheTotalsSet() {
        ObjectNode line = Metrics.line(Instant.EPOCH, Map.of(), List.of(new Metrics.Metric("LeadParked", 1, Metrics.Unit.COUNT)));
        assertEquals(Json.parse("[[]]"), line.at("/_aws/CloudWatchMetrics/0/Dimensions"));
        assertEquals(1, line.get("LeadParked").asInt());
    }

    @Test
    void eventsWriteOneJsonLineEachToTheLogOutput() {
        Metrics.leadReceived(Source.WEB_FORM);
        Metrics.leadQualified(Grade.HOT, LeadStatus.QUALIFIED);
        Metrics.leadClosed("WON");
        Metrics.deadLettered("http://localhost:9324/000000000000/lead-router-crm-import-dlq");

        List<JsonNode> lines = lines();
        assertEquals(4, lines.size());
        assertEquals("WEB_FORM", lines.get(0).get("Source").asText());
        assertEquals(1, lines.get(0).get("LeadReceived").asInt());
        assertEquals("HOT", lines.get(1).get("Grade").asText());
        assertEquals("QUALIFIED", lines.get(1).get("Status").asText());
        assertEquals("WON", lines.get(2).get("Outcome").asText());
        assertEquals("lead-router-crm-import-dlq", lines.get(3).get("Queue").asText());
        for (JsonNode line : lines) {
            assertEquals("LeadRouter", line.at("/_aws/CloudWatchMetrics/0/Namespace").asText());
        }
    }

    @Test
    void firstAssignmentCarriesSpeedToLeadWithoutPersonalData() {
        Lead lead = assignedLead();

        Metrics.leadAssigned(lead);

        JsonNode line = lines().get(0);
        assertEquals(1, line.get("LeadAssigned").asInt());
        assertEquals(90_000, line.get("SpeedToLead").asLong());
        assertEquals("emea", line.get("Team").asText());
        assertEquals("WEIGHTED", line.get("Strategy").asText());
        String text = captured.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("jane@acme.com") || text.contains("+4930123456"), text);
    }

    @Test
    void reassignmentCountsButHasNoSpeedToLead() {
        Lead lead = assignedLead();
        lead.assignment = new Assignment("r-bob", "bob@example.com", "emea", "rule-1", "WEIGHTED",
                "2026-01-01T10:20:00Z", true);
        lead.addHistory("2026-01-01T10:20:00Z", "REASSIGNED", "to r-bob");

        Metrics.leadAssigned(lead);

        JsonNode line = lines().get(0);
        assertEquals(1, line.get("LeadAssigned").asInt());
        assertFalse(line.has("SpeedToLead"));
    }

    @Test
    void missingDimensionValueIsWrittenAsNone() {
        Metrics.leadDuplicate(null);
        assertEquals("NONE", lines().get(0).get("Source").asText());
    }

    private static Lead assignedLead() {
        Lead lead = new Lead();
        lead.leadId = "lead-1";
        lead.email = "jane@acme.com";
        lead.phone = "+4930123456";
        lead.receivedAt = "2026-01-01T10:00:00Z";
        lead.addHistory("2026-01-01T10:00:00Z", "RECEIVED", "from WEB_FORM");
        lead.addHistory("2026-01-01T10:01:30Z", "ASSIGNED", "to r-anna");
        lead.assignment = new Assignment("r-anna", "anna@example.com", "emea", "rule-1", "WEIGHTED",
                "2026-01-01T10:01:30Z", false);
        return lead;
    }

    private List<JsonNode> lines() {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(Json.parse(line));
                assertTrue(line.startsWith("{\"_aws\""), line);
            }
        }
        return lines;
    }
}
