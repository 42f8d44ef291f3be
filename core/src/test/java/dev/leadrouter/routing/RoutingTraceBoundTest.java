package dev.leadrouter.routing;

import static dev.leadrouter.routing.Reps.rep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.Rep;
import dev.leadrouter.domain.RouteChoice;
import dev.leadrouter.domain.Notify;
import dev.leadrouter.domain.Settings;
import dev.leadrouter.domain.Strategy;
import dev.leadrouter.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The routing trace is stored on the lead: for a very large team it stays small. */
class RoutingTraceBoundTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void aVeryLargeTeamIsTracedAsTheChosenRepTheRunnersUpAndCountsByReason() {
        List<Rep> reps = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            Rep rep = rep(String.format("r-%04d", i), "emea");
            if (i % 2 == 0) {
                rep.awayUntil = NOW.plusSeconds(3600).toString();
            }
            reps.add(rep);
        }
        Lead lead = new Lead();
        lead.leadId = "l-1";
        lead.email = "jane@example.com";
        RoutingPlan plan = new RoutingPlanner(new SplittableRandom(7)).plan(lead, Optional.empty(),
                Optional.of(new RouteChoice("emea", "emea", Strategy.ROUND_ROBIN, List.of())),
                new Settings(60, 30, "sales", 900, 60, Notify.NONE), reps, NOW, Set.of());

        JsonNode trace = plan.trace();
        JsonNode candidates = trace.path("candidates");
        assertEquals(RoutingPlanner.MAX_TRACED_CANDIDATES, candidates.size());
        assertTrue(candidates.get(0).path("chosen").asBoolean(), "the chosen rep comes first");
        assertEquals(plan.rep().repId, candidates.get(0).path("repId").asText());
        assertTrue(candidates.get(1).path("eligible").asBoolean(), "then the runners-up");
        JsonNode omitted = trace.path("candidatesOmitted");
        assertEquals(2000 - RoutingPlanner.MAX_TRACED_CANDIDATES, omitted.path("count").asInt());
        int counted = 0;
        for (JsonNode count : omitted.path("byReason")) {
            counted += count.asInt();
        }
        assertEquals(omitted.path("count").asInt(), counted, omitted.toString());
        assertTrue(Json.write(trace).length() < 16 * 1024, "trace of " + Json.write(trace).length() + " characters");
    }
}
