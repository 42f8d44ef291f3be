package dev.leadrouter.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepValidatorTest {

    private static List<String> problems(String json) {
        return RepValidator.problems((ObjectNode) Json.parse(json));
    }

    @Test
    void contractExampleIsValid() {
        assertEquals(List.of(), problems("""
                { "repId": "r-anna", "name": "Anna Schmidt", "email": "anna@example.com",
                  "teams": ["emea-enterprise"], "active": true, "capacity": 25, "openLeads": 0,
                  "weight": 1, "skills": ["de", "analytics"], "timezone": "Europe/Berlin",
                  "workingHours": {"mon": "09:00-17:00", "Tuesday": "09:00-12:00, 13:00-17:00", "fri": "22:00-06:00",
                                   "sat": "18:00-24:00"},
                  "awayUntil": "2026-12-01T00:00:00Z", "notes": "anything else is kept" }"""));
        assertEquals(List.of(), problems("""
                {"repId": "r-min", "teams": [], "capacity": 0, "weight": 0, "awayUntil": "2026-12-01"}"""));
    }

    @Test
    void missingRequiredAttributes() {
        assertEquals(List.of("missing repId", "missing teams (a list of team names)",
                "missing capacity (most open leads at once, an integer >= 0)"), problems("{}"));
        assertEquals(List.of("missing repId"), problems("{\"repId\": \" \", \"teams\": [\"a\"], \"capacity\": 1}"));
    }

    @Test
    void everyProblemOfAnItemIsReported() {
        assertEquals(List.of(
                "repId must be a text, not 7",
                "teams must be a list of texts, not \"emea\"",
                "active must be true or false, not \"yes\"",
                "capacity must be an integer >= 0, not -1",
                "weight must be an integer >= 0, not 1.5",
                "openLeads must be an integer >= 0, not \"three\"",
                "skills must be a list of texts, not [\"de\",1]",
                "timezone must be an IANA time zone such as \"Europe/Berlin\", not \"Mars/Olympus\"",
                "workingHours: unknown day \"monday-ish\" (expected mon, tue, wed, thu, fri, sat, sun)",
                "workingHours.tue must be ranges \"HH:mm-HH:mm\" separated by commas, not \"9 to 5\"",
                "awayUntil must be an ISO date or date-time such as \"2026-12-01T00:00:00Z\", not \"next week\""),
                problems("""
                        { "repId": 7, "teams": "emea", "active": "yes", "capacity": -1, "weight": 1.5,
                          "openLeads": "three", "skills": ["de", 1], "timezone": "Mars/Olympus",
                          "workingHours": {"monday-ish": "09:00-17:00", "tue": "9 to 5"},
                          "awayUntil": "next week" }"""));
    }

    @Test
    void workingHoursRangesAreChecked() {
        for (String bad : List.of("25:00-26:00", "24:00-06:00", "09:00", "09:00-17:00,", "09:60-10:00", "")) {
            assertEquals(1, problems("{\"repId\": \"r\", \"teams\": [], \"capacity\": 1, \"workingHours\": {\"mon\": \""
                    + bad + "\"}}").size(), bad);
        }
        assertEquals(List.of("workingHours must be an object of day to hours, e.g. {\"mon\": \"09:00-17:00\"}, not [\"mon\"]"),
                problems("{\"repId\": \"r\", \"teams\": [], \"capacity\": 1, \"workingHours\": [\"mon\"]}"));
    }

    @Test
    void wholeNumbersWrittenWithDecimalsAreIntegers() {
        assertEquals(List.of(), problems("{\"repId\": \"r\", \"teams\": [\"a\"], \"capacity\": 10.0}"));
    }
}
