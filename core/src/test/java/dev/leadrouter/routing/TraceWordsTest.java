package dev.leadrouter.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.Rep;
import dev.leadrouter.domain.RouteChoice;
import dev.leadrouter.domain.Settings;
import dev.leadrouter.domain.Strategy;
import dev.leadrouter.rules.RuleSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TraceWordsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private static ObjectNode trace(List<Rep> reps) {
        Lead lead = new Lead();
        lead.emailDomain = "acme.com";
        RoutingPlan plan = new RoutingPlanner(new Random(7)).plan(lead, Optional.empty(),
                Optional.of(new RouteChoice("emea", "emea", Strategy.ROUND_ROBIN, List.of())), Settings.DEFAULTS, reps,
                NOW, Set.of());
        return TraceWords.render(plan.trace(), List.of(new RuleSet.RuleTried("dach", 5, "dach", false),
                new RuleSet.RuleTried("emea", 10, "emea", true)));
    }

    private static JsonNode candidate(JsonNode trace, String repId) {
        for (JsonNode candidate : trace.path("candidates")) {
            if (candidate.path("repId").asText().equals(repId)) {
                return candidate;
            }
        }
        throw new AssertionError("no candidate " + repId + " in " + trace);
    }

    @Test
    void aLostTieNamesEveryoneInTheDraw() {
        ObjectNode trace = trace(List.of(Reps.rep("r-sam", "emea"), Reps.rep("r-priya", "emea"), Reps.rep("r-li", "emea")));
        String chosen = trace.path("repId").asText();
        JsonNode loser = null;
        for (JsonNode candidate : trace.path("candidates")) {
            if (!candidate.path("chosen").asBoolean()) {
                loser = candidate;
            }
        }
        assertTrue(loser.path("reason").asText().startsWith("LOST_TIE"), loser.toString());
        String why = loser.path("why").asText();
        assertTrue(why.startsWith("tie with ") && why.contains(chosen) && why.contains(", drawn at random"), why);
        assertTrue(candidate(trace, chosen).path("why").asText().startsWith("chosen: tie with "), trace.toString());
    }

    @Test
    void rulesTriedAreListedInOrderAndTheDecisionIsToldInSentences() {
        Rep full = Reps.rep("r-full", "emea");
        full.capacity = 2;
        full.openLeads = 2;
        Rep away = Reps.rep("r-away", "emea");
        away.awayUntil = "2026-12-01T00:00:00Z";
        ObjectNode trace = trace(List.of(full, away, Reps.rep("r-ok", "emea")));
        assertEquals("[{\"ruleId\":\"dach\",\"priority\":\"5\",\"team\":\"dach\",\"matched\":false},"
                + "{\"ruleId\":\"emea\",\"priority\":\"10\",\"team\":\"emea\",\"matched\":true}]", trace.path("rulesTried").toString());
        assertEquals("at capacity (2 of 2 open leads)", candidate(trace, "r-full").path("why").asText());
        assertEquals("away until 2026-12-01T00:00:00Z", candidate(trace, "r-away").path("why").asText());
        List<String> lines = new ArrayList<>();
        trace.path("explanation").forEach(line -> lines.add(line.asText()));
        assertEquals("Rule dach (priority 5) did not match.", lines.get(0));
        assertEquals("Rule emea (priority 10) matched: team emea.", lines.get(1));
        assertEquals("Assigned to r-ok via emea (team emea, ROUND_ROBIN): longest since their last lead (never served).",
                lines.getLast());
    }
}
