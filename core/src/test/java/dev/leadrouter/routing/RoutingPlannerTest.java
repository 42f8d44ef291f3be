package dev.leadrouter.routing;

import static dev.leadrouter.routing.Reps.rep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leadrouter.domain.Account;
import dev.leadrouter.domain.Lead;
import dev.leadrouter.domain.Rep;
import dev.leadrouter.domain.RouteChoice;
import dev.leadrouter.domain.Notify;
import dev.leadrouter.domain.Settings;
import dev.leadrouter.domain.Strategy;
import dev.leadrouter.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class RoutingPlannerTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Settings FALLBACK_SALES = new Settings(60, 30, "sales", 900, 60, Notify.NONE);
    private static final RouteChoice EMEA_RULE =
            new RouteChoice("emea-enterprise", "emea", Strategy.ROUND_ROBIN, List.of("de"));
    private static final Account ACME = new Account("acme.com", "Acme Corp", "r-owner");

    private final RoutingPlanner planner = new RoutingPlanner(new SplittableRandom(11));

    private static Lead lead() {
        Lead lead = new Lead();
        lead.leadId = "l-1";
        lead.email = "jane@acme.com";
        lead.emailDomain = "acme.com";
        return lead;
    }

    private static Rep german(String repId, String... teams) {
        Rep rep = rep(repId, teams);
        rep.skills = List.of("de");
        return rep;
    }

    private RoutingPlan plan(Optional<Account> account, Optional<RouteChoice> rule, Settings settings, List<Rep> reps,
                             Set<String> excluded) {
        return planner.plan(lead(), account, rule, settings, reps, NOW, excluded);
    }

    private static List<JsonNode> candidates(RoutingPlan plan) {
        return StreamSupport.stream(plan.trace().get("candidates").spliterator(), false).toList();
    }

    private static JsonNode candidate(RoutingPlan plan, String step, String repId) {
        return candidates(plan).stream()
                .filter(node -> node.get("step").asText().equals(step) && node.get("repId").asText().equals(repId))
                .findFirst().orElseThrow(() -> new AssertionError(step + " " + repId + " not in " + plan.trace()));
    }

    @Test
    void accountOwnerBeatsTheRuleEvenWhenFullAndOffDuty() {
        Rep owner = rep("r-owner", "named-accounts", "emea");
        owner.capacity = 2;
        owner.openLeads = 2;
        owner.workingHours = Map.of("sun", "09:00-17:00");
        RoutingPlan plan = plan(Optional.of(ACME), Optional.of(EMEA_RULE), FALLBACK_SALES,
                List.of(owner, german("r-anna", "emea")), Set.of());

        assertTrue(plan.assigned());
        assertSame(owner, plan.rep());
        assertEquals(new RouteChoice("account:acme.com", "named-accounts", Strategy.ACCOUNT_OWNER, List.of()), plan.route());
        assertFalse(plan.capacityEnforced());
        assertNull(plan.turn());

        ObjectNode trace = plan.trace();
        assertEquals(Json.parse("""
                {"domain": "acme.com", "accountName": "Acme Corp", "ownerRepId": "r-owner", "result": "ASSIGNED"}"""),
                trace.get("account"));
        assertEquals("emea-enterprise", trace.get("rule").get("ruleId").asText());
        assertEquals("NOT_NEEDED", trace.get("rule").get("result").asText());
        assertFalse(trace.get("fallback").get("used").asBoolean());
        assertEquals(Json.parse("""
                {"step": "account", "repId": "r-owner", "team": "named-accounts", "eligible": true,
                 "chosen": true, "reason": "ACCOUNT_OWNER"}"""), candidate(plan, "account", "r-owner"));
        assertEquals(1, candidates(plan).size());
        assertEquals("ASSIGN", trace.get("outcome").asText());
        assertEquals("ACCOUNT_OWNER", trace.get("strategy").asText());
    }

    @Test
    void anInactiveOwnerFallsThroughToTheRule() {
        Rep owner = rep("r-owner", "emea");
        owner.active = false;
        RoutingPlan plan = plan(Optional.of(ACME), Optional.of(EMEA_RULE), FALLBACK_SALES,
                List.of(owner, german("r-anna", "emea")), Set.of());

        assertEquals("r-anna", plan.rep().repId);
        assertEquals(EMEA_RULE, plan.route());
        assertTrue(plan.capacityEnforced());
        assertEquals("INACTIVE", plan.trace().get("account").get("result").asText());
        assertEquals("INACTIVE", candidate(plan, "account", "r-owner").get("reason").asText());
        assertEquals("INACTIVE", candidate(plan, "rule", "r-owner").get("reason").asText());
        assertEquals("ASSIGNED", plan.trace().get("rule").get("result").asText());
    }

    @Test
    void anOwnerWhoMissedTheSlaOrIsUnknownDoesNotGetTheLead() {
        Rep owner = german("r-owner", "emea");
        RoutingPlan excluded = plan(Optional.of(ACME), Optional.of(EMEA_RULE), FALLBACK_SALES, List.of(owner), Set.of("r-owner"));
        assertFalse(excluded.assigned());
        assertEquals("MISSED_SLA", excluded.trace().get("account").get("result").asText());

        RoutingPlan unknown = plan(Optional.of(new Account("acme.com", "Acme", "r-gone")), Optional.of(EMEA_RULE),
                FALLBACK_SALES, List.of(owner), Set.of());
        assertEquals("OWNER_NOT_FOUND", unknown.trace().get("account").get("result").asText());
        assertEquals("r-owner", unknown.rep().repId);
    }

    @Test
    void ruleTeamWithNobodyEligibleFallsBackWithoutTheRulesSkills() {
        Rep anna = german("r-anna", "emea");
        anna.awayUntil = "2026-12-01T00:00:00Z";
        Rep bob = rep("r-bob", "emea");
        Rep sam = rep("r-sam", "sales");
        RoutingPlan plan = plan(Optional.empty(), Optional.of(EMEA_RULE), FALLBACK_SALES, List.of(anna, bob, sam), Set.of());

        assertSame(sam, plan.rep());
        assertEquals(new RouteChoice("fallback", "sales", Strategy.ROUND_ROBIN, List.of()), plan.route());
        assertEquals(new Turn(Rep.TURNS, "sales", false, null, 1), plan.turn());

        ObjectNode trace = plan.trace();
        assertEquals("NO_ACCOUNT", trace.get("account").get("result").asText());
        assertEquals("NO_ELIGIBLE_REP (2 in team)", trace.get("rule").get("result").asText());
        assertEquals(Json.parse("""
                {"used": true, "team": "sales", "strategy": "ROUND_ROBIN", "result": "ASSIGNED"}"""), trace.get("fallback"));
        assertEquals(Json.parse("""
                {"step": "rule", "repId": "r-anna", "team": "emea", "eligible": false, "chosen": false,
                 "reason": "AWAY until 2026-12-01T00:00:00Z"}"""), candidate(plan, "rule", "r-anna"));
        assertEquals("LACKS_SKILL de", candidate(plan, "rule", "r-bob").get("reason").asText());
        assertTrue(candidate(plan, "fallback", "r-sam").get("chosen").asBoolean());
        assertEquals(3, candidates(plan).size());
    }

    @Test
    void theRulesOwnTeamServesAsFallbackWithoutItsSkills() {
        Rep bob = rep("r-bob", "emea");
        RoutingPlan plan = plan(Optional.empty(), Optional.of(EMEA_RULE), new Settings(60, 30, "EMEA", 900, 60, Notify.NONE),
                List.of(bob), Set.of());
        assertSame(bob, plan.rep());
        assertEquals("fallback", plan.route().ruleId());
        assertEquals("LACKS_SKILL de", candidate(plan, "rule", "r-bob").get("reason").asText());
    }

    @Test
    void aFallbackThatWouldRepeatTheRulesTeamIsNotTriedAgain() {
        Rep away = rep("r-bob", "emea");
        away.awayUntil = "2026-12-01";
        RouteChoice noSkills = new RouteChoice("emea-any", "emea", Strategy.ROUND_ROBIN, List.of());
        RoutingPlan plan = plan(Optional.empty(), Optional.of(noSkills), new Settings(60, 30, "emea", 900, 60, Notify.NONE),
                List.of(away), Set.of());
        assertFalse(plan.assigned());
        assertEquals("SAME_AS_RULE_TEAM", plan.trace().get("fallback").get("result").asText());
        assertFalse(plan.trace().get("fallback").get("used").asBoolean());
        assertEquals(1, candidates(plan).size());
    }

    @Test
    void nobodyEligibleAnywhereParksWithEveryReason() {
        Rep anna = german("r-anna", "emea");
        anna.capacity = 25;
        anna.openLeads = 25;
        Rep sam = rep("r-sam", "sales");
        sam.workingHours = Map.of("tue", "09:00-17:00");
        Rep missed = rep("r-max", "sales");
        RoutingPlan plan = plan(Optional.empty(), Optional.of(EMEA_RULE), FALLBACK_SALES,
                List.of(sam, anna, missed), Set.of("r-max"));

        assertEquals(RoutingPlan.Outcome.PARK, plan.outcome());
        assertNull(plan.rep());
        assertNull(plan.turn());
        assertEquals(new RouteChoice("fallback", "sales", Strategy.ROUND_ROBIN, List.of()), plan.route());
        assertEquals("AT_CAPACITY 25/25", candidate(plan, "rule", "r-anna").get("reason").asText());
        assertEquals("OUTSIDE_WORKING_HOURS (UTC mon off, now 12:00)",
                candidate(plan, "fallback", "r-sam").get("reason").asText());
        assertEquals("MISSED_SLA", candidate(plan, "fallback", "r-max").get("reason").asText());
        assertEquals("no eligible rep: rule team emea: NO_ELIGIBLE_REP (1 in team); "
                + "fallback team sales: NO_ELIGIBLE_REP (2 in team)", plan.summary());
        assertEquals("PARK", plan.trace().get("outcome").asText());
        assertEquals(plan.summary(), plan.trace().get("reason").asText());
    }

    @Test
    void withoutRuleOrFallbackTheLeadParks() {
        RoutingPlan plan = plan(Optional.empty(), Optional.empty(), Settings.DEFAULTS, List.of(rep("r-anna", "emea")), Set.of());
        assertFalse(plan.assigned());
        assertNull(plan.route());
        assertEquals("NO_MATCHING_RULE", plan.trace().get("rule").get("result").asText());
        assertEquals("NOT_CONFIGURED", plan.trace().get("fallback").get("result").asText());
        assertEquals("no eligible rep: no matching rule; no fallback team", plan.summary());
        assertEquals(0, candidates(plan).size());
    }

    @Test
    void emptyRuleTeamWithoutFallbackParks() {
        RoutingPlan plan = plan(Optional.empty(), Optional.of(EMEA_RULE), Settings.DEFAULTS, List.of(rep("r-sam", "sales")),
                Set.of());
        assertFalse(plan.assigned());
        assertEquals(EMEA_RULE, plan.route());
        assertEquals("NO_REPS_IN_TEAM", plan.trace().get("rule").get("result").asText());
    }

    @Test
    void withoutARuleTheFallbackTeamTakesTurns() {
        List<Rep> sales = List.of(rep("r-a", "sales"), rep("r-b", "sales"), rep("r-c", "sales"));
        Map<String, Integer> counts = new TreeMap<>();
        for (int lead = 0; lead < 30; lead++) {
            RoutingPlan plan = plan(Optional.empty(), Optional.empty(), FALLBACK_SALES, sales, Set.of());
            assertEquals(Strategy.ROUND_ROBIN, plan.route().strategy());
            Reps.take(plan.rep(), plan.turn());
            counts.merge(plan.rep().repId, 1, Integer::sum);
        }
        assertEquals(Map.of("r-a", 10, "r-b", 10, "r-c", 10), counts);
        sales.forEach(rep -> assertEquals(java.math.BigDecimal.TEN, rep.turns.get("sales"), rep.repId));
    }

    @Test
    void traceSaysWhyEligibleRepsLost() {
        RoutingPlan plan = plan(Optional.empty(), Optional.of(EMEA_RULE), FALLBACK_SALES,
                List.of(Reps.withTurns(german("r-anna", "emea"), "emea", 41),
                        Reps.withTurns(german("r-bob", "emea"), "emea", 41),
                        Reps.withTurns(german("r-cleo", "emea"), "emea", 40)), Set.of());

        assertEquals("r-cleo", plan.rep().repId);
        assertEquals(Json.parse("""
                {"step": "rule", "repId": "r-bob", "team": "emea", "eligible": true, "chosen": false,
                 "reason": "NOT_THEIR_TURN (41 turns taken)"}"""), candidate(plan, "rule", "r-bob"));
        assertEquals("LEAST_RECENTLY_SERVED (40 turns taken)", candidate(plan, "rule", "r-cleo").get("reason").asText());
        assertEquals(41, plan.turn().next());
        assertEquals("emea", plan.turn().team());
        assertEquals("r-cleo via emea-enterprise (team emea, ROUND_ROBIN)", plan.summary());
        assertEquals("NOT_NEEDED", plan.trace().get("fallback").get("result").asText());
    }

    @Test
    void leastLoadedLeavesNoStateToWrite() {
        Rep light = german("r-light", "emea");
        light.capacity = 10;
        light.openLeads = 2;
        Rep heavy = german("r-heavy", "emea");
        heavy.capacity = 5;
        heavy.openLeads = 3;
        RouteChoice rule = new RouteChoice("emea-ll", "emea", Strategy.LEAST_LOADED, List.of());
        RoutingPlan plan = plan(Optional.empty(), Optional.of(rule), FALLBACK_SALES, List.of(heavy, light), Set.of());

        assertSame(light, plan.rep());
        assertNull(plan.turn());
        assertEquals("HIGHER_LOAD 0.60 vs 0.20", candidate(plan, "rule", "r-heavy").get("reason").asText());
    }

    @Test
    void weightedTeamWithOnlyZeroWeightsFallsBack() {
        Rep idle = german("r-idle", "emea");
        idle.weight = 0;
        RouteChoice rule = new RouteChoice("emea-w", "emea", Strategy.WEIGHTED, null);
        RoutingPlan plan = plan(Optional.empty(), Optional.of(rule), FALLBACK_SALES, List.of(idle, rep("r-sam", "sales")),
                Set.of());

        assertEquals("r-sam", plan.rep().repId);
        assertEquals(Strategy.WEIGHTED, plan.route().strategy());
        assertEquals("ZERO_WEIGHT", candidate(plan, "rule", "r-idle").get("reason").asText());
        assertTrue(candidate(plan, "rule", "r-idle").get("eligible").asBoolean());
        assertEquals("NO_PICKABLE_REP (1 eligible, all ZERO_WEIGHT)", plan.trace().get("rule").get("result").asText());
    }

    @Test
    void excludedRepsAreSkippedInTheTeamToo() {
        RoutingPlan plan = plan(Optional.empty(), Optional.of(EMEA_RULE), FALLBACK_SALES,
                List.of(german("r-anna", "emea"), german("r-bob", "emea")), Set.of("r-anna"));
        assertEquals("r-bob", plan.rep().repId);
        assertEquals("MISSED_SLA", candidate(plan, "rule", "r-anna").get("reason").asText());
    }

    @Test
    void theOrderInWhichRepsArriveDoesNotChangeTheDecision() {
        List<Rep> reps = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            reps.add(german("r-" + i, "emea"));
        }
        String first = new RoutingPlanner(new SplittableRandom(3)).plan(lead(), Optional.empty(), Optional.of(EMEA_RULE),
                FALLBACK_SALES, reps, NOW, Set.of()).rep().repId;
        Collections.shuffle(reps, new java.util.Random(5));
        String shuffled = new RoutingPlanner(new SplittableRandom(3)).plan(lead(), Optional.empty(), Optional.of(EMEA_RULE),
                FALLBACK_SALES, reps, NOW, Set.of()).rep().repId;
        assertEquals(first, shuffled);
    }

    @Test
    void aRuleAskingForTheAccountOwnerStrategyTakesTurnsInstead() {
        RouteChoice odd = new RouteChoice("odd", "emea", Strategy.ACCOUNT_OWNER, List.of());
        RoutingPlan plan = plan(Optional.empty(), Optional.of(odd), FALLBACK_SALES, List.of(rep("r-anna", "emea")), Set.of());
        assertEquals(Strategy.ROUND_ROBIN, plan.route().strategy());
        assertEquals("r-anna", plan.rep().repId);
    }
}
